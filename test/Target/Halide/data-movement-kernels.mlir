// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// Copies that could not become views (graph inputs copied into their part
// of a concat, a channel shuffle of a graph input, transposes, a reshape of
// channels-last data, a flatten of a strided slice) vectorize their innermost
// storage dimension and run the outermost in parallel from 16384 elements on.

func @moves(%x: tensor<1x32x16x16xf32>, %y: tensor<1x32x16x16xf32>) -> tensor<1x8192xf32> {
  // The shuffle of the concat becomes an interleaved concat: each input is
  // copied into every other channel of the result, and no shuffle runs.
  %c = nn.concat %x, %y {axis = 1} : (tensor<1x32x16x16xf32>, tensor<1x32x16x16xf32>) -> tensor<1x64x16x16xf32>
  %s = nn.channel_shuffle %c {groups = 2} : tensor<1x64x16x16xf32> -> tensor<1x64x16x16xf32>
  // CHECK-LABEL: // kernel data_movement_kernels_k0: copy
  // CHECK:         vectorized
  // CHECK-NOT:     // kernel {{.*}}: nn.concat
  // A shuffle of an element-wise result has no producer to fold into: it
  // copies.
  %0 = nn.relu %s : tensor<1x64x16x16xf32>
  %1 = nn.channel_shuffle %0 {groups = 2} : tensor<1x64x16x16xf32> -> tensor<1x64x16x16xf32>
  // CHECK-LABEL: // kernel data_movement_kernels_k2: nn.channel_shuffle at
  // CHECK-SAME:    data-movement-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %2 = nn.transpose %1 {perm = [0, 1, 3, 2]} : tensor<1x64x16x16xf32> -> tensor<1x64x16x16xf32>
  // CHECK-LABEL: // kernel data_movement_kernels_k3: nn.transpose at
  // CHECK-SAME:    data-movement-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  // Channels-last 4-D data seen row-major in 3-D: a copy.
  %3 = nn.reshape %2 : tensor<1x64x16x16xf32> -> tensor<1x64x256xf32>
  // CHECK-LABEL: // kernel data_movement_kernels_k4: nn.reshape at
  // CHECK-SAME:    data-movement-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  %4 = nn.transpose %3 {perm = [0, 2, 1]} : tensor<1x64x256xf32> -> tensor<1x256x64xf32>
  // CHECK-LABEL: // kernel data_movement_kernels_k5: nn.transpose at
  // CHECK-SAME:    data-movement-kernels.mlir:[[@LINE-2]]:
  // CHECK:         parallel
  // CHECK:         vectorized {{.*}} in [0, 15]
  // The slice is a view; flattening it (strided rows) copies, straight into
  // the graph's output (8192 elements: not worth threads).
  %5 = nn.slice %4 {starts = [0, 0, 0], ends = [1, 256, 32], steps = [1, 1, 1]} : tensor<1x256x64xf32> -> tensor<1x256x32xf32>
  %6 = nn.flatten %5 : tensor<1x256x32xf32> -> tensor<1x8192xf32>
  // CHECK-LABEL: // kernel data_movement_kernels_k6: nn.reshape at
  // CHECK-SAME:    data-movement-kernels.mlir:[[@LINE-2]]:
  // CHECK:         vectorized {{.*}} in [0, 15]
  // CHECK-LABEL: // lowered data_movement_kernels_k0
  return %6 : tensor<1x8192xf32>
}
