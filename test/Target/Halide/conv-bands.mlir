// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// A general convolution whose weights outgrow a band's budget (256 KB) runs
// its rows in bands, and each block of output channels sweeps a whole band
// (the block loop outside the rows and columns), so the block's weights are
// read once per band. Row by row, every column tile read all 590 KB of
// weights (SqueezeNet 1.0's 64->256 3x3 layer: 23% slower on a 512 KB L2).

//
// A block of 32 output channels has 73 KB of weights, beyond L1 (32 KB): its
// accumulators over the band stay in a buffer and the reduction runs in 4
// chunks of 16 input channels (18 KB of weights each), every chunk sweeping
// the band's column tiles with its weights in L1 (MobileNet V1's 7x7 layers,
// 96 KB blocks: 6-10% faster; SqueezeNet's 64->256 3x3 layers 7%).

// CHECK-LABEL: // kernel conv_bands_k1: nn.conv2d at {{.*}}:44:
// CHECK:       produce conv_out:
// CHECK-NEXT:    parallel s2.yo in [0, 1]:
// CHECK-NEXT:      for s0.coo in [0, 7]:
// CHECK-NEXT:        produce acc:
// CHECK:               for r.ro in [0, 3]:
// CHECK-NEXT:            for y:
// CHECK-NEXT:              for x.axo in [0, 2]:
// CHECK-NEXT:                for r in [0, 2]:
// CHECK-NEXT:                  for r in [0, 2]:
// CHECK-NEXT:                    for r.ri in [0, 15]:
// CHECK:               consume acc:
// CHECK-NEXT:            for s2.yi in [0, 13]:
// CHECK-NEXT:              for s1.xo in [0, 2]:

// Small weights (37 KB) stay in cache: rows run one by one, each column tile
// sweeping every block.

// CHECK-LABEL: // kernel conv_bands_k3: nn.conv2d at {{.*}}:47:
// CHECK:       produce conv:
// CHECK-NEXT:    parallel s2.s2_task in [0, 1]:
// CHECK-NEXT:      for s2.s2_part in [0, 13]:
// CHECK-NEXT:        for s1.xo in [0, 2]:
// CHECK-NEXT:          for s0.coo in [0, 1]:

func @f(%x: tensor<1x64x27x27xf32>, %y: tensor<1x16x27x27xf32>) -> (tensor<1x256x27x27xf32>, tensor<1x64x27x27xf32>) {
  %w = nn.constant dense<0.5> : tensor<256x64x3x3xf32>
  %xs = nn.sigmoid %x : tensor<1x64x27x27xf32>
  %0 = nn.conv2d %xs, %w {pads = [1, 1, 1, 1]} : (tensor<1x64x27x27xf32>, tensor<256x64x3x3xf32>) -> tensor<1x256x27x27xf32>
  %v = nn.constant dense<0.5> : tensor<64x16x3x3xf32>
  %ys = nn.sigmoid %y : tensor<1x16x27x27xf32>
  %1 = nn.conv2d %ys, %v {pads = [1, 1, 1, 1]} : (tensor<1x16x27x27xf32>, tensor<64x16x3x3xf32>) -> tensor<1x64x27x27xf32>
  %2 = nn.sigmoid %0 : tensor<1x256x27x27xf32>
  %3 = nn.sigmoid %1 : tensor<1x64x27x27xf32>
  return %2, %3 : tensor<1x256x27x27xf32>, tensor<1x64x27x27xf32>
}
