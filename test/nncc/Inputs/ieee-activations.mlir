func @ieee_activations(%x: tensor<1x2x1x4xf32>) -> (tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>) {
  %0 = nn.softmax %x {axis = 1} : tensor<1x2x1x4xf32> -> tensor<1x2x1x4xf32>
  %1 = nn.hard_sigmoid %x : tensor<1x2x1x4xf32>
  %2 = nn.relu %x : tensor<1x2x1x4xf32>
  return %0, %1, %2 : tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>
}
