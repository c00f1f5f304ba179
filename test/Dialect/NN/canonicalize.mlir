// RUN: nncc-opt %s -split-input-file -canonicalize | FileCheck %s
// RUN: nncc-opt %s -split-input-file -canonicalize --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// CHECK-LABEL: func @reshape_of_reshape
// CHECK: %[[R:.*]] = nn.reshape %arg0 : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT: return %[[R]]
// LOC-LABEL: func @reshape_of_reshape
// LOC: nn.reshape {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["r1", "r2"])
func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = nn.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32> loc("r1")
  %1 = nn.reshape %0 : tensor<24xf32> -> tensor<4x6xf32> loc("r2")
  return %1 : tensor<4x6xf32>
}

// -----

// Back to the input's shape: nothing left.
// CHECK-LABEL: func @reshape_round_trip
// CHECK-NEXT: return %arg0
func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = nn.reshape %0 : tensor<6xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// An inner reshape with another user stays for it.
// CHECK-LABEL: func @reshape_inner_used
// CHECK-DAG: %[[A:.*]] = nn.reshape %arg0 : tensor<2x3xf32> -> tensor<6xf32>
// CHECK-DAG: %[[B:.*]] = nn.reshape %arg0 : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK: return %[[B]], %[[A]]
func @reshape_inner_used(%x: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<6xf32>) {
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = nn.reshape %0 : tensor<6xf32> -> tensor<3x2xf32>
  return %1, %0 : tensor<3x2xf32>, tensor<6xf32>
}

// -----

// A reshape of a constant is a constant.
// CHECK-LABEL: func @reshape_constant
// CHECK: %[[C:.*]] = nn.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00]]> : tensor<1x2xf32>
// CHECK-NEXT: return %[[C]]
func @reshape_constant() -> tensor<1x2xf32> {
  %0 = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = nn.reshape %0 : tensor<2xf32> -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Flatten is a reshape, and then merges with the next one.
// CHECK-LABEL: func @flatten
// CHECK: %[[F:.*]] = nn.reshape %arg0 : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
// CHECK: %[[G:.*]] = nn.reshape %arg0 : tensor<1x8x1x1xf32> -> tensor<2x4xf32>
// CHECK: return %[[F]], %[[G]]
func @flatten(%x: tensor<1x8x1x1xf32>) -> (tensor<1x8xf32>, tensor<2x4xf32>) {
  %0 = nn.flatten %x : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  %1 = nn.flatten %x {axis = 2} : tensor<1x8x1x1xf32> -> tensor<8x1xf32>
  %2 = nn.reshape %1 : tensor<8x1xf32> -> tensor<2x4xf32>
  return %0, %2 : tensor<1x8xf32>, tensor<2x4xf32>
}

// -----

// CHECK-LABEL: func @transpose_identity
// CHECK-NEXT: return %arg0
func @transpose_identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.transpose %x {perm = [0, 1]} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Two transposes compose; inverse ones cancel.
// CHECK-LABEL: func @transpose_of_transpose
// CHECK: %[[T:.*]] = nn.transpose %arg0 {perm = [2, 0, 1]} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK: return %[[T]], %arg0
// LOC-LABEL: func @transpose_of_transpose
// LOC: nn.transpose {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["t1", "t2"])
func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>, tensor<2x3x4xf32>) {
  %0 = nn.transpose %x {perm = [1, 0, 2]} : tensor<2x3x4xf32> -> tensor<3x2x4xf32> loc("t1")
  %1 = nn.transpose %0 {perm = [2, 1, 0]} : tensor<3x2x4xf32> -> tensor<4x2x3xf32> loc("t2")
  %2 = nn.transpose %x {perm = [1, 2, 0]} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  %3 = nn.transpose %2 {perm = [2, 0, 1]} : tensor<3x4x2xf32> -> tensor<2x3x4xf32>
  return %1, %3 : tensor<4x2x3xf32>, tensor<2x3x4xf32>
}

// -----

// A shuffle with one group, or one channel per group, is the identity; a
// real one stays.
// CHECK-LABEL: func @channel_shuffle
// CHECK: %[[S:.*]] = nn.channel_shuffle %arg0 {groups = 2 : i64}
// CHECK: return %arg0, %arg0, %[[S]]
func @channel_shuffle(%x: tensor<1x4x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) {
  %0 = nn.channel_shuffle %x {groups = 1} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %1 = nn.channel_shuffle %x {groups = 4} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %2 = nn.channel_shuffle %x {groups = 2} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  return %0, %1, %2 : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>
}

// -----

// One-piece concat and split, and a slice of everything, are their input;
// a strided slice that happens to keep the shape is not.
// CHECK-LABEL: func @trivial_data_movement
// CHECK: return %arg0, %arg0, %arg0
func @trivial_data_movement(%x: tensor<1x4x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) {
  %0 = nn.concat %x {axis = 1} : (tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %1 = nn.split %x {axis = 1} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  %2 = nn.slice %x {starts = [0, 0, 0, 0], ends = [1, 4, 2, 2], steps = [1, 1, 1, 1]} : tensor<1x4x2x2xf32> -> tensor<1x4x2x2xf32>
  return %0, %1, %2 : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>
}

// -----

// CHECK-LABEL: func @nontrivial_data_movement
// CHECK: nn.concat
// CHECK: nn.split
// CHECK: nn.slice
func @nontrivial_data_movement(%x: tensor<1x4x2x2xf32>) -> (tensor<1x8x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %0 = nn.concat %x, %x {axis = 1} : (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x8x2x2xf32>
  %1:2 = nn.split %x {axis = 1} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
  %2 = nn.slice %x {starts = [0, 0, 0, 0], ends = [1, 4, 2, 2], steps = [1, 2, 1, 1]} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  return %0, %1#0, %2 : tensor<1x8x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Dead ops and unused constants go.
// CHECK-LABEL: func @dead_code
// CHECK-NEXT: return %arg0
func @dead_code(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = nn.constant dense<1.0> : tensor<4xf32>
  %0 = nn.add %x, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nn.relu %0 : tensor<4xf32>
  return %x : tensor<4xf32>
}
