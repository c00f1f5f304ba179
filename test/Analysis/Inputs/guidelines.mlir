// A network built to run against ShuffleNet V2 guidelines G2 and G3 (and
// not G1 or G4): a 1x1 group convolution with g=4, then an Inception-style
// block whose input feeds three parallel branches joined by a concat.
func @guidelines(%x: tensor<1x16x8x8xf32>) -> tensor<1x48x8x8xf32> {
  %wg = nn.constant dense<0.1> : tensor<16x4x1x1xf32>
  %w1 = nn.constant dense<0.1> : tensor<16x16x1x1xf32>
  %w3 = nn.constant dense<0.1> : tensor<16x16x3x3xf32>
  %wd = nn.constant dense<0.1> : tensor<16x1x3x3xf32>
  %g = nn.conv2d %x, %wg {group = 4} : (tensor<1x16x8x8xf32>, tensor<16x4x1x1xf32>) -> tensor<1x16x8x8xf32> loc("grouped")
  %a = nn.conv2d %g, %w1 : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32> loc("branch_1x1")
  %b = nn.conv2d %g, %w3 {pads = [1, 1, 1, 1]} : (tensor<1x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<1x16x8x8xf32> loc("branch_3x3")
  %c = nn.max_pool2d %g {kernel_shape = [3, 3], pads = [1, 1, 1, 1]} : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32> loc("branch_pool")
  %j = nn.concat %a, %b, %c {axis = 1} : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x48x8x8xf32> loc("join")
  return %j : tensor<1x48x8x8xf32>
}
