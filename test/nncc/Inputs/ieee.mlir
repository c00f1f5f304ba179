func @ieee(%x: tensor<1x2x1x4xf32>) -> (tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x4xf32>) {
  %w = nn.constant dense<1.0> : tensor<2x2x1x1xf32>
  %0 = nn.conv2d %x, %w : (tensor<1x2x1x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x4xf32>
  %1 = nn.add %x, %x : (tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>) -> tensor<1x2x1x4xf32>
  %2 = nn.global_avg_pool %x : tensor<1x2x1x4xf32> -> tensor<1x2x1x1xf32>
  %3 = nn.sigmoid %x : tensor<1x2x1x4xf32>
  return %0, %1, %2, %3 : tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x1xf32>, tensor<1x2x1x4xf32>
}
