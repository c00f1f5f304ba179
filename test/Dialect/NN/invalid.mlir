// RUN: nncc-opt %s -split-input-file -verify-diagnostics

// One case per verifier rule of every nn op, plus the ODS constraints that
// malformed generic-form IR runs into. None of them may crash the verifier.

//===----------------------------------------------------------------------===//
// nn.constant
//===----------------------------------------------------------------------===//

func @constant_no_value() -> tensor<2xf32> {
  // expected-error @+1 {{'nn.constant' needs an elements value}}
  %0 = "nn.constant"() : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func @constant_value_not_elements() -> tensor<2xf32> {
  // expected-error @+1 {{'nn.constant' needs an elements value}}
  %0 = "nn.constant"() {value = 1.0 : f32} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func @constant_type_mismatch() -> tensor<3xf32> {
  // expected-error @+1 {{inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  %0 = "nn.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func @constant_not_f32() -> tensor<2xi32> {
  // expected-error @+1 {{result #0 must be statically shaped tensor of 32-bit float values}}
  %0 = nn.constant dense<1> : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

//===----------------------------------------------------------------------===//
// ODS constraints reached through the generic form
//===----------------------------------------------------------------------===//

func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{operand #0 must be statically shaped tensor of 32-bit float values}}
  %0 = nn.relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func @unary_type_mismatch(%x: tensor<2x4xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "nn.relu"(%x) : (tensor<2x4xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func @conv2d_group_not_integer(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{attribute 'group' failed to satisfy constraint: 64-bit signless integer attribute}}
  %0 = "nn.conv2d"(%x, %w) {group = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_strides_not_integers(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{attribute 'strides' failed to satisfy constraint: 64-bit integer array attribute}}
  %0 = "nn.conv2d"(%x, %w) {strides = [1.0, 1.0]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_activation_not_string(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{attribute 'activation' failed to satisfy constraint: string attribute}}
  %0 = "nn.conv2d"(%x, %w) {activation = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_activation_params_not_f32(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{attribute 'activation_params' failed to satisfy constraint: 32-bit float array attribute}}
  %0 = "nn.conv2d"(%x, %w) {activation = "clip", activation_params = [0, 6]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_too_many_operands(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>, %b: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{operand group starting at #2 requires 0 or 1 element, but found 2}}
  %0 = "nn.conv2d"(%x, %w, %b, %b) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @pool_missing_kernel(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{requires attribute 'kernel_shape'}}
  %0 = "nn.max_pool2d"(%x) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @clip_bound_not_f32(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{attribute 'min' failed to satisfy constraint: 32-bit float attribute}}
  %0 = "nn.clip"(%x) {min = 0 : i64, max = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.conv2d
//===----------------------------------------------------------------------===//

func @conv2d_input_rank(%x: tensor<2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{input must have rank 4, got 3}}
  %0 = nn.conv2d %x, %w : (tensor<2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_weight_rank(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{weight must have rank 4, got 2}}
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_group_zero(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{group must be at least 1, got 0}}
  %0 = nn.conv2d %x, %w {group = 0} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_group_input_channels(%x: tensor<1x6x4x4xf32>, %w: tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{group 4 does not divide the input channels 6}}
  %0 = nn.conv2d %x, %w {group = 4} : (tensor<1x6x4x4xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func @conv2d_group_output_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32> {
  // expected-error @+1 {{group 4 does not divide the output channels 6}}
  %0 = nn.conv2d %x, %w {group = 4} : (tensor<1x4x4x4xf32>, tensor<6x2x1x1xf32>) -> tensor<1x6x4x4xf32>
  return %0 : tensor<1x6x4x4xf32>
}

// -----

func @conv2d_weight_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<8x4x3x3xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{weight shape 8x4x3x3 expects 8 input channels with group 2, input has 4}}
  %0 = nn.conv2d %x, %w {group = 2} : (tensor<1x4x4x4xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

// -----

func @conv2d_bias_shape(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %b: tensor<2xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+1 {{bias must have shape 3, got 2}}
  %0 = nn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<2xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func @conv2d_bias_rank(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %b: tensor<1x3xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+1 {{bias must have shape 3, got 1x3}}
  %0 = nn.conv2d %x, %w, %b : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<1x3xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func @conv2d_strides_count(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'strides' must have 2 entries, got 1}}
  %0 = nn.conv2d %x, %w {strides = [1]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_strides_zero(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'strides' entries must be at least 1, got 0}}
  %0 = nn.conv2d %x, %w {strides = [1, 0]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_pads_count(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'pads' must have 4 entries, got 2}}
  %0 = nn.conv2d %x, %w {pads = [0, 0]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_negative_pads(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'pads' entries must be at least 0, got -1}}
  %0 = nn.conv2d %x, %w {pads = [0, -1, 0, 1]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_dilations_count(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'dilations' must have 2 entries, got 3}}
  %0 = nn.conv2d %x, %w {dilations = [1, 1, 1]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_dilations_zero(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'dilations' entries must be at least 1, got 0}}
  %0 = nn.conv2d %x, %w {dilations = [0, 1]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_empty_kernel(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x0x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{kernel size must be at least 1, got 0}}
  %0 = nn.conv2d %x, %w : (tensor<1x2x4x4xf32>, tensor<2x2x0x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_window_overflows(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{window in spatial dimension 0 overflows 64-bit arithmetic}}
  %0 = nn.conv2d %x, %w {pads = [9223372036854775807, 0, 9223372036854775807, 0]} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

func @conv2d_window_too_large(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x3x3xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{window of 5 exceeds the padded input size 4 in spatial dimension 1}}
  %0 = nn.conv2d %x, %w {dilations = [1, 2]} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

func @conv2d_unknown_activation(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{unknown activation 'gelu'}}
  %0 = nn.conv2d %x, %w {activation = "gelu"} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_clip_params(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{activation 'clip' takes 2 parameters, got 1}}
  %0 = nn.conv2d %x, %w {activation = "clip", activation_params = [6.0 : f32]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_relu_params(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{activation 'relu' takes 0 parameters, got 2}}
  %0 = nn.conv2d %x, %w {activation = "relu", activation_params = [0.0 : f32, 6.0 : f32]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_fused_clip_min_above_max(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{activation 'clip' has min 6.000000e+00 greater than max 0.000000e+00}}
  %0 = nn.conv2d %x, %w {activation = "clip", activation_params = [6.0 : f32, 0.0 : f32]} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @conv2d_result_shape(%x: tensor<1x2x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{result shape 1x4x4x4 does not match the inferred shape 1x4x3x3}}
  %0 = nn.conv2d %x, %w {strides = [2, 2]} : (tensor<1x2x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.separable_conv2d
//===----------------------------------------------------------------------===//

func @separable_input_rank(%x: tensor<4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{input must have rank 4, got 3}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_depthwise_rank(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{depthwise weight must have rank 4, got 3}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_pointwise_rank(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{pointwise weight must have rank 4, got 2}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_depthwise_channels(%x: tensor<1x4x8x8xf32>, %dw: tensor<8x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{depthwise weight shape 8x1x3x3 must be 4x1xkHxkW for 4 input channels}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<8x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_depthwise_multiplier(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x2x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{depthwise weight shape 4x2x3x3 must be 4x1xkHxkW for 4 input channels}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_pointwise_channels(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x2x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{pointwise weight shape 6x2x1x1 must be C_outx4x1x1}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x2x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_pointwise_kernel(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x3x3xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{pointwise weight shape 6x4x3x3 must be C_outx4x1x1}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_depthwise_bias(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<6xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{depthwise bias must have shape 4, got 6}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<6xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_pointwise_bias(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<4xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{pointwise bias must have shape 6, got 4}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<4xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_negative_pads(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'pads' entries must be at least 0, got -1}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {pads = [-1, 0, 0, 0]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_strides(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'strides' entries must be at least 1, got 0}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {strides = [0, 1]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_window(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{window of 9 exceeds the padded input size 8 in spatial dimension 0}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {dilations = [4, 1]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_depthwise_activation(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{unknown depthwise activation 'swish'}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {depthwise_activation = "swish"} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_depthwise_clip(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{depthwise activation 'clip' takes 2 parameters, got 0}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {depthwise_activation = "clip"} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_activation(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{activation 'hard_sigmoid' takes 2 parameters, got 1}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {activation = "hard_sigmoid", activation_params = [1.0 : f32]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func @separable_result(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{result shape 1x6x6x6 does not match the inferred shape 1x6x3x3}}
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {strides = [2, 2]} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.batch_norm
//===----------------------------------------------------------------------===//

func @batch_norm_rank(%x: tensor<4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{input must have rank at least 2, got 1}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func @batch_norm_scale(%x: tensor<1x4x2x2xf32>, %s: tensor<3xf32>, %p: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{scale must have shape 4, got 3}}
  %0 = nn.batch_norm %x, %s, %p, %p, %p : (tensor<1x4x2x2xf32>, tensor<3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func @batch_norm_bias(%x: tensor<1x4x2x2xf32>, %b: tensor<1x4xf32>, %p: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{bias must have shape 4, got 1x4}}
  %0 = nn.batch_norm %x, %p, %b, %p, %p : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func @batch_norm_mean(%x: tensor<1x4x2x2xf32>, %m: tensor<2xf32>, %p: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{mean must have shape 4, got 2}}
  %0 = nn.batch_norm %x, %p, %p, %m, %p : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func @batch_norm_var(%x: tensor<1x4x2x2xf32>, %v: tensor<5xf32>, %p: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{var must have shape 4, got 5}}
  %0 = nn.batch_norm %x, %p, %p, %p, %v : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func @batch_norm_epsilon(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{epsilon must not be negative}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p {epsilon = -1.0e-5 : f32} : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func @batch_norm_result(%x: tensor<1x4x2x2xf32>, %p: tensor<4xf32>) -> tensor<1x4x4x1xf32> {
  // expected-error @+1 {{result shape 1x4x4x1 does not match the inferred shape 1x4x2x2}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.clip
//===----------------------------------------------------------------------===//

func @clip_min_above_max(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{min 6.000000e+00 is greater than max 0.000000e+00}}
  %0 = nn.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func @clip_nan(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{min nan is greater than max 6.000000e+00}}
  %0 = nn.clip %x {min = 0x7FC00000 : f32, max = 6.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

func @pool_kernel_count(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x4xf32> {
  // expected-error @+1 {{'kernel_shape' must have 2 entries, got 1}}
  %0 = nn.max_pool2d %x {kernel_shape = [3]} : tensor<1x2x4x4xf32> -> tensor<1x2x2x4xf32>
  return %0 : tensor<1x2x2x4xf32>
}

// -----

func @pool_kernel_zero(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'kernel_shape' entries must be at least 1, got 0}}
  %0 = nn.avg_pool2d %x {kernel_shape = [0, 1]} : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func @pool_input_rank(%x: tensor<2x4x4xf32>) -> tensor<2x2x2xf32> {
  // expected-error @+1 {{input must have rank 4, got 3}}
  %0 = nn.max_pool2d %x {kernel_shape = [2, 2]} : tensor<2x4x4xf32> -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}

// -----

func @pool_negative_pads(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{'pads' entries must be at least 0, got -1}}
  %0 = nn.avg_pool2d %x {kernel_shape = [2, 2], pads = [-1, 0, 0, 0]} : tensor<1x2x4x4xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func @pool_strides_zero(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{'strides' entries must be at least 1, got 0}}
  %0 = nn.max_pool2d %x {kernel_shape = [2, 2], strides = [0, 0]} : tensor<1x2x4x4xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func @pool_dilations_zero(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{'dilations' entries must be at least 1, got 0}}
  %0 = nn.max_pool2d %x {kernel_shape = [2, 2], dilations = [1, 0]} : tensor<1x2x4x4xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func @pool_window_too_large(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{window of 5 exceeds the padded input size 4 in spatial dimension 0}}
  %0 = nn.max_pool2d %x {kernel_shape = [5, 3]} : tensor<1x2x4x4xf32> -> tensor<1x2x1x1xf32>
  return %0 : tensor<1x2x1x1xf32>
}

// -----

func @pool_pads_not_below_kernel(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x6xf32> {
  // expected-error @+1 {{pads must be smaller than the kernel, got 0 and 2 for kernel 2}}
  %0 = nn.avg_pool2d %x {kernel_shape = [1, 2], pads = [0, 0, 0, 2]} : tensor<1x2x4x4xf32> -> tensor<1x2x4x6xf32>
  return %0 : tensor<1x2x4x6xf32>
}

// -----

func @pool_result_shape(%x: tensor<1x2x7x7xf32>) -> tensor<1x2x3x3xf32> {
  // expected-error @+1 {{result shape 1x2x3x3 does not match the inferred shape 1x2x4x4}}
  %0 = nn.max_pool2d %x {kernel_shape = [2, 2], strides = [2, 2], ceil_mode = true} : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

func @global_avg_pool_rank(%x: tensor<2x7x7xf32>) -> tensor<2x1x1xf32> {
  // expected-error @+1 {{input must have rank 4, got 3}}
  %0 = nn.global_avg_pool %x : tensor<2x7x7xf32> -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

func @global_avg_pool_result(%x: tensor<1x2x7x7xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{result shape 1x2 does not match the inferred shape 1x2x1x1}}
  %0 = nn.global_avg_pool %x : tensor<1x2x7x7xf32> -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.concat, nn.split, nn.slice
//===----------------------------------------------------------------------===//

func @concat_no_inputs() -> tensor<1xf32> {
  // expected-error @+1 {{needs at least one input}}
  %0 = nn.concat {axis = 0} : () -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func @concat_axis(%a: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nn.concat %a, %a {axis = 2} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func @concat_negative_axis(%a: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{axis -1 is out of range for rank 2}}
  %0 = nn.concat %a, %a {axis = -1} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func @concat_rank(%a: tensor<1x2xf32>, %b: tensor<2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{input 1 has rank 1, expected 2}}
  %0 = nn.concat %a, %b {axis = 1} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func @concat_shape(%a: tensor<1x2x4x4xf32>, %b: tensor<1x2x4x5xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{input 1 has shape 1x2x4x5, which differs from input 0 outside axis 1}}
  %0 = nn.concat %a, %b {axis = 1} : (tensor<1x2x4x4xf32>, tensor<1x2x4x5xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func @concat_result(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{result shape 1x4 does not match the inferred shape 1x5}}
  %0 = nn.concat %a, %b {axis = 1} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func @split_axis(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{axis 3 is out of range for rank 2}}
  %0 = nn.split %x {axis = 3} : tensor<1x4xf32> -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func @split_no_results(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{needs at least one result}}
  "nn.split"(%x) {axis = 1} : (tensor<1x4xf32>) -> ()
  return
}

// -----

func @split_other_dimension(%x: tensor<1x4x2xf32>) -> tensor<1x2x2xf32> {
  // expected-error @+1 {{result 1 has shape 1x2x3, which differs from the input 1x4x2 outside axis 1}}
  %0:2 = nn.split %x {axis = 1} : tensor<1x4x2xf32> -> tensor<1x2x2xf32>, tensor<1x2x3xf32>
  return %0#0 : tensor<1x2x2xf32>
}

// -----

func @split_rank(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{result 0 has shape 2, which differs from the input 1x4 outside axis 1}}
  %0:2 = nn.split %x {axis = 1} : tensor<1x4xf32> -> tensor<2xf32>, tensor<1x2xf32>
  return %0#1 : tensor<1x2xf32>
}

// -----

func @split_sum(%x: tensor<1x6xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{result sizes along axis 1 sum to 5, the input has 6}}
  %0:2 = nn.split %x {axis = 1} : tensor<1x6xf32> -> tensor<1x2xf32>, tensor<1x3xf32>
  return %0#0 : tensor<1x2xf32>
}

// -----

func @slice_starts_count(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'starts' must have 2 entries, got 1}}
  %0 = nn.slice %x {starts = [0], ends = [2, 4], steps = [1, 1]} : tensor<4x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @slice_ends_count(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'ends' must have 2 entries, got 3}}
  %0 = nn.slice %x {starts = [0, 0], ends = [2, 4, 1], steps = [1, 1]} : tensor<4x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @slice_negative_start(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'starts' entries must be at least 0, got -2}}
  %0 = nn.slice %x {starts = [-2, 0], ends = [4, 4], steps = [1, 1]} : tensor<4x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @slice_step_zero(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'steps' entries must be at least 1, got 0}}
  %0 = nn.slice %x {starts = [0, 0], ends = [2, 4], steps = [0, 1]} : tensor<4x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @slice_empty(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{slice [3, 3) of dimension 0 is empty or outside its size 4}}
  %0 = nn.slice %x {starts = [3, 0], ends = [3, 4], steps = [1, 1]} : tensor<4x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @slice_past_end(%x: tensor<4x4xf32>) -> tensor<4x5xf32> {
  // expected-error @+1 {{slice [0, 5) of dimension 1 is empty or outside its size 4}}
  %0 = nn.slice %x {starts = [0, 0], ends = [4, 5], steps = [1, 1]} : tensor<4x4xf32> -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func @slice_result(%x: tensor<4x5xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{result shape 4x2 does not match the inferred shape 4x3}}
  %0 = nn.slice %x {starts = [0, 0], ends = [4, 5], steps = [1, 2]} : tensor<4x5xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.reshape, nn.flatten, nn.transpose, nn.channel_shuffle
//===----------------------------------------------------------------------===//

func @reshape_elements(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{cannot reshape 2x3 (6 elements) into 7 (7 elements)}}
  %0 = nn.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func @flatten_axis(%x: tensor<2x3xf32>) -> tensor<6x1xf32> {
  // expected-error @+1 {{axis 3 is out of range for rank 2}}
  %0 = nn.flatten %x {axis = 3} : tensor<2x3xf32> -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}

// -----

func @flatten_negative_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{axis -1 is out of range for rank 2}}
  %0 = nn.flatten %x {axis = -1} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func @flatten_result(%x: tensor<2x3x4xf32>) -> tensor<2x12x1xf32> {
  // expected-error @+1 {{result shape 2x12x1 does not match the inferred shape 2x12}}
  %0 = nn.flatten %x : tensor<2x3x4xf32> -> tensor<2x12x1xf32>
  return %0 : tensor<2x12x1xf32>
}

// -----

func @transpose_perm_size(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{perm has 3 entries for rank 2}}
  %0 = nn.transpose %x {perm = [1, 0, 2]} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func @transpose_perm_repeat(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{perm is not a permutation of 0..1}}
  %0 = nn.transpose %x {perm = [1, 1]} : tensor<2x3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func @transpose_perm_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{perm is not a permutation of 0..1}}
  %0 = nn.transpose %x {perm = [2, -1]} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func @transpose_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{result shape 2x3 does not match the inferred shape 3x2}}
  %0 = nn.transpose %x {perm = [1, 0]} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func @channel_shuffle_rank(%x: tensor<1x6x4xf32>) -> tensor<1x6x4xf32> {
  // expected-error @+1 {{input must have rank 4, got 3}}
  %0 = nn.channel_shuffle %x {groups = 2} : tensor<1x6x4xf32> -> tensor<1x6x4xf32>
  return %0 : tensor<1x6x4xf32>
}

// -----

func @channel_shuffle_groups(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  // expected-error @+1 {{groups 4 does not divide the channels 6}}
  %0 = nn.channel_shuffle %x {groups = 4} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// -----

func @channel_shuffle_groups_zero(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  // expected-error @+1 {{groups 0 does not divide the channels 6}}
  %0 = nn.channel_shuffle %x {groups = 0} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// -----

func @channel_shuffle_result(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x4x1xf32> {
  // expected-error @+1 {{result shape 1x6x4x1 does not match the inferred shape 1x6x2x2}}
  %0 = nn.channel_shuffle %x {groups = 2} : tensor<1x6x2x2xf32> -> tensor<1x6x4x1xf32>
  return %0 : tensor<1x6x4x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// nn.gemm, nn.matmul
//===----------------------------------------------------------------------===//

func @gemm_rank_a(%a: tensor<2x3x1xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{A must have rank 2, got 3}}
  %0 = nn.gemm %a, %b : (tensor<2x3x1xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @gemm_rank_b(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{B must have rank 2, got 1}}
  %0 = nn.gemm %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @gemm_activation(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{unknown activation 'tanh'}}
  %0 = nn.gemm %a, %b {activation = "tanh"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @gemm_hard_sigmoid_params(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{activation 'hard_sigmoid' takes 2 parameters, got 0}}
  %0 = nn.gemm %a, %b {activation = "hard_sigmoid"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @gemm_inner(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{inner dimensions differ: A' is 3x2, B' is 3x4}}
  %0 = nn.gemm %a, %b {transA = true} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func @gemm_c_broadcast(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{C of shape 3 does not broadcast to 2x4}}
  %0 = nn.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @gemm_c_rank(%a: tensor<3x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3x4x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{C of shape 3x4x4 does not broadcast to 3x4}}
  %0 = nn.gemm %a, %b, %c : (tensor<3x3xf32>, tensor<3x4xf32>, tensor<3x4x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func @gemm_c_grows_result(%a: tensor<3x3xf32>, %b: tensor<3x3xf32>, %c: tensor<3x3x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{C of shape 3x3x3 does not broadcast to 3x3}}
  %0 = nn.gemm %a, %b, %c : (tensor<3x3xf32>, tensor<3x3xf32>, tensor<3x3x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func @gemm_result(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{result shape 2x3 does not match the inferred shape 2x4}}
  %0 = nn.gemm %a, %b {transB = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func @matmul_rank(%a: tensor<3xf32>, %b: tensor<3x4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{operands must have rank at least 2, got 1 and 2}}
  %0 = nn.matmul %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func @matmul_inner(%a: tensor<2x3xf32>, %b: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{inner dimensions differ: 2x3 times 4x4}}
  %0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func @matmul_batch(%a: tensor<2x2x3xf32>, %b: tensor<3x3x4xf32>) -> tensor<2x2x4xf32> {
  // expected-error @+1 {{batch dimensions of 2x2x3 and 3x3x4 do not broadcast}}
  %0 = nn.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x4xf32>) -> tensor<2x2x4xf32>
  return %0 : tensor<2x2x4xf32>
}

// -----

func @matmul_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<1x2x4xf32> {
  // expected-error @+1 {{result shape 1x2x4 does not match the inferred shape 2x4}}
  %0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Element-wise arithmetic and softmax
//===----------------------------------------------------------------------===//

func @add_broadcast(%a: tensor<1x4x2x2xf32>, %b: tensor<3x1x1xf32>) -> tensor<1x4x2x2xf32> {
  // expected-error @+1 {{shapes 1x4x2x2 and 3x1x1 do not broadcast}}
  %0 = nn.add %a, %b : (tensor<1x4x2x2xf32>, tensor<3x1x1xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

func @sub_result(%a: tensor<4x1xf32>, %b: tensor<3xf32>) -> tensor<4x1xf32> {
  // expected-error @+1 {{result shape 4x1 does not match the inferred shape 4x3}}
  %0 = nn.sub %a, %b : (tensor<4x1xf32>, tensor<3xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// -----

func @mul_broadcast(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{shapes 2 and 3 do not broadcast}}
  %0 = nn.mul %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func @div_result(%a: tensor<2xf32>, %b: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{result shape  does not match the inferred shape 2}}
  %0 = nn.div %a, %b : (tensor<2xf32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func @softmax_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = nn.softmax %x {axis = 2} : tensor<2x10xf32> -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}

// -----

func @softmax_result(%x: tensor<2x10xf32>) -> tensor<20xf32> {
  // expected-error @+1 {{result shape 20 does not match the inferred shape 2x10}}
  %0 = nn.softmax %x {axis = 1} : tensor<2x10xf32> -> tensor<20xf32>
  return %0 : tensor<20xf32>
}

// -----

func @shuffle_output_ungrouped(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'shuffle_output' needs group > 1, got 1}}
  %0 = nn.conv2d %x, %w {shuffle_output = true} : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func @interleave_unequal(%a: tensor<1x2x2x2xf32>, %b: tensor<1x6x2x2xf32>) -> tensor<1x8x2x2xf32> {
  // expected-error @+1 {{'interleave' needs equal sizes along axis 1, input 1 has 6, input 0 has 2}}
  %0 = nn.concat %a, %b {axis = 1, interleave = true} : (tensor<1x2x2x2xf32>, tensor<1x6x2x2xf32>) -> tensor<1x8x2x2xf32>
  return %0 : tensor<1x8x2x2xf32>
}

// -----

func @add_unknown_activation(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{unknown activation 'gelu'}}
  %0 = nn.add %x, %x {activation = "gelu"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
