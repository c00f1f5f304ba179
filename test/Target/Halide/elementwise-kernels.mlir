// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// Element-wise kernels vectorize the innermost storage dimension (channels,
// for 4-D activations) and parallelize the outermost from 16384 elements on.
// Broadcast operands (per channel, scalar, per column, an activation of
// shape 1xCx1x1) do not change that.

func @elementwise(%x: tensor<1x32x32x32xf32>, %s: tensor<32xf32>, %m: tensor<32xf32>) -> tensor<1x32x1x1xf32> {
  %bias = nn.constant dense<0.5> : tensor<1x32x1x1xf32>
  %two = nn.constant dense<2.0> : tensor<1xf32>
  %col = nn.constant dense<0.25> : tensor<32xf32>
  %0 = nn.relu %x : tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k0: nn.relu at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %1 = nn.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k1: nn.clip at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %2 = nn.sigmoid %1 : tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k2: nn.sigmoid at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %3 = nn.hard_sigmoid %2 : tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k3: nn.hard_sigmoid at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %4 = nn.hard_swish %3 : tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k4: nn.hard_swish at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %5 = nn.add %4, %bias : (tensor<1x32x32x32xf32>, tensor<1x32x1x1xf32>) -> tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k5: nn.add at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %6 = nn.mul %5, %two : (tensor<1x32x32x32xf32>, tensor<1xf32>) -> tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k6: nn.mul at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %7 = nn.sub %6, %col : (tensor<1x32x32x32xf32>, tensor<32xf32>) -> tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k7: nn.sub at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %8 = nn.global_avg_pool %7 : tensor<1x32x32x32xf32> -> tensor<1x32x1x1xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k8: nn.global_avg_pool
  %9 = nn.div %7, %8 : (tensor<1x32x32x32xf32>, tensor<1x32x1x1xf32>) -> tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k9: nn.div at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  // Constant parameters would fold into a mul and an add: these are inputs.
  %10 = nn.batch_norm %9, %s, %m, %m, %s : (tensor<1x32x32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x32x32x32xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k10: nn.batch_norm at
  // CHECK-SAME:    elementwise-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  // The graph's output is row-major 1x32x1x1: its 32 channels are the
  // contiguous dimension.
  %11 = nn.global_avg_pool %10 : tensor<1x32x32x32xf32> -> tensor<1x32x1x1xf32>
  // CHECK-LABEL: // kernel elementwise_kernels_k11: nn.global_avg_pool at
  // CHECK:         produce sum
  // CHECK:         vectorized {{.*}} in [0, 15]
  // CHECK:         consume sum
  // CHECK:         vectorized {{.*}} in [0, 15]
  // CHECK-LABEL: // lowered elementwise_kernels_k0
  return %11 : tensor<1x32x1x1xf32>
}
