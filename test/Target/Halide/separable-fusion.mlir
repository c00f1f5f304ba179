// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s
// Every allocation of the depthwise result is one band of 14 rows:
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | grep 'allocate depthwise' | not grep -v 'float32 \* 28 \* 14 \* 32 \* 1\]'

// A fused depthwise + pointwise convolution computes the depthwise result one
// band of output rows at a time (all 32 channels of 14 rows of 28 pixels: a
// 12544-float buffer, half the 28x28x32 tensor), inside the band loop and
// outside the loops over output-channel blocks and pixel tiles (four columns
// unrolled around each channel vector, so each weight vector loaded serves
// four pixels), so it is
// never stored whole and never recomputed per output channel. Each block of
// output channels then sweeps the whole band, so its weights stay in cache.

// CHECK-LABEL: // kernel separable_fusion_k0: nn.separable_conv2d
// CHECK-NEXT: produce separable_out:
// CHECK-NEXT:   parallel s2.yo in [0, 1]:
// CHECK-NEXT:     produce depthwise:
// CHECK-NEXT:       for y:
// CHECK-NEXT:         for x.xo in [0, 6]:
// CHECK-NEXT:           for c.co in [0, 1]:
// CHECK-NEXT:             unrolled x.xi in [0, 3]:
// CHECK-NEXT:               vectorized c.ci
// CHECK:          consume depthwise:
// CHECK-NEXT:       for s0.coo in
// CHECK-NEXT:         for s2.yi in [0, 13]:
// CHECK-NEXT:           for s1.xo in
// CHECK-NOT:              depthwise
// CHECK:          vectorized
// CHECK-LABEL: // kernel separable_fusion_k1: nn.sigmoid
// CHECK-LABEL: // lowered separable_fusion_k0
// CHECK: allocate depthwise[float32 * 28 * 14 * 32 * 1]
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
