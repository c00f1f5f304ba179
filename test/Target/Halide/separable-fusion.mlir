// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s
// Every allocation of the depthwise result is one row:
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | grep 'allocate depthwise' | not grep -v 'float32 \* 896\] in Stack'

// A fused depthwise + pointwise convolution computes the depthwise result one
// output row at a time (all 32 channels of the 28 pixels: a 896-float buffer
// on the stack, not the 28x28x32 tensor), inside the row loop and outside the
// loops over pixel and output-channel tiles, so it is never stored whole and
// never recomputed per output channel.

// CHECK-LABEL: // kernel separable_fusion_k0: nn.separable_conv2d
// CHECK-NEXT: produce separable_out:
// CHECK-NEXT:   parallel s2 in [0, 27]:
// CHECK-NEXT:     produce depthwise:
// CHECK-NEXT:       for x in [0, 27]:
// CHECK:          consume depthwise:
// CHECK-NEXT:       for s1.xo in
// CHECK-NEXT:         for s0.coo in
// CHECK-NOT:            depthwise
// CHECK:          vectorized
// CHECK-LABEL: // kernel separable_fusion_k1: nn.sigmoid
// CHECK-LABEL: // lowered separable_fusion_k0
// CHECK: allocate depthwise[float32 * 896] in Stack
// CHECK-LABEL: // lowered separable_fusion_k1
func @f(%x: tensor<1x32x28x28xf32>) -> tensor<1x128x28x28xf32> {
  %dw = nn.constant dense<0.5> : tensor<32x1x3x3xf32>
  %db = nn.constant dense<0.1> : tensor<32xf32>
  %pw = nn.constant dense<0.25> : tensor<128x32x1x1xf32>
  %pb = nn.constant dense<0.2> : tensor<128xf32>
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {pads = [1, 1, 1, 1], depthwise_activation = "relu", activation = "relu"} : (tensor<1x32x28x28xf32>, tensor<32x1x3x3xf32>, tensor<32xf32>, tensor<128x32x1x1xf32>, tensor<128xf32>) -> tensor<1x128x28x28xf32>
  %1 = nn.sigmoid %0 : tensor<1x128x28x28xf32>
  return %1 : tensor<1x128x28x28xf32>
}
