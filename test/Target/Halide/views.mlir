// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake \
// RUN:   | FileCheck %s --implicit-check-not=nn.concat \
// RUN:       --implicit-check-not=nn.split --implicit-check-not=nn.slice
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake \
// RUN:   | grep -c '^// kernel' | FileCheck %s --check-prefix=COUNT

// No kernel runs for a concat whose inputs are computed by convolutions
// (they write into their window of the concat's buffer), nor for split and
// slice results (windows of their input's buffer). Only the five compute
// ops get kernels, and a copy writes the result, computed channels
// innermost, to the user's NCHW buffer.

// COUNT: 6

func @views(%x: tensor<1x16x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %wa = nn.constant dense<0.1> : tensor<16x16x1x1xf32>
  %wb = nn.constant dense<0.2> : tensor<16x16x3x3xf32>
  %0 = nn.sigmoid %x : tensor<1x16x8x8xf32>
  // CHECK-LABEL: // kernel views_k0: nn.sigmoid
  %1 = nn.conv2d %0, %wa {activation = "relu"} : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  // CHECK-LABEL: // kernel views_k1: nn.conv2d at
  // CHECK-SAME:    views.mlir:[[@LINE-2]]:
  %2 = nn.conv2d %0, %wb {pads = [1, 1, 1, 1]} : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32>
  // CHECK-LABEL: // kernel views_k2: nn.conv2d at
  // CHECK-SAME:    views.mlir:[[@LINE-2]]:
  %3 = nn.concat %1, %2 {axis = 1} : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x32x8x8xf32>
  %4:2 = nn.split %3 {axis = 1} : tensor<1x32x8x8xf32> -> tensor<1x8x8x8xf32>, tensor<1x24x8x8xf32>
  %5 = nn.slice %4#1 {starts = [0, 8, 0, 0], ends = [1, 16, 8, 8], steps = [1, 1, 1, 1]} : tensor<1x24x8x8xf32> -> tensor<1x8x8x8xf32>
  %6 = nn.add %4#0, %5 : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK-LABEL: // kernel views_k3: nn.add at
  // CHECK-SAME:    views.mlir:[[@LINE-2]]:
  %8 = nn.mul %6, %6 : (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK-LABEL: // kernel views_k4: nn.mul at
  // CHECK-SAME:    views.mlir:[[@LINE-2]]:
  // CHECK-LABEL: // kernel views_k5: copy
  // CHECK-LABEL: // lowered views_k0
  return %8 : tensor<1x8x8x8xf32>
}
