func @kernel_malloc(%x: tensor<1x64x4x128xf32>) -> tensor<1x8x4x128xf32> {
  %dw = nn.constant dense<0.5> : tensor<64x1x3x3xf32>
  %db = nn.constant dense<0.1> : tensor<64xf32>
  %pw = nn.constant dense<0.25> : tensor<8x64x1x1xf32>
  %pb = nn.constant dense<0.2> : tensor<8xf32>
  %0 = nn.separable_conv2d %x, %dw, %db, %pw, %pb {pads = [1, 1, 1, 1]} : (tensor<1x64x4x128xf32>, tensor<64x1x3x3xf32>, tensor<64xf32>, tensor<8x64x1x1xf32>, tensor<8xf32>) -> tensor<1x8x4x128xf32>
  return %0 : tensor<1x8x4x128xf32>
}
