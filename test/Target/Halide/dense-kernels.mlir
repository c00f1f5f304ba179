// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// The classifier end: Gemm vectorizes its reduction over output columns and
// runs column tiles in parallel; MatMul and Softmax vectorize their main
// work (the product's accumulation, the exponentials) and their stores.

func @dense(%x: tensor<1x256xf32>, %a: tensor<4x8x16xf32>) -> (tensor<1x1000xf32>, tensor<4x8x64xf32>) {
  %w = nn.constant dense<0.01> : tensor<1000x256xf32>
  %b = nn.constant dense<0.1> : tensor<1000xf32>
  %wm = nn.constant dense<0.02> : tensor<16x64xf32>
  %0 = nn.gemm %x, %w, %b {transB = true} : (tensor<1x256xf32>, tensor<1000x256xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  // CHECK-LABEL: // kernel dense_kernels_k0: nn.gemm at
  // CHECK-SAME:    dense-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         produce acc
  // Eight output vectors per tile: eight independent FMA chains in the k loop,
  // over j, the column within the tile's block of weights.
  // CHECK:         for k in
  // CHECK-NEXT:      unrolled j.vo in [0, 7]:
  // CHECK-NEXT:        vectorized
  // CHECK:         consume acc
  // CHECK:         vectorized
  %1 = nn.softmax %0 {axis = 1} : tensor<1x1000xf32> -> tensor<1x1000xf32>
  // CHECK-LABEL: // kernel dense_kernels_k1: nn.softmax at
  // CHECK-SAME:    dense-kernels.mlir:[[@LINE-2]]:
  // CHECK:         produce e
  // CHECK:         vectorized
  // CHECK:         consume e
  // CHECK:         produce softmax
  // CHECK:         vectorized
  %2 = nn.matmul %a, %wm : (tensor<4x8x16xf32>, tensor<16x64xf32>) -> tensor<4x8x64xf32>
  // CHECK-LABEL: // kernel dense_kernels_k2: nn.matmul at
  // CHECK-SAME:    dense-kernels.mlir:[[@LINE-2]]:
  // CHECK:         produce acc
  // CHECK:         for k in
  // CHECK:           vectorized
  // CHECK:         consume acc
  // CHECK:         vectorized {{.*}} in [0, 15]
  %3 = nn.softmax %2 {axis = 2} : tensor<4x8x64xf32> -> tensor<4x8x64xf32>
  // CHECK-LABEL: // kernel dense_kernels_k3: nn.softmax at
  // CHECK-SAME:    dense-kernels.mlir:[[@LINE-2]]:
  // CHECK:         produce e
  // CHECK:         vectorized {{.*}} in [0, 15]
  // CHECK:         consume e
  // CHECK:         produce softmax
  // CHECK:         vectorized {{.*}} in [0, 15]
  // CHECK-LABEL: // lowered dense_kernels_k0
  // The weights lie a tile's 128 columns after another: step k of a tile
  // reads its 8 vectors from the 512 bytes after step k-1's, where %w as
  // given (rows of 1000 columns) would have them 4000 bytes on.
  // CHECK:         in1[ramp((acc.s1.k$x + t{{[0-9]+}})*128, 1, 16) aligned(128, 0)]
  return %1, %3 : tensor<1x1000xf32>, tensor<4x8x64xf32>
}
