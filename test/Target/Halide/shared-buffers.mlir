// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake \
// RUN:   | FileCheck %s

// ShuffleNet V2 units: each concat passes on half of the previous one
// (a split view) and adds a half its unit computes. All three concats share
// one buffer: the computed parts get blocks of channels (4 + 4 for the
// first concat, 4 for each unit), nothing is copied, and the convolutions
// read their channels through a table. The arena is that one buffer: 16
// channels of 4x4 pixels, 1024 bytes (a buffer per concat with the passed-on
// half copied would need two 8-channel buffers live at once as well), and
// the last convolution's result (512 bytes), which the one copy writes to
// the user's NCHW buffer.

// CHECK: // activation arena: 1536 bytes, 6 kernel calls
// CHECK-COUNT-5: // kernel shared_buffers_k{{[0-9]}}: nn.conv2d
// CHECK-NEXT:  produce
// CHECK:       // kernel shared_buffers_k5: copy
// CHECK-NOT:   : copy
// CHECK-LABEL: // lowered shared_buffers_k2
// CHECK: in0[b{{[0-9]+}}[acc
// CHECK-LABEL: // lowered shared_buffers_k4
// CHECK: in0[b{{[0-9]+}}[acc
func @units(%x: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %w84 = nn.constant dense<0.1> : tensor<4x8x1x1xf32>
  %w44 = nn.constant dense<0.2> : tensor<4x4x1x1xf32>
  %w88 = nn.constant dense<0.3> : tensor<8x8x1x1xf32>
  %p = nn.conv2d %x, %w84 : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %q = nn.conv2d %x, %w84 {activation = "relu"} : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x4x4xf32>
  %t1 = nn.concat %p, %q {axis = 1, interleave = true} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %h1:2 = nn.split %t1 {axis = 1} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  %y1 = nn.conv2d %h1#1, %w44 : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %t2 = nn.concat %h1#0, %y1 {axis = 1, interleave = true} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %h2:2 = nn.split %t2 {axis = 1} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>
  %y2 = nn.conv2d %h2#1, %w44 : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %t3 = nn.concat %h2#0, %y2 {axis = 1, interleave = true} : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x8x4x4xf32>
  %out = nn.conv2d %t3, %w88 : (tensor<1x8x4x4xf32>, tensor<8x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  return %out : tensor<1x8x4x4xf32>
}
