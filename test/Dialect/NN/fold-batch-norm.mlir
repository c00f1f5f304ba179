// RUN: nncc-opt %s -split-input-file -nn-fold-batch-norm | FileCheck %s
// RUN: nncc-opt %s -split-input-file -nn-fold-batch-norm --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC

// With s = scale / sqrt(var + eps) = [4 / 2, 3 / 3] = [2, 1]:
// weight [1, 2] * s = [2, 2]; bias (b - mean) * s + shift =
// [(0.5 - 0.5) * 2 + 1, (-1 - 1) * 1 + 0] = [1, -2].
// CHECK-LABEL: func @into_conv
// CHECK-DAG: %[[W:.*]] = nn.constant dense<2.000000e+00> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = nn.constant dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] {pads = [0, 0, 0, 0]} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NOT: nn.batch_norm
// CHECK: return %[[Y]]
// LOC-LABEL: func @into_conv
// LOC: nn.conv2d {{.*}} loc(#[[FUSED:.*]])
// LOC: #[[FUSED]] = loc(fused["conv1", "bn1"])
func @into_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = nn.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %scale = nn.constant dense<[4.0, 3.0]> : tensor<2xf32>
  %shift = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = nn.conv2d %x, %w, %b {pads = [0, 0, 0, 0]} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("conv1")
  %1 = nn.batch_norm %0, %scale, %shift, %mean, %var {epsilon = 1.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("bn1")
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// A conv without bias gets one: shift - mean * s = [1 - 0.5 * 2, 0 - 1 * 3].
// CHECK-LABEL: func @into_conv_without_bias
// CHECK-DAG: %[[W:.*]] = nn.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}6.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = nn.constant dense<[0.000000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: nn.conv2d %arg0, %[[W]], %[[B]] {group = 1 : i64, strides = [2, 2]}
// CHECK-NOT: nn.batch_norm
func @into_conv_without_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %scale = nn.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %shift = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %0 = nn.conv2d %x, %w {group = 1, strides = [2, 2]} : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %scale, %shift, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// The conv's result is used elsewhere too: folding would change that use, so
// the batch norm becomes a scale and shift by [1, C, 1, 1] constants:
// s = [2, 3], shift - mean * s = [1 - 1, 0 - 3].
// CHECK-LABEL: func @conv_with_other_users
// CHECK-DAG: %[[S:.*]] = nn.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK-DAG: %[[T:.*]] = nn.constant dense<{{\[\[\[\[}}0.000000e+00]], {{\[\[}}-3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: %[[C:.*]] = nn.conv2d
// CHECK: %[[M:.*]] = nn.mul %[[C]], %[[S]] : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[A:.*]] = nn.add %[[M]], %[[T]] : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK: return %[[C]], %[[A]]
// LOC-LABEL: func @conv_with_other_users
// LOC: nn.mul {{.*}} loc(#[[BN:.*]])
// LOC: nn.add {{.*}} loc(#[[BN]])
// LOC: #[[BN]] = loc("bn2")
func @conv_with_other_users(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %scale = nn.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %shift = nn.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = nn.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %var = nn.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %0 = nn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %scale, %shift, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32> loc("bn2")
  return %0, %1 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// A fused activation sits between the conv and the batch norm.
// CHECK-LABEL: func @conv_with_activation
// CHECK: nn.conv2d {{.*}}activation = "relu"
// CHECK: nn.mul
// CHECK: nn.add
// CHECK-NOT: nn.batch_norm
func @conv_with_activation(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = nn.constant dense<1.0> : tensor<2xf32>
  %0 = nn.conv2d %x, %w {activation = "relu"} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %p, %p, %p, %p : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// The conv's weight is not a constant: scale and shift.
// CHECK-LABEL: func @conv_weight_not_constant
// CHECK: nn.conv2d %arg0, %arg1
// CHECK: nn.mul
// CHECK: nn.add
func @conv_weight_not_constant(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %p = nn.constant dense<1.0> : tensor<2xf32>
  %0 = nn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %p, %p, %p, %p : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// A batch norm on a rank-2 input (after a gemm, say) scales by [1, C].
// CHECK-LABEL: func @standalone_rank2
// CHECK-DAG: %[[S:.*]] = nn.constant dense<{{\[\[}}5.000000e-01, 2.500000e-01]]> : tensor<1x2xf32>
// CHECK-DAG: %[[T:.*]] = nn.constant dense<{{\[\[}}0.000000e+00, 1.000000e+00]]> : tensor<1x2xf32>
// CHECK: %[[M:.*]] = nn.mul %arg0, %[[S]] : (tensor<3x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
// CHECK: nn.add %[[M]], %[[T]] : (tensor<3x2xf32>, tensor<1x2xf32>) -> tensor<3x2xf32>
func @standalone_rank2(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %scale = nn.constant dense<1.0> : tensor<2xf32>
  %shift = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %mean = nn.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %var = nn.constant dense<[4.0, 16.0]> : tensor<2xf32>
  %0 = nn.batch_norm %x, %scale, %shift, %mean, %var {epsilon = 0.0 : f32} : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// Statistics that are not constants stay a batch norm.
// CHECK-LABEL: func @parameters_not_constant
// CHECK: nn.batch_norm %{{.*}}, %arg1, %arg1, %arg1, %arg1
// CHECK-NOT: nn.mul
func @parameters_not_constant(%x: tensor<1x1x2x2xf32>, %p: tensor<2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %0 = nn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %p, %p, %p, %p : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// A variance that makes var + epsilon non-positive is left alone rather than
// baked into NaN weights.
// CHECK-LABEL: func @negative_variance
// CHECK: nn.batch_norm
func @negative_variance(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = nn.constant dense<1.0> : tensor<2x1x1x1xf32>
  %p = nn.constant dense<1.0> : tensor<2xf32>
  %var = nn.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %0 = nn.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = nn.batch_norm %0, %p, %p, %p, %var : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Grouped conv: each output channel's whole weight row is scaled, and two
// batch norms in a row fold one after the other.
// CHECK-LABEL: func @grouped_then_twice
// CHECK-DAG: %[[W:.*]] = nn.constant dense<{{\[\[\[\[}}4.000000e+00, 4.000000e+00]]], {{\[\[\[}}4.000000e+00, 4.000000e+00]]], {{\[\[\[}}9.000000e+00, 9.000000e+00]]], {{\[\[\[}}9.000000e+00, 9.000000e+00]]]]> : tensor<4x1x1x2xf32>
// CHECK-DAG: %[[B:.*]] = nn.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: %[[Y:.*]] = nn.conv2d %arg0, %[[W]], %[[B]] {group = 2 : i64}
// CHECK-NEXT: return %[[Y]]
// CHECK-NOT: nn.batch_norm
func @grouped_then_twice(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x3x2xf32> {
  %w = nn.constant dense<1.0> : tensor<4x1x1x2xf32>
  %scale = nn.constant dense<[2.0, 2.0, 3.0, 3.0]> : tensor<4xf32>
  %zero = nn.constant dense<0.0> : tensor<4xf32>
  %one = nn.constant dense<1.0> : tensor<4xf32>
  %0 = nn.conv2d %x, %w {group = 2} : (tensor<1x2x3x3xf32>, tensor<4x1x1x2xf32>) -> tensor<1x4x3x2xf32>
  %1 = nn.batch_norm %0, %scale, %zero, %zero, %one {epsilon = 0.0 : f32} : (tensor<1x4x3x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x2xf32>
  %2 = nn.batch_norm %1, %scale, %zero, %zero, %one {epsilon = 0.0 : f32} : (tensor<1x4x3x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3x2xf32>
  return %2 : tensor<1x4x3x2xf32>
}
