// RUN: nncc %s --emit=halide --target=x86-64-linux-avx2-fma --wide-fma=split | FileCheck %s
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx2-fma --wide-fma=full | FileCheck %s
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx2-fma --wide-fma=intel | FileCheck %s

// --wide-fma tunes AVX-512 targets only. An AVX2 target keeps its tiles
// whatever the value says: a 12-channel stem absorbed into its max pool
// still fills its 8-lane vectors with pixel pairs (24 values: 3 vectors).

// CHECK-LABEL: // kernel wide_fma_avx2_k0: nn.max_pool2d at
// CHECK:         store conv_pairs:
// CHECK:           produce conv_pairs:
// CHECK:             unrolled j.j in [0, 2]:
// CHECK-NEXT:          vectorized j.{{v[0-9]+}} in [0, 7]:

func @g(%x: tensor<1x3x448x448xf32>) -> tensor<1x12x112x112xf32> {
  %w = nn.constant dense<0.5> : tensor<12x3x3x3xf32>
  %0 = nn.conv2d %x, %w {strides = [2, 2], pads = [1, 1, 1, 1]} : (tensor<1x3x448x448xf32>, tensor<12x3x3x3xf32>) -> tensor<1x12x224x224xf32>
  %1 = nn.max_pool2d %0 {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]} : tensor<1x12x224x224xf32> -> tensor<1x12x112x112xf32>
  return %1 : tensor<1x12x112x112xf32>
}
