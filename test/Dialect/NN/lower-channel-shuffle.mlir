// RUN: nncc-opt %s -split-input-file --nn-lower-channel-shuffle | FileCheck %s
// RUN: nncc-opt %s -split-input-file --nn-lower-channel-shuffle --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// ShuffleNet V1: a grouped 1x1 convolution followed by a shuffle of as many
// groups writes its output shuffled.
// CHECK-LABEL: func @grouped_conv
// CHECK: %[[C:.*]] = nn.conv2d %arg0, %{{.*}} {group = 3 : i64, shuffle_output = true}
// CHECK-NOT: nn.channel_shuffle
// CHECK: return %[[C]]
// LOC-LABEL: func @grouped_conv
// LOC: nn.conv2d {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["gconv", "shuffle"])
func @grouped_conv(%x: tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %w = nn.constant dense<1.0> : tensor<6x2x1x1xf32>
  %0 = nn.conv2d %x, %w {group = 3} : (tensor<1x6x4x4xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32> loc("gconv")
  %1 = nn.channel_shuffle %0 {groups = 3} : tensor<1x6x4x4xf32> -> tensor<1x6x4x4xf32> loc("shuffle")
  return %1 : tensor<1x6x4x4xf32>
}

// -----

// ShuffleNet V2: the concat of two equal halves followed by a two-group
// shuffle becomes one interleaved concat.
// CHECK-LABEL: func @concat_halves
// CHECK: %[[J:.*]] = nn.concat %arg0, %arg1 {axis = 1 : i64, interleave = true}
// CHECK-NOT: nn.channel_shuffle
// CHECK: return %[[J]]
func @concat_halves(%a: tensor<1x4x2x2xf32>, %b: tensor<1x4x2x2xf32>) -> tensor<1x8x2x2xf32> {
  %0 = nn.concat %a, %b {axis = 1} : (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x8x2x2xf32>
  %1 = nn.channel_shuffle %0 {groups = 2} : tensor<1x8x2x2xf32> -> tensor<1x8x2x2xf32>
  return %1 : tensor<1x8x2x2xf32>
}

// -----

// Negative cases: the shuffle stays.
// CHECK-LABEL: func @groups_differ
// CHECK: nn.conv2d {{.*}}group = 3 : i64}
// CHECK: nn.channel_shuffle %{{.*}} {groups = 2 : i64}
func @groups_differ(%x: tensor<1x6x4x4xf32>) -> tensor<1x6x4x4xf32> {
  %w = nn.constant dense<1.0> : tensor<6x2x1x1xf32>
  %0 = nn.conv2d %x, %w {group = 3} : (tensor<1x6x4x4xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32>
  %1 = nn.channel_shuffle %0 {groups = 2} : tensor<1x6x4x4xf32> -> tensor<1x6x4x4xf32>
  return %1 : tensor<1x6x4x4xf32>
}

// -----

// The unshuffled convolution result is used elsewhere too.
// CHECK-LABEL: func @other_user
// CHECK-NOT: shuffle_output
// CHECK: nn.channel_shuffle
func @other_user(%x: tensor<1x6x4x4xf32>) -> (tensor<1x6x4x4xf32>, tensor<1x6x4x4xf32>) {
  %w = nn.constant dense<1.0> : tensor<6x2x1x1xf32>
  %0 = nn.conv2d %x, %w {group = 3} : (tensor<1x6x4x4xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32>
  %1 = nn.channel_shuffle %0 {groups = 3} : tensor<1x6x4x4xf32> -> tensor<1x6x4x4xf32>
  return %0, %1 : tensor<1x6x4x4xf32>, tensor<1x6x4x4xf32>
}

// -----

// Unequal parts, or as many parts as groups but not along channels.
// CHECK-LABEL: func @unequal_parts
// CHECK-NOT: interleave
// CHECK: nn.channel_shuffle
func @unequal_parts(%a: tensor<1x2x2x2xf32>, %b: tensor<1x6x2x2xf32>) -> tensor<1x8x2x2xf32> {
  %0 = nn.concat %a, %b {axis = 1} : (tensor<1x2x2x2xf32>, tensor<1x6x2x2xf32>) -> tensor<1x8x2x2xf32>
  %1 = nn.channel_shuffle %0 {groups = 2} : tensor<1x8x2x2xf32> -> tensor<1x8x2x2xf32>
  return %1 : tensor<1x8x2x2xf32>
}

// -----

// CHECK-LABEL: func @spatial_concat
// CHECK-NOT: interleave
// CHECK: nn.channel_shuffle
func @spatial_concat(%a: tensor<1x4x2x2xf32>, %b: tensor<1x4x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = nn.concat %a, %b {axis = 2} : (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = nn.channel_shuffle %0 {groups = 2} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}
