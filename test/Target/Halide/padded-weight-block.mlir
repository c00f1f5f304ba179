// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake --wide-fma=full | FileCheck %s
// RUN: nncc %s --emit=llvm --target=x86-64-linux-avx512_skylake --wide-fma=full -o - | FileCheck %s --check-prefix=WEIGHTS

// A grouped 1x1 convolution whose output is shuffled (ShuffleNet V1's
// 480 -> 120 channels in 3 groups, 14x14) runs as one general convolution
// per group, 40 output channels written 3 channels apart. Its weights come
// in blocks of the register tile, the last padded with zeros, so a tile may
// reach past the last channel: one block of 3 vectors (48 lanes, 40 useful)
// by 7 pixels, not 2 blocks of 2 vectors (64 lanes) with the second shifted
// over the first. Each group's weights: 160 rows of one 48-channel block,
// 30720 bytes; the plain layout is not embedded too.

// CHECK-LABEL: // kernel padded_weight_block_k1: nn.conv2d
// CHECK:         produce acc:
// CHECK-NEXT:      unrolled x:
// CHECK-NEXT:        unrolled c.c in [0, 2]:
// CHECK-NEXT:          vectorized c.{{v[0-9]+}} in [0, 15]:

// WEIGHTS-COUNT-3: @padded_weight_block_w{{[0-9]+}} = private constant [30720 x i8]
// WEIGHTS-NOT:     @padded_weight_block_w{{[0-9]+}} = private constant

func @f(%input: tensor<1x480x14x14xf32>) -> tensor<1x120x14x14xf32> {
  %x = nn.sigmoid %input : tensor<1x480x14x14xf32>
  %w = nn.constant dense<0.5> : tensor<120x160x1x1xf32>
  %0 = nn.conv2d %x, %w {group = 3, shuffle_output = true} : (tensor<1x480x14x14xf32>, tensor<120x160x1x1xf32>) -> tensor<1x120x14x14xf32>
  %1 = nn.sigmoid %0 : tensor<1x120x14x14xf32>
  return %1 : tensor<1x120x14x14xf32>
}
