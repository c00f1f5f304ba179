// RUN: nncc-opt %s --nncc-default | FileCheck %s

// A ShuffleNet V2 unit as torchvision exports it (stride 1: split the
// channels, transform one half, concat, shuffle with two groups). After the
// default pipeline the shuffle is folded into an interleaved concat and no
// shuffle, transpose or reshape is left; the branch's batch norms and ReLUs are folded and fused,
// and its depthwise conv (no activation) fuses with the 1x1 conv after it.
// CHECK-LABEL: func @shufflenet_v2_unit
// CHECK: %[[H:.*]]:2 = nn.split %arg0 {axis = 1 : i64}
// CHECK: %[[A:.*]] = nn.conv2d %[[H]]#1, {{.*}}activation = "relu"
// CHECK: %[[C:.*]] = nn.separable_conv2d %[[A]], {{.*}} {activation = "relu", pads = [1, 1, 1, 1]}
// CHECK: %[[J:.*]] = nn.concat %[[H]]#0, %[[C]] {axis = 1 : i64, interleave = true}
// CHECK: return %[[J]]
// CHECK-NOT: nn.channel_shuffle
// CHECK-NOT: nn.transpose
// CHECK-NOT: nn.reshape
// CHECK-NOT: nn.batch_norm
func @shufflenet_v2_unit(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w1 = nn.constant dense<0.5> : tensor<2x2x1x1xf32>
  %w2 = nn.constant dense<0.5> : tensor<2x1x3x3xf32>
  %w3 = nn.constant dense<0.5> : tensor<2x2x1x1xf32>
  %one = nn.constant dense<1.0> : tensor<2xf32>
  %zero = nn.constant dense<0.0> : tensor<2xf32>
  %h:2 = nn.split %x {axis = 1} : tensor<1x4x4x4xf32> -> tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
  %0 = nn.conv2d %h#1, %w1 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.batch_norm %0, %one, %zero, %zero, %one : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %2 = nn.relu %1 : tensor<1x2x4x4xf32>
  %3 = nn.conv2d %2, %w2 {group = 2, pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %4 = nn.batch_norm %3, %one, %zero, %zero, %one : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %5 = nn.conv2d %4, %w3 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %6 = nn.batch_norm %5, %one, %zero, %zero, %one : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %7 = nn.relu %6 : tensor<1x2x4x4xf32>
  %8 = nn.concat %h#0, %7 {axis = 1} : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x4x4x4xf32>
  %9 = nn.reshape %8 : tensor<1x4x4x4xf32> -> tensor<1x2x2x4x4xf32>
  %10 = nn.transpose %9 {perm = [0, 2, 1, 3, 4]} : tensor<1x2x2x4x4xf32> -> tensor<1x2x2x4x4xf32>
  %11 = nn.reshape %10 : tensor<1x2x2x4x4xf32> -> tensor<1x4x4x4xf32>
  return %11 : tensor<1x4x4x4xf32>
}
