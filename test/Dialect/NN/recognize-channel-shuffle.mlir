// RUN: nncc-opt %s -split-input-file -nn-recognize-channel-shuffle | FileCheck %s
// RUN: nncc-opt %s -split-input-file -nn-recognize-channel-shuffle --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// The 5-D form torchvision's ShuffleNet V2 exports.
// CHECK-LABEL: func @five_d
// CHECK: %[[Y:.*]] = nn.channel_shuffle %arg0 {groups = 2 : i64} : tensor<1x6x3x5xf32> -> tensor<1x6x3x5xf32>
// CHECK-NEXT: return %[[Y]]
// LOC-LABEL: func @five_d
// LOC: nn.channel_shuffle {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["split_groups", "swap", "merge_groups"])
func @five_d(%x: tensor<1x6x3x5xf32>) -> tensor<1x6x3x5xf32> {
  %0 = nn.reshape %x : tensor<1x6x3x5xf32> -> tensor<1x2x3x3x5xf32> loc("split_groups")
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3, 4]} : tensor<1x2x3x3x5xf32> -> tensor<1x3x2x3x5xf32> loc("swap")
  %2 = nn.reshape %1 : tensor<1x3x2x3x5xf32> -> tensor<1x6x3x5xf32> loc("merge_groups")
  return %2 : tensor<1x6x3x5xf32>
}

// -----

// The 4-D form with H and W merged, batch 2, three groups.
// CHECK-LABEL: func @four_d
// CHECK: %[[Y:.*]] = nn.channel_shuffle %arg0 {groups = 3 : i64} : tensor<2x12x2x2xf32> -> tensor<2x12x2x2xf32>
// CHECK-NEXT: return %[[Y]]
func @four_d(%x: tensor<2x12x2x2xf32>) -> tensor<2x12x2x2xf32> {
  %0 = nn.reshape %x : tensor<2x12x2x2xf32> -> tensor<2x3x4x4xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3]} : tensor<2x3x4x4xf32> -> tensor<2x4x3x4xf32>
  %2 = nn.reshape %1 : tensor<2x4x3x4xf32> -> tensor<2x12x2x2xf32>
  return %2 : tensor<2x12x2x2xf32>
}

// -----

// Intermediate values with other users stay for them; the shuffle is still
// recognized.
// CHECK-LABEL: func @intermediate_used
// CHECK: %[[R:.*]] = nn.reshape %arg0
// CHECK: %[[T:.*]] = nn.transpose %[[R]]
// CHECK: %[[S:.*]] = nn.channel_shuffle %arg0 {groups = 2 : i64}
// CHECK: return %[[S]], %[[T]]
func @intermediate_used(%x: tensor<1x4x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x2x2x2x2xf32>) {
  %0 = nn.reshape %x : tensor<1x4x2x2xf32> -> tensor<1x2x2x2x2xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3, 4]} : tensor<1x2x2x2x2xf32> -> tensor<1x2x2x2x2xf32>
  %2 = nn.reshape %1 : tensor<1x2x2x2x2xf32> -> tensor<1x4x2x2xf32>
  return %2, %1 : tensor<1x4x2x2xf32>, tensor<1x2x2x2x2xf32>
}

// -----

// One group moves nothing: the shuffle folds away at once.
// CHECK-LABEL: func @one_group
// CHECK-NOT: nn.channel_shuffle
// CHECK: return %arg0
func @one_group(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %0 = nn.reshape %x : tensor<1x4x2x2xf32> -> tensor<1x1x4x2x2xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3, 4]} : tensor<1x1x4x2x2xf32> -> tensor<1x4x1x2x2xf32>
  %2 = nn.reshape %1 : tensor<1x4x1x2x2xf32> -> tensor<1x4x2x2xf32>
  return %2 : tensor<1x4x2x2xf32>
}

// -----

// Another permutation is not a shuffle.
// CHECK-LABEL: func @other_perm
// CHECK-NOT: nn.channel_shuffle
func @other_perm(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %0 = nn.reshape %x : tensor<1x4x2x2xf32> -> tensor<1x2x2x2x2xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 4, 3]} : tensor<1x2x2x2x2xf32> -> tensor<1x2x2x2x2xf32>
  %2 = nn.reshape %1 : tensor<1x2x2x2x2xf32> -> tensor<1x4x2x2xf32>
  return %2 : tensor<1x4x2x2xf32>
}

// -----

// Splitting H rather than C, then swapping: not a channel shuffle.
// CHECK-LABEL: func @splits_height
// CHECK-NOT: nn.channel_shuffle
func @splits_height(%x: tensor<1x4x6x2xf32>) -> tensor<1x4x6x2xf32> {
  %0 = nn.reshape %x : tensor<1x4x6x2xf32> -> tensor<1x4x2x3x2xf32>
  %1 = nn.transpose %0 {perm = [0, 1, 3, 2, 4]} : tensor<1x4x2x3x2xf32> -> tensor<1x4x3x2x2xf32>
  %2 = nn.reshape %1 : tensor<1x4x3x2x2xf32> -> tensor<1x4x6x2xf32>
  return %2 : tensor<1x4x6x2xf32>
}

// -----

// The channels are grouped across the batch dimension (N and g mixed up):
// not a shuffle of each image's channels.
// CHECK-LABEL: func @mixes_batch
// CHECK-NOT: nn.channel_shuffle
func @mixes_batch(%x: tensor<2x4x2x2xf32>) -> tensor<2x4x2x2xf32> {
  %0 = nn.reshape %x : tensor<2x4x2x2xf32> -> tensor<1x4x2x2x2xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3, 4]} : tensor<1x4x2x2x2xf32> -> tensor<1x2x4x2x2xf32>
  %2 = nn.reshape %1 : tensor<1x2x4x2x2xf32> -> tensor<2x4x2x2xf32>
  return %2 : tensor<2x4x2x2xf32>
}

// -----

// The last reshape does not restore the input's shape.
// CHECK-LABEL: func @other_result_shape
// CHECK-NOT: nn.channel_shuffle
func @other_result_shape(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x4xf32> {
  %0 = nn.reshape %x : tensor<1x4x2x2xf32> -> tensor<1x2x2x2x2xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3, 4]} : tensor<1x2x2x2x2xf32> -> tensor<1x2x2x2x2xf32>
  %2 = nn.reshape %1 : tensor<1x2x2x2x2xf32> -> tensor<1x4x4xf32>
  return %2 : tensor<1x4x4xf32>
}

// -----

// Not rank 4 to begin with.
// CHECK-LABEL: func @not_nchw
// CHECK-NOT: nn.channel_shuffle
func @not_nchw(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = nn.reshape %x : tensor<4x4xf32> -> tensor<1x2x2x4xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3]} : tensor<1x2x2x4xf32> -> tensor<1x2x2x4xf32>
  %2 = nn.reshape %1 : tensor<1x2x2x4xf32> -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}
