// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s --check-prefixes=CHECK,AVX512
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx2-fma | FileCheck %s --check-prefixes=CHECK,AVX2

// Every convolution kind gets its own schedule: vectorized across output
// channels at the target's natural width (16 lanes for AVX-512, 8 for AVX2),
// and parallel over output rows (or pixel tiles) once there are at least 4.
// Each CHECK-LABEL names the kernel and the line of the op it computes.

func @convs(%x: tensor<1x3x32x32xf32>) -> tensor<1x64x8x8xf32> {
  %w0 = nn.constant dense<0.1> : tensor<16x3x3x3xf32>
  %b0 = nn.constant dense<0.5> : tensor<16xf32>
  %wdw = nn.constant dense<0.2> : tensor<16x1x3x3xf32>
  %wpw = nn.constant dense<0.3> : tensor<32x16x1x1xf32>
  %wg = nn.constant dense<0.05> : tensor<32x8x3x3xf32>
  %wg1 = nn.constant dense<0.07> : tensor<32x8x1x1xf32>
  %sdw = nn.constant dense<0.1> : tensor<32x1x3x3xf32>
  %sdb = nn.constant dense<0.0> : tensor<32xf32>
  %spw = nn.constant dense<0.01> : tensor<64x32x1x1xf32>
  %spb = nn.constant dense<0.0> : tensor<64xf32>

  // A first layer: 3x3, stride 2, 3 input channels, from the NCHW input.
  %0 = nn.conv2d %x, %w0, %b0 {strides = [2, 2], pads = [1, 1, 1, 1], activation = "relu"} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x16x16xf32>
  // CHECK-LABEL: // kernel conv_kernels_k0: nn.conv2d at
  // CHECK-SAME:    conv-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // AVX512:        vectorized {{.*}} in [0, 15]
  // AVX2:          vectorized {{.*}} in [0, 7]

  // Depthwise.
  %1 = nn.conv2d %0, %wdw {group = 16, pads = [1, 1, 1, 1]} : (tensor<1x16x16x16xf32>, tensor<16x1x3x3xf32>) -> tensor<1x16x16x16xf32>
  // CHECK-LABEL: // kernel conv_kernels_k1: nn.conv2d at
  // CHECK-SAME:    conv-kernels.mlir:[[@LINE-2]]:
  // CHECK:         produce depthwise
  // CHECK:         parallel
  // AVX512:        vectorized {{.*}} in [0, 15]
  // AVX2:          vectorized {{.*}} in [0, 7]

  // Keeps the depthwise and pointwise convolutions from fusing.
  %2 = nn.sigmoid %1 : tensor<1x16x16x16xf32>
  // CHECK-LABEL: // kernel conv_kernels_k2: nn.sigmoid

  // Pointwise: a matrix product over (pixels x channels).
  %3 = nn.conv2d %2, %wpw : (tensor<1x16x16x16xf32>, tensor<32x16x1x1xf32>) -> tensor<1x32x16x16xf32>
  // CHECK-LABEL: // kernel conv_kernels_k3: nn.conv2d at
  // CHECK-SAME:    conv-kernels.mlir:[[@LINE-2]]:
  // CHECK:         produce pointwise
  // CHECK:         parallel
  // AVX512:        vectorized {{.*}} in [0, 15]
  // AVX2:          vectorized {{.*}} in [0, 7]

  // Grouped 3x3: one kernel, run per group on channel windows (8 channels
  // each, so 8 lanes on both targets).
  %4 = nn.conv2d %3, %wg {group = 4, pads = [1, 1, 1, 1]} : (tensor<1x32x16x16xf32>, tensor<32x8x3x3xf32>) -> tensor<1x32x16x16xf32>
  // CHECK-LABEL: // kernel conv_kernels_k4: nn.conv2d at
  // CHECK-SAME:    conv-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 7]

  // Grouped 1x1 (ShuffleNet V1): per group, a matrix product.
  %5 = nn.conv2d %4, %wg1 {group = 4} : (tensor<1x32x16x16xf32>, tensor<32x8x1x1xf32>) -> tensor<1x32x16x16xf32>
  // CHECK-LABEL: // kernel conv_kernels_k5: nn.conv2d at
  // CHECK-SAME:    conv-kernels.mlir:[[@LINE-2]]:
  // CHECK:         produce pointwise
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 7]

  // Separable, stride 2: the depthwise row computed inside the pointwise.
  %6 = nn.separable_conv2d %5, %sdw, %sdb, %spw, %spb {strides = [2, 2], pads = [1, 1, 1, 1]} : (tensor<1x32x16x16xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>, tensor<64x32x1x1xf32>, tensor<64xf32>) -> tensor<1x64x8x8xf32>
  // CHECK-LABEL: // kernel conv_kernels_k6: nn.separable_conv2d at
  // CHECK-SAME:    conv-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         produce depthwise
  // AVX512:        vectorized {{.*}} in [0, 15]
  // AVX2:          vectorized {{.*}} in [0, 7]
  // CHECK:         consume depthwise
  // AVX512:        vectorized {{.*}} in [0, 15]
  // AVX2:          vectorized {{.*}} in [0, 7]

  // Keeps the separable convolution's result in the arena, channels last.
  %7 = nn.sigmoid %6 : tensor<1x64x8x8xf32>
  // CHECK-LABEL: // kernel conv_kernels_k7: nn.sigmoid
  // CHECK-LABEL: // lowered conv_kernels_k0
  return %7 : tensor<1x64x8x8xf32>
}
