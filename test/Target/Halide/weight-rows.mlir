// RUN: nncc %s --emit=llvm --target=x86-64-linux-avx512_skylake -o - | FileCheck %s

// A convolution's weights are embedded with output channels innermost, one
// row per input channel and tap. Rows a multiple of 1 KiB long are padded by
// a cache line: 1024 rows 4 KiB apart (MobileNet V1's 1024x1024 1x1 layer)
// fell into 1/16 of the L2 cache's sets, so a block of output channels could
// not keep its weights in L2 and re-read them from L3 for every band.
// %wide's 256 channels make 1 KiB rows: 2 rows of 272 floats, the last one
// unpadded (528 floats, 2112 bytes, where dense would take 2048). %narrow's
// 24 channels stay dense: 2 x 24 floats. (Both read an activation: over the
// user's NCHW input they would run as general convolutions, whose weights
// come in blocks of their register tile instead.)

// CHECK-DAG: @weight_rows_w0 = private constant [2112 x i8]
// CHECK-DAG: @weight_rows_w1 = private constant [192 x i8]

func @f(%input: tensor<1x2x4x4xf32>) -> (tensor<1x256x4x4xf32>, tensor<1x24x4x4xf32>) {
  %x = nn.sigmoid %input : tensor<1x2x4x4xf32>
  %wide = nn.constant dense<0.5> : tensor<256x2x1x1xf32>
  %narrow = nn.constant dense<0.25> : tensor<24x2x1x1xf32>
  %0 = nn.conv2d %x, %wide : (tensor<1x2x4x4xf32>, tensor<256x2x1x1xf32>) -> tensor<1x256x4x4xf32>
  %1 = nn.conv2d %x, %narrow : (tensor<1x2x4x4xf32>, tensor<24x2x1x1xf32>) -> tensor<1x24x4x4xf32>
  return %0, %1 : tensor<1x256x4x4xf32>, tensor<1x24x4x4xf32>
}
