func @vectors(%x: tensor<1x32x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %w = nn.constant dense<0.5> : tensor<32x32x1x1xf32>
  %0 = nn.sigmoid %x : tensor<1x32x8x8xf32>
  %1 = nn.conv2d %0, %w : (tensor<1x32x8x8xf32>, tensor<32x32x1x1xf32>) -> tensor<1x32x8x8xf32>
  %2 = nn.sigmoid %1 : tensor<1x32x8x8xf32>
  return %2 : tensor<1x32x8x8xf32>
}
