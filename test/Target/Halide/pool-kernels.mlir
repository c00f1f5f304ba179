// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// Pooling vectorizes across channels (innermost in storage) and runs output
// rows in parallel when there are at least 4; global average pooling
// accumulates whole channel vectors.

func @pools(%x: tensor<1x32x33x33xf32>) -> tensor<1x10xf32> {
  // SqueezeNet's max pool: 3x3, stride 2, ceil_mode.
  %0 = nn.max_pool2d %x {kernel_shape = [3, 3], strides = [2, 2], ceil_mode = true} : tensor<1x32x33x33xf32> -> tensor<1x32x16x16xf32>
  // CHECK-LABEL: // kernel pool_kernels_k0: nn.max_pool2d at
  // CHECK-SAME:    pool-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]

  // Padded max pool.
  %1 = nn.max_pool2d %0 {kernel_shape = [3, 3], pads = [1, 1, 1, 1]} : tensor<1x32x16x16xf32> -> tensor<1x32x16x16xf32>
  // CHECK-LABEL: // kernel pool_kernels_k1: nn.max_pool2d at
  // CHECK-SAME:    pool-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]

  // Average pool counting the padding, ceil_mode.
  %2 = nn.avg_pool2d %1 {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1], count_include_pad = true, ceil_mode = true} : tensor<1x32x16x16xf32> -> tensor<1x32x9x9xf32>
  // CHECK-LABEL: // kernel pool_kernels_k2: nn.avg_pool2d at
  // CHECK-SAME:    pool-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]

  // Plain average pool.
  %3 = nn.avg_pool2d %2 {kernel_shape = [2, 2], strides = [2, 2]} : tensor<1x32x9x9xf32> -> tensor<1x32x4x4xf32>
  // CHECK-LABEL: // kernel pool_kernels_k3: nn.avg_pool2d at
  // CHECK-SAME:    pool-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]

  %4 = nn.global_avg_pool %3 : tensor<1x32x4x4xf32> -> tensor<1x32x1x1xf32>
  // CHECK-LABEL: // kernel pool_kernels_k4: nn.global_avg_pool at
  // CHECK-SAME:    pool-kernels.mlir:[[@LINE-2]]:
  // CHECK:         produce sum
  // CHECK:         vectorized {{.*}} in [0, 15]
  // CHECK:         consume sum
  // CHECK:         vectorized {{.*}} in [0, 15]

  // The flatten is a view: no kernel.
  %5 = nn.flatten %4 : tensor<1x32x1x1xf32> -> tensor<1x32xf32>
  %w = nn.constant dense<0.1> : tensor<10x32xf32>
  %6 = nn.gemm %5, %w {transB = true} : (tensor<1x32xf32>, tensor<10x32xf32>) -> tensor<1x10xf32>
  // CHECK-LABEL: // kernel pool_kernels_k5: nn.gemm
  // CHECK-LABEL: // lowered pool_kernels_k0
  return %6 : tensor<1x10xf32>
}
