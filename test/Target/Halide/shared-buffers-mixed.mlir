// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake \
// RUN:   | FileCheck %s

// A concat whose views come from two different buffers shares neither: its
// parts are copied into a buffer of its own, the one from the shared buffer
// read through its table. A concat that is the graph's result is written
// where the user wants it, so it does not join either: its parts that are
// channel maps (concats in a shared buffer) are copied there.

// CHECK-LABEL: // activation arena
// CHECK: // kernel shared_buffers_mixed_k{{[0-9]+}}: copy
// CHECK-LABEL: // lowered
func @mixed(%x: tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32> {
  %w84 = nn.constant dense<0.1> : tensor<4x8x1x1xf32>
  %w44 = nn.constant dense<0.2> : tensor<4x4x1x1xf32>
  %p = nn.conv2d %x, %w84 : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %q = nn.conv2d %x, %w84 {activation = "relu"} : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %t1 = nn.concat %p, %q {axis = 1, interleave = true} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %h1:2 = nn.split %t1 {axis = 1} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  %y1 = nn.conv2d %h1#1, %w44 : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %t2 = nn.concat %h1#0, %y1 {axis = 1, interleave = true} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %u = nn.concat %q, %p {axis = 1} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %h2:2 = nn.split %t2 {axis = 1} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  %g:2 = nn.split %u {axis = 1} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  %m = nn.concat %h2#1, %g#0 {axis = 1} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %h3:2 = nn.split %m {axis = 1} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  %y3 = nn.conv2d %h3#1, %w44 : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %r = nn.concat %h2#0, %y3 {axis = 1, interleave = true} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %z = nn.concat %t2, %r {axis = 1} : (tensor<1x8x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x16x4x4xf32>
  return %z : tensor<1x16x4x4xf32>
}
