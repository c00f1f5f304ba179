// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// A graph output whose NCHW layout differs from the channels-innermost one
// the kernels tile (%conv: 24 channels of 112x112 pixels) is computed into
// the arena, channels innermost, as any other tensor; a copy then writes the
// user's buffer row by row: each input row stays in cache while every
// channel's output row is written from it. Written NCHW directly, the
// convolution's accumulator ran one scalar at a time. Outputs laid out the
// same either way (%mask: one channel; %pooled: one pixel) are written in
// place, without a copy.

// CHECK:       // activation arena: 1204224 bytes, 4 kernel calls
// CHECK-LABEL: // kernel output_layout_k0: nn.conv2d
// CHECK:       produce conv_out:
// CHECK-NEXT:    parallel s2.s2_task in [0, 1]:
// CHECK-NEXT:      for s2.s2_part in [0, 55]:
// CHECK-NEXT:        for s1.xo in [0, 7]:
// CHECK-NEXT:          produce acc:
// CHECK-NEXT:            unrolled x:
// CHECK-NEXT:              unrolled c.c in [0, 1]:
// CHECK-NEXT:                vectorized c.{{v[0-9]+}} in [0, 15]:
// CHECK-LABEL: // kernel output_layout_k1: nn.conv2d
// CHECK-LABEL: // kernel output_layout_k2: nn.global_avg_pool
// CHECK-LABEL: // kernel output_layout_k3: copy
// CHECK-NEXT:  produce move_out:
// CHECK-NEXT:    parallel s1.s1_task in [0, 1]:
// CHECK-NEXT:      for s1.s1_part in [0, 55]:
// CHECK-NEXT:        for s2 in [0, 23]:
// CHECK-NEXT:          for s0.s0 in [0, 6]:
// CHECK-NEXT:            vectorized s0.{{v[0-9]+}} in [0, 15]:
// CHECK-NOT:   // kernel

func @output_layout(%x: tensor<1x3x224x224xf32>) -> (tensor<1x24x112x112xf32>, tensor<1x1x112x112xf32>, tensor<1x24x1x1xf32>) {
  %w = nn.constant dense<0.125> : tensor<24x3x3x3xf32>
  %b = nn.constant dense<0.1> : tensor<24xf32>
  %wm = nn.constant dense<0.25> : tensor<1x24x1x1xf32>
  %conv = nn.conv2d %x, %w, %b {strides = [2, 2], pads = [1, 1, 1, 1], activation = "relu"} : (tensor<1x3x224x224xf32>, tensor<24x3x3x3xf32>, tensor<24xf32>) -> tensor<1x24x112x112xf32>
  %mask = nn.conv2d %conv, %wm : (tensor<1x24x112x112xf32>, tensor<1x24x1x1xf32>) -> tensor<1x1x112x112xf32>
  %pooled = nn.global_avg_pool %conv : tensor<1x24x112x112xf32> -> tensor<1x24x1x1xf32>
  return %conv, %mask, %pooled : tensor<1x24x112x112xf32>, tensor<1x1x112x112xf32>, tensor<1x24x1x1xf32>
}
