// RUN: nncc-opt %s | nncc-opt | FileCheck %s
// RUN: nncc-opt %s --mlir-print-op-generic | nncc-opt | FileCheck %s

// Every nn op survives a print/parse round trip, in the custom and the
// generic form, with optional operands present and absent and with default
// attributes left implicit.

// CHECK-LABEL: func @constant
// CHECK: %[[C:.*]] = nn.constant dense<1.000000e+00> : tensor<2x3xf32>
// CHECK: %[[S:.*]] = nn.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: return %[[C]], %[[S]]
func @constant() -> (tensor<2x3xf32>, tensor<2xf32>) {
  %0 = nn.constant dense<1.0> : tensor<2x3xf32>
  %1 = nn.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2xf32>
}

// CHECK-LABEL: func @conv2d_defaults
// CHECK: nn.conv2d %{{.*}}, %{{.*}} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
func @conv2d_defaults(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  %0 = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// CHECK-LABEL: func @conv2d_all
// CHECK: nn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {activation = "clip", activation_params = [0.000000e+00 : f32, 6.000000e+00 : f32], dilations = [2, 1], group = 2 : i64, pads = [1, 2, 3, 4], strides = [2, 1]}
// CHECK-SAME: : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x13xf32>
func @conv2d_all(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>) -> tensor<1x6x5x13xf32> {
  %0 = nn.conv2d %x, %w, %b {strides = [2, 1], pads = [1, 2, 3, 4], dilations = [2, 1], group = 2, activation = "clip", activation_params = [0.0 : f32, 6.0 : f32]} : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x5x13xf32>
  return %0 : tensor<1x6x5x13xf32>
}

// CHECK-LABEL: func @conv2d_depthwise
// CHECK: nn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {activation = "relu", group = 8 : i64, pads = [1, 1, 1, 1]}
func @conv2d_depthwise(%x: tensor<1x8x4x4xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = nn.conv2d %x, %w, %b {group = 8, pads = [1, 1, 1, 1], activation = "relu"} : (tensor<1x8x4x4xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func @separable_conv2d
// CHECK: nn.separable_conv2d %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
// CHECK: nn.separable_conv2d %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {activation = "hard_swish", depthwise_activation = "clip", depthwise_activation_params = [0.000000e+00 : f32, 6.000000e+00 : f32], dilations = [1, 2], pads = [1, 1, 1, 1], strides = [2, 2]}
// CHECK-SAME: : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x4x3xf32>
func @separable_conv2d(%x: tensor<1x4x8x8xf32>, %dw: tensor<4x1x3x3xf32>, %db: tensor<4xf32>, %pw: tensor<6x4x1x1xf32>, %pb: tensor<6xf32>) -> (tensor<1x6x6x6xf32>, tensor<1x6x4x3xf32>) {
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  %1 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {strides = [2, 2], pads = [1, 1, 1, 1], dilations = [1, 2], depthwise_activation = "clip", depthwise_activation_params = [0.0 : f32, 6.0 : f32], activation = "hard_swish"} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>, tensor<6x4x1x1xf32>, tensor<6xf32>) -> tensor<1x6x4x3xf32>
  return %0, %1 : tensor<1x6x6x6xf32>, tensor<1x6x4x3xf32>
}

// CHECK-LABEL: func @batch_norm
// CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
// CHECK: nn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32}
func @batch_norm(%x: tensor<1x2x3x3xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = nn.batch_norm %x, %s, %b, %m, %v : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %1 = nn.batch_norm %0, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// CHECK-LABEL: func @activations
// CHECK: %[[R:.*]] = nn.relu %{{.*}} : tensor<2x3xf32>
// CHECK: %[[C:.*]] = nn.clip %[[R]] {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<2x3xf32>
// CHECK: %[[S:.*]] = nn.sigmoid %[[C]] : tensor<2x3xf32>
// CHECK: %[[H:.*]] = nn.hard_sigmoid %[[S]] : tensor<2x3xf32>
// CHECK: %[[H2:.*]] = nn.hard_sigmoid %[[H]] {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<2x3xf32>
// CHECK: nn.hard_swish %[[H2]] : tensor<2x3xf32>
func @activations(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = nn.relu %x : tensor<2x3xf32>
  %1 = nn.clip %0 {min = 0.0 : f32, max = 6.0 : f32} : tensor<2x3xf32>
  %2 = nn.sigmoid %1 : tensor<2x3xf32>
  %3 = nn.hard_sigmoid %2 : tensor<2x3xf32>
  %4 = nn.hard_sigmoid %3 {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<2x3xf32>
  %5 = nn.hard_swish %4 : tensor<2x3xf32>
  return %5 : tensor<2x3xf32>
}

// CHECK-LABEL: func @pooling
// CHECK: nn.max_pool2d %{{.*}} {kernel_shape = [3, 3]} : tensor<1x2x7x7xf32> -> tensor<1x2x5x5xf32>
// CHECK: nn.max_pool2d %{{.*}} {ceil_mode = true, dilations = [1, 1], kernel_shape = [3, 3], pads = [0, 0, 1, 1], strides = [2, 2]} : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
// CHECK: nn.avg_pool2d %{{.*}} {kernel_shape = [2, 2], strides = [2, 2]} : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
// CHECK: nn.avg_pool2d %{{.*}} {ceil_mode = true, count_include_pad = true, kernel_shape = [3, 3], pads = [1, 1, 1, 1], strides = [2, 2]} : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
// CHECK: nn.global_avg_pool %{{.*}} : tensor<1x2x7x7xf32> -> tensor<1x2x1x1xf32>
func @pooling(%x: tensor<1x2x7x7xf32>) -> (tensor<1x2x5x5xf32>, tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) {
  %0 = nn.max_pool2d %x {kernel_shape = [3, 3]} : tensor<1x2x7x7xf32> -> tensor<1x2x5x5xf32>
  %1 = nn.max_pool2d %x {kernel_shape = [3, 3], strides = [2, 2], pads = [0, 0, 1, 1], dilations = [1, 1], ceil_mode = true} : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
  %2 = nn.avg_pool2d %x {kernel_shape = [2, 2], strides = [2, 2]} : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
  %3 = nn.avg_pool2d %x {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1], count_include_pad = true, ceil_mode = true} : tensor<1x2x7x7xf32> -> tensor<1x2x4x4xf32>
  %4 = nn.global_avg_pool %x : tensor<1x2x7x7xf32> -> tensor<1x2x1x1xf32>
  return %0, %1, %2, %3, %4 : tensor<1x2x5x5xf32>, tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
}

// CHECK-LABEL: func @concat_split
// CHECK: %[[C:.*]] = nn.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
// CHECK: %[[S:.*]]:2 = nn.split %[[C]] {axis = 1 : i64} : tensor<1x5x4x4xf32> -> tensor<1x1x4x4xf32>, tensor<1x4x4x4xf32>
// CHECK: nn.concat %{{.*}} {axis = 0 : i64} : (tensor<3xf32>) -> tensor<3xf32>
// CHECK: nn.split %{{.*}} {axis = 0 : i64} : tensor<3xf32> -> tensor<3xf32>
func @concat_split(%a: tensor<1x2x4x4xf32>, %b: tensor<1x3x4x4xf32>, %v: tensor<3xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x4x4x4xf32>, tensor<3xf32>) {
  %0 = nn.concat %a, %b {axis = 1} : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  %1:2 = nn.split %0 {axis = 1} : tensor<1x5x4x4xf32> -> tensor<1x1x4x4xf32>, tensor<1x4x4x4xf32>
  %2 = nn.concat %v {axis = 0} : (tensor<3xf32>) -> tensor<3xf32>
  %3 = nn.split %2 {axis = 0} : tensor<3xf32> -> tensor<3xf32>
  return %1#0, %1#1, %3 : tensor<1x1x4x4xf32>, tensor<1x4x4x4xf32>, tensor<3xf32>
}

// CHECK-LABEL: func @slice
// CHECK: nn.slice %{{.*}} {ends = [1, 4, 5, 5], starts = [0, 1, 0, 1], steps = [1, 1, 2, 3]} : tensor<1x4x5x5xf32> -> tensor<1x3x3x2xf32>
func @slice(%x: tensor<1x4x5x5xf32>) -> tensor<1x3x3x2xf32> {
  %0 = nn.slice %x {starts = [0, 1, 0, 1], ends = [1, 4, 5, 5], steps = [1, 1, 2, 3]} : tensor<1x4x5x5xf32> -> tensor<1x3x3x2xf32>
  return %0 : tensor<1x3x3x2xf32>
}

// CHECK-LABEL: func @shapes
// CHECK: %[[R:.*]] = nn.reshape %{{.*}} : tensor<1x6x2x2xf32> -> tensor<1x2x3x2x2xf32>
// CHECK: %[[T:.*]] = nn.transpose %[[R]] {perm = [0, 2, 1, 3, 4]} : tensor<1x2x3x2x2xf32> -> tensor<1x3x2x2x2xf32>
// CHECK: %[[F:.*]] = nn.flatten %[[T]] : tensor<1x3x2x2x2xf32> -> tensor<1x24xf32>
// CHECK: nn.flatten %[[T]] {axis = 2 : i64} : tensor<1x3x2x2x2xf32> -> tensor<3x8xf32>
// CHECK: nn.flatten %[[T]] {axis = 0 : i64} : tensor<1x3x2x2x2xf32> -> tensor<1x24xf32>
func @shapes(%x: tensor<1x6x2x2xf32>) -> (tensor<1x24xf32>, tensor<3x8xf32>, tensor<1x24xf32>) {
  %0 = nn.reshape %x : tensor<1x6x2x2xf32> -> tensor<1x2x3x2x2xf32>
  %1 = nn.transpose %0 {perm = [0, 2, 1, 3, 4]} : tensor<1x2x3x2x2xf32> -> tensor<1x3x2x2x2xf32>
  %2 = nn.flatten %1 : tensor<1x3x2x2x2xf32> -> tensor<1x24xf32>
  %3 = nn.flatten %1 {axis = 2} : tensor<1x3x2x2x2xf32> -> tensor<3x8xf32>
  %4 = nn.flatten %1 {axis = 0} : tensor<1x3x2x2x2xf32> -> tensor<1x24xf32>
  return %2, %3, %4 : tensor<1x24xf32>, tensor<3x8xf32>, tensor<1x24xf32>
}

// CHECK-LABEL: func @channel_shuffle
// CHECK: nn.channel_shuffle %{{.*}} {groups = 3 : i64} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
func @channel_shuffle(%x: tensor<1x6x2x2xf32>) -> tensor<1x6x2x2xf32> {
  %0 = nn.channel_shuffle %x {groups = 3} : tensor<1x6x2x2xf32> -> tensor<1x6x2x2xf32>
  return %0 : tensor<1x6x2x2xf32>
}

// CHECK-LABEL: func @gemm
// CHECK: nn.gemm %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: nn.gemm %{{.*}}, %{{.*}}, %{{.*}} {activation = "relu", alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, transA = true, transB = true} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// CHECK: nn.gemm %{{.*}}, %{{.*}}, %{{.*}} {activation = "hard_sigmoid", activation_params = [2.000000e-01 : f32, 5.000000e-01 : f32]} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
func @gemm(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %at: tensor<3x2xf32>, %bt: tensor<4x3xf32>, %c: tensor<4xf32>, %c2: tensor<2x1xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %0 = nn.gemm %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = nn.gemm %at, %bt, %c {alpha = 0.5 : f32, beta = 2.0 : f32, transA = true, transB = true, activation = "relu"} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %2 = nn.gemm %a, %b, %c2 {activation = "hard_sigmoid", activation_params = [0.2 : f32, 0.5 : f32]} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func @matmul
// CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: nn.matmul %{{.*}}, %{{.*}} : (tensor<5x1x2x3xf32>, tensor<6x3x4xf32>) -> tensor<5x6x2x4xf32>
func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %ba: tensor<5x1x2x3xf32>, %bb: tensor<6x3x4xf32>) -> (tensor<2x4xf32>, tensor<5x6x2x4xf32>) {
  %0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = nn.matmul %ba, %bb : (tensor<5x1x2x3xf32>, tensor<6x3x4xf32>) -> tensor<5x6x2x4xf32>
  return %0, %1 : tensor<2x4xf32>, tensor<5x6x2x4xf32>
}

// CHECK-LABEL: func @binary
// CHECK: %[[A:.*]] = nn.add %{{.*}}, %{{.*}} : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x2x2xf32>
// CHECK: %[[S:.*]] = nn.sub %[[A]], %{{.*}} : (tensor<1x4x2x2xf32>, tensor<2xf32>) -> tensor<1x4x2x2xf32>
// CHECK: %[[M:.*]] = nn.mul %{{.*}}, %[[S]] : (tensor<f32>, tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
// CHECK: nn.div %[[M]], %[[M]] : (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
func @binary(%x: tensor<1x4x2x2xf32>, %c: tensor<1x4x1x1xf32>, %v: tensor<2xf32>, %s: tensor<f32>) -> tensor<1x4x2x2xf32> {
  %0 = nn.add %x, %c : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x2x2xf32>
  %1 = nn.sub %0, %v : (tensor<1x4x2x2xf32>, tensor<2xf32>) -> tensor<1x4x2x2xf32>
  %2 = nn.mul %s, %1 : (tensor<f32>, tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  %3 = nn.div %2, %2 : (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %3 : tensor<1x4x2x2xf32>
}

// CHECK-LABEL: func @softmax
// CHECK: nn.softmax %{{.*}} {axis = 1 : i64} : tensor<2x10xf32> -> tensor<2x10xf32>
func @softmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %0 = nn.softmax %x {axis = 1} : tensor<2x10xf32> -> tensor<2x10xf32>
  return %0 : tensor<2x10xf32>
}
