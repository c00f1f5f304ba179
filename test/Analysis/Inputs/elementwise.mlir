// A network built to run against ShuffleNet V2 guideline G4 (and not G1,
// G2 or G3): a 1x1 convolution whose result goes through a swish (a sigmoid
// and a multiplication) and a broadcast bias, element-wise layers that no
// convolution can compute in its epilogue.
func @elementwise(%x: tensor<1x16x32x32xf32>, %b: tensor<1x16x1x1xf32>) -> tensor<1x16x32x32xf32> {
  %w = nn.constant dense<0.1> : tensor<16x16x1x1xf32>
  %c = nn.conv2d %x, %w : (tensor<1x16x32x32xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x32x32xf32> loc("conv")
  %s = nn.sigmoid %c : tensor<1x16x32x32xf32> loc("sigmoid")
  %m = nn.mul %c, %s : (tensor<1x16x32x32xf32>, tensor<1x16x32x32xf32>) -> tensor<1x16x32x32xf32> loc("swish")
  %a = nn.add %m, %b : (tensor<1x16x32x32xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x32x32xf32> loc("bias")
  %r = nn.relu %a : tensor<1x16x32x32xf32> loc("relu")
  return %r : tensor<1x16x32x32xf32>
}
