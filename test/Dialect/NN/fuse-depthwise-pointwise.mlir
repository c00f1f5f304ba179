// RUN: nncc-opt %s -split-input-file -nn-fuse-depthwise-pointwise | FileCheck %s
// RUN: nncc-opt %s -split-input-file -nn-fuse-depthwise-pointwise --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// The depthwise conv's window attributes and activation move to the
// separable conv; the pointwise conv's activation is its epilogue.
// CHECK-LABEL: func @fuse
// CHECK: %[[Y:.*]] = nn.separable_conv2d %arg0, %arg1, %arg2, %arg3, %arg4 {activation = "clip", activation_params = [0.000000e+00 : f32, 6.000000e+00 : f32], depthwise_activation = "relu", pads = [1, 1, 1, 1], strides = [2, 2]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
// CHECK-NEXT: return %[[Y]]
// LOC-LABEL: func @fuse
// LOC: nn.separable_conv2d {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["dw", "pw"])
func @fuse(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x4x4xf32> {
  %0 = nn.conv2d %x, %dw, %db {group = 4, pads = [1, 1, 1, 1], strides = [2, 2], activation = "relu"} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32> loc("dw")
  %1 = nn.conv2d %0, %pw, %pb {activation = "clip", activation_params = [0.0 : f32, 6.0 : f32]} : (tensor<1x4x4x4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32> loc("pw")
  return %1 : tensor<1x6x4x4xf32>
}

// -----

// Missing biases become zero constants; explicit default attributes are
// carried over as they are.
// CHECK-LABEL: func @fuse_without_biases
// CHECK-DAG: %[[DB:.*]] = nn.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[PB:.*]] = nn.constant dense<0.000000e+00> : tensor<2xf32>
// CHECK: nn.separable_conv2d %arg0, %arg1, %[[DB]], %arg2, %[[PB]] {dilations = [2, 2]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<2x4x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NOT: nn.conv2d
func @fuse_without_biases(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %pw: tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.conv2d %x, %dw {group = 4, dilations = [2, 2]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x4x4xf32>
  %1 = nn.conv2d %0, %pw {group = 1, strides = [1, 1], pads = [0, 0, 0, 0]} : (tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// Two blocks in a row both fuse.
// CHECK-LABEL: func @chain
// CHECK: %[[A:.*]] = nn.separable_conv2d %arg0,
// CHECK: %[[B:.*]] = nn.separable_conv2d %[[A]],
// CHECK-NEXT: return %[[B]]
func @chain(%x: tensor<1x2x4x4xf32>, %dw: tensor<2x1x3x3xf32>, %pw: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.conv2d %x, %dw {group = 2, pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.conv2d %0, %pw : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %2 = nn.conv2d %1, %dw {group = 2, pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x4x4xf32>
  %3 = nn.conv2d %2, %pw : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %3 : tensor<1x2x4x4xf32>
}

// -----

// The depthwise result is also returned: it must be stored anyway.
// CHECK-LABEL: func @depthwise_other_user
// CHECK-NOT: nn.separable_conv2d
func @depthwise_other_user(%x: tensor<1x2x4x4xf32>, %dw: tensor<2x1x3x3xf32>, %pw: tensor<2x2x1x1xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %0 = nn.conv2d %x, %dw {group = 2} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.conv2d %0, %pw : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Two 1x1 consumers: the depthwise result has two users.
// CHECK-LABEL: func @two_pointwise_users
// CHECK-NOT: nn.separable_conv2d
func @two_pointwise_users(%x: tensor<1x2x4x4xf32>, %dw: tensor<2x1x3x3xf32>, %pw: tensor<2x2x1x1xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %0 = nn.conv2d %x, %dw {group = 2} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.conv2d %0, %pw : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = nn.conv2d %0, %pw : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %1, %2 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// The consumer is not pointwise: strided, padded, grouped or 3x3.
// CHECK-LABEL: func @consumer_not_pointwise
// CHECK-NOT: nn.separable_conv2d
func @consumer_not_pointwise(%x: tensor<1x2x4x4xf32>, %dw: tensor<2x1x1x1xf32>, %pw: tensor<2x2x1x1xf32>, %gw: tensor<2x1x1x1xf32>, %w3: tensor<2x2x3x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x6x6xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>) {
  %0 = nn.conv2d %x, %dw {group = 2} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.conv2d %0, %pw {strides = [2, 2]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = nn.conv2d %x, %dw {group = 2} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %3 = nn.conv2d %2, %pw {pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x6x6xf32>
  %4 = nn.conv2d %x, %dw {group = 2} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %5 = nn.conv2d %4, %gw {group = 2} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %6 = nn.conv2d %x, %dw {group = 2} : (tensor<1x2x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %7 = nn.conv2d %6, %w3 : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x2x2xf32>
  return %1, %3, %5, %7 : tensor<1x2x2x2xf32>, tensor<1x2x6x6xf32>, tensor<1x2x4x4xf32>, tensor<1x2x2x2xf32>
}

// -----

// The producer is not depthwise: an ordinary conv, a grouped conv with two
// channels per group, a depthwise conv with channel multiplier 2, and a
// depthwise conv whose batch norm is not folded yet.
// CHECK-LABEL: func @producer_not_depthwise
// CHECK-NOT: nn.separable_conv2d
func @producer_not_depthwise(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x3x3xf32>, %gw: tensor<4x2x3x3xf32>, %mw: tensor<8x1x3x3xf32>, %pw: tensor<2x4x1x1xf32>, %pw8: tensor<2x8x1x1xf32>, %p: tensor<4xf32>, %dw: tensor<4x1x3x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %0 = nn.conv2d %x, %w : (tensor<1x4x4x4xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x2x2xf32>
  %1 = nn.conv2d %0, %pw : (tensor<1x4x2x2xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = nn.conv2d %x, %gw {group = 2} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x2x2xf32>
  %3 = nn.conv2d %2, %pw : (tensor<1x4x2x2xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x2x2xf32>
  %4 = nn.conv2d %x, %mw {group = 4} : (tensor<1x4x4x4xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x2x2xf32>
  %5 = nn.conv2d %4, %pw8 : (tensor<1x8x2x2xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x2x2xf32>
  %6 = nn.conv2d %x, %dw {group = 4} : (tensor<1x4x4x4xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x2x2xf32>
  %7 = nn.batch_norm %6, %p, %p, %p, %p : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %8 = nn.conv2d %7, %pw : (tensor<1x4x2x2xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %1, %3, %5, %8 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
