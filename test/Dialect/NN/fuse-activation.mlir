// RUN: nncc-opt %s -split-input-file -nn-fuse-activation | FileCheck %s
// RUN: nncc-opt %s -split-input-file -nn-fuse-activation --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// CHECK-LABEL: func @conv_relu
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %arg1, %arg2 {activation = "relu", pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT: return %[[Y]]
// LOC-LABEL: func @conv_relu
// LOC: nn.conv2d {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["conv", "relu"])
func @conv_relu(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = nn.conv2d %x, %w, %b {pads = [1, 1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32> loc("conv")
  %1 = nn.relu %0 : tensor<1x3x4x4xf32> loc("relu")
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// ReLU6.
// CHECK-LABEL: func @conv_clip
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %arg1 {activation = "clip", activation_params = [0.000000e+00 : f32, 6.000000e+00 : f32]}
// CHECK-NEXT: return %[[Y]]
func @conv_clip(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func @conv_hard_swish
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %arg1 {activation = "hard_swish"}
// CHECK-NEXT: return %[[Y]]
func @conv_hard_swish(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.hard_swish %0 : tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// CHECK-LABEL: func @gemm_hard_sigmoid
// CHECK: %[[Y:.*]] = nn.gemm %arg0, %arg1, %arg2 {activation = "hard_sigmoid", activation_params = [2.000000e-01 : f32, 5.000000e-01 : f32], transB = true}
// CHECK-NEXT: return %[[Y]]
func @gemm_hard_sigmoid(%a: tensor<1x8xf32>, %b: tensor<4x8xf32>, %c: tensor<4xf32>) -> tensor<1x4xf32> {
  %0 = nn.gemm %a, %b, %c {transB = true} : (tensor<1x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %1 = nn.hard_sigmoid %0 : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// CHECK-LABEL: func @gemm_relu
// CHECK: %[[Y:.*]] = nn.gemm %arg0, %arg1 {activation = "relu"}
// CHECK-NEXT: return %[[Y]]
func @gemm_relu(%a: tensor<1x8xf32>, %b: tensor<8x4xf32>) -> tensor<1x4xf32> {
  %0 = nn.gemm %a, %b : (tensor<1x8xf32>, tensor<8x4xf32>) -> tensor<1x4xf32>
  %1 = nn.relu %0 : tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// x * hard_sigmoid(x) with PyTorch's 1/6 and 1/2 is hard_swish, which then
// fuses into the conv; all three nodes' names survive.
// CHECK-LABEL: func @mul_hard_sigmoid_is_hard_swish
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %arg1 {activation = "hard_swish"}
// CHECK-NEXT: return %[[Y]]
// LOC-LABEL: func @mul_hard_sigmoid_is_hard_swish
// LOC: nn.conv2d {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["conv", "hsig", "mul"])
func @mul_hard_sigmoid_is_hard_swish(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv")
  %1 = nn.hard_sigmoid %0 {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<1x2x4x4xf32> loc("hsig")
  %2 = nn.mul %0, %1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("mul")
  return %2 : tensor<1x2x4x4xf32>
}

// -----

// The gate may be the left operand; without a producer to fuse into, the
// hard_swish stays an op.
// CHECK-LABEL: func @hard_sigmoid_times_x
// CHECK: %[[Y:.*]] = nn.hard_swish %arg0 : tensor<4xf32>
// CHECK-NEXT: return %[[Y]]
func @hard_sigmoid_times_x(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<4xf32>
  %1 = nn.mul %0, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// The gate has another user: it stays for that user, the product still
// becomes hard_swish.
// CHECK-LABEL: func @hard_sigmoid_other_user
// CHECK: %[[G:.*]] = nn.hard_sigmoid %arg0
// CHECK: %[[S:.*]] = nn.hard_swish %arg0
// CHECK: return %[[S]], %[[G]]
func @hard_sigmoid_other_user(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = nn.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<4xf32>
  %1 = nn.mul %x, %0 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1, %0 : tensor<4xf32>, tensor<4xf32>
}

// -----

// ONNX's default alpha 0.2 is not hard_swish's; and the conv has two users,
// so nothing fuses.
// CHECK-LABEL: func @mul_hard_sigmoid_other_alpha
// CHECK: %[[C:.*]] = nn.conv2d %arg0, %arg1 :
// CHECK: %[[G:.*]] = nn.hard_sigmoid %[[C]] :
// CHECK: nn.mul %[[C]], %[[G]]
// CHECK-NOT: hard_swish
func @mul_hard_sigmoid_other_alpha(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.hard_sigmoid %0 : tensor<1x2x4x4xf32>
  %2 = nn.mul %0, %1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %2 : tensor<1x2x4x4xf32>
}

// -----

// x * hard_sigmoid(y) is not hard_swish.
// CHECK-LABEL: func @mul_hard_sigmoid_of_other
// CHECK: nn.hard_sigmoid %arg1
// CHECK: nn.mul
// CHECK-NOT: hard_swish
func @mul_hard_sigmoid_of_other(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nn.hard_sigmoid %y {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<4xf32>
  %1 = nn.mul %x, %0 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// A broadcasting product changes the shape: not hard_swish.
// CHECK-LABEL: func @mul_broadcast
// CHECK: nn.mul
// CHECK-NOT: hard_swish
func @mul_broadcast(%x: tensor<4xf32>) -> tensor<4x4xf32> {
  %0 = nn.reshape %x : tensor<4xf32> -> tensor<4x1xf32>
  %1 = nn.hard_sigmoid %0 {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<4x1xf32>
  %2 = nn.mul %x, %1 : (tensor<4xf32>, tensor<4x1xf32>) -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// The conv's result is also returned: fusing would change that value.
// CHECK-LABEL: func @conv_other_user
// CHECK: %[[C:.*]] = nn.conv2d %arg0, %arg1 :
// CHECK: %[[R:.*]] = nn.relu %[[C]]
// CHECK: return %[[C]], %[[R]]
func @conv_other_user(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.relu %0 : tensor<1x2x4x4xf32>
  return %0, %1 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A producer takes one activation: the second stays an op.
// CHECK-LABEL: func @two_activations
// CHECK: %[[C:.*]] = nn.conv2d %arg0, %arg1 {activation = "relu"}
// CHECK: %[[K:.*]] = nn.clip %[[C]]
// CHECK: return %[[K]]
func @two_activations(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.relu %0 : tensor<1x2x4x4xf32>
  %2 = nn.clip %1 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4xf32>
  return %2 : tensor<1x2x4x4xf32>
}

// -----

// Sigmoid has no epilogue form, nor has an activation without a producer.
// CHECK-LABEL: func @not_fusable
// CHECK: nn.conv2d %arg0, %arg1 :
// CHECK: nn.sigmoid
// CHECK: nn.relu %arg0
func @not_fusable(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.sigmoid %0 : tensor<1x2x4x4xf32>
  %2 = nn.relu %x : tensor<1x2x4x4xf32>
  return %1, %2 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// A separable conv's epilogue is the pointwise conv's activation.
// CHECK-LABEL: func @separable_clip
// CHECK: %[[Y:.*]] = nn.separable_conv2d {{.*}} {activation = "clip", activation_params = [0.000000e+00 : f32, 6.000000e+00 : f32], depthwise_activation = "relu", pads = [1, 1, 1, 1]}
// CHECK-NEXT: return %[[Y]]
func @separable_clip(%x: tensor<1x2x4x4xf32>, %dw: tensor<2x1x3x3xf32>, %db: tensor<2xf32>, %pw: tensor<3x2x1x1xf32>, %pb: tensor<3xf32>) -> tensor<1x3x4x4xf32> {
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {pads = [1, 1, 1, 1], depthwise_activation = "relu"} : (tensor<1x2x4x4xf32>, tensor<2x1x3x3xf32>, tensor<2xf32>, tensor<3x2x1x1xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  %1 = nn.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// A residual add's ReLU (ShuffleNet V1's units) is the add's epilogue.
// CHECK-LABEL: func @add_relu
// CHECK: %[[Y:.*]] = nn.add %arg0, %arg1 {activation = "relu"}
// CHECK-NEXT: return %[[Y]]
func @add_relu(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.add %x, %y : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.relu %0 : tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// A broadcasting multiply takes a clip (ReLU6) like any producer.
// CHECK-LABEL: func @mul_clip
// CHECK: nn.mul %arg0, %arg1 {activation = "clip", activation_params = [0.000000e+00 : f32, 6.000000e+00 : f32]}
// CHECK-NOT: nn.clip
func @mul_clip(%x: tensor<1x2x4x4xf32>, %s: tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = nn.mul %x, %s : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = nn.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}
