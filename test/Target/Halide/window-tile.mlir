// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// A convolution over a spatial window keeps its own tile needs (one FMA per
// load, ten accumulators), not the 1x1 ones (two FMAs per load, twenty): 128
// output channels over rows of 27 pixels run as 2 vectors by 9 pixels, which
// cover the row exactly, not as 4 vectors by 6 pixels (30 of 27 pixels
// computed), which the 1x1 needs pick. SqueezeNet 1.1's 3x3 layers over
// 27-pixel rows at 1 thread: 0.256 ms as 2x9, 0.284 ms as 4x6.

// CHECK-LABEL: // kernel window_tile_k1: nn.conv2d at
// CHECK:         consume acc:
// CHECK-NEXT:      for s2.yi in
// CHECK-NEXT:        for s1.xo in [0, 2]:
// CHECK-NEXT:          unrolled s1.xi in [0, 8]:
// CHECK-NEXT:            unrolled s0.coi.coi in [0, 1]:

func @g(%x: tensor<1x64x27x27xf32>) -> tensor<1x128x27x27xf32> {
  %w = nn.constant dense<0.5> : tensor<128x64x3x3xf32>
  %xs = nn.sigmoid %x : tensor<1x64x27x27xf32>
  %0 = nn.conv2d %xs, %w {pads = [1, 1, 1, 1]} : (tensor<1x64x27x27xf32>, tensor<128x64x3x3xf32>) -> tensor<1x128x27x27xf32>
  %1 = nn.sigmoid %0 : tensor<1x128x27x27xf32>
  return %1 : tensor<1x128x27x27xf32>
}
