func @relu(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = nn.relu %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
