func @ieee_activations(%x: tensor<1x2x1x4xf32>) -> (tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>) {
  %0 = nn.softmax %x {axis = 1} : tensor<1x2x1x4xf32> -> tensor<1x2x1x4xf32>
  %1 = nn.hard_sigmoid %x : tensor<1x2x1x4xf32>
  %2 = nn.relu %x : tensor<1x2x1x4xf32>
  %3 = nn.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x2x1x4xf32>
  // ReLU fused into a convolution's epilogue: each output channel sums both
  // input channels.
  %w = nn.constant dense<1.0> : tensor<2x2x1x1xf32>
  %4 = nn.conv2d %x, %w {activation = "relu"} : (tensor<1x2x1x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x1x4xf32>
  return %0, %1, %2, %3, %4 : tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>, tensor<1x2x1x4xf32>
}
