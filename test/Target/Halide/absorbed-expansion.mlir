// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s
// RUN: nncc %s --report -o %t.o 2>&1 | FileCheck %s --check-prefix=REPORT

// A 1x1 expansion whose result (1x96x64x64, 1.5 MB) would not stay in a
// core's L2 cache between two kernels is computed inside the separable
// convolution reading it: per band of output rows, each depthwise row
// computes the expanded rows its window adds (a sliding window), into a
// buffer of 4 rows (3 for the 3x3 window, rounded to a power of two), as a
// register-blocked matrix product over the row. No kernel and no arena
// buffer is left for the expansion. This one has no bias: the kernel's
// operands are then (input, weight) before the separable's own.

// CHECK-LABEL: // kernel absorbed_expansion_k0: nn.relu
// CHECK-NOT:   nn.conv2d
// CHECK-LABEL: // kernel absorbed_expansion_k1: nn.separable_conv2d
// CHECK-NEXT:  produce separable_out:
// CHECK-NEXT:    parallel s2.yo.yo_task in [0, 1]:
// CHECK-NEXT:      for s2.yo.yo_part in [0, 1]:
// CHECK:             produce depthwise:
// CHECK-NEXT:          for y:
// CHECK-NEXT:            produce expanded:
// CHECK-NEXT:              for y:
// CHECK-NEXT:                for x.xo in [0, 7]:
// CHECK-NEXT:                  for c.coo in [0, 1]:
// CHECK-NEXT:                    produce expand_acc:
// CHECK:                           for ce in [0, 15]:
// CHECK:                   consume expanded:
// CHECK:             consume depthwise:
// CHECK-NEXT:          for s0.coo
// CHECK-LABEL: // kernel absorbed_expansion_k2: nn.sigmoid
// CHECK-NOT:   nn.conv2d
// CHECK-LABEL: // lowered absorbed_expansion_k1
// CHECK:       allocate expanded[float32 * 64 * 4 * 96 * 1]

// REPORT:      as it will run {{.*}}, 5 layers, 4 kernel calls
// REPORT:      1  conv2d {{.*}} 0 fused
// REPORT-NEXT: 2  separable_conv2d {{.*}} 1 arena

func @f(%x: tensor<1x16x64x64xf32>) -> tensor<1x24x64x64xf32> {
  %ew = nn.constant dense<0.125> : tensor<96x16x1x1xf32>
  %dw = nn.constant dense<0.5> : tensor<96x1x3x3xf32>
  %db = nn.constant dense<0.1> : tensor<96xf32>
  %pw = nn.constant dense<0.25> : tensor<24x96x1x1xf32>
  %pb = nn.constant dense<0.2> : tensor<24xf32>
  %in = nn.relu %x : tensor<1x16x64x64xf32>
  %0 = nn.conv2d %in, %ew {activation = "clip", activation_params = [0.0 : f32, 6.0 : f32]} : (tensor<1x16x64x64xf32>, tensor<96x16x1x1xf32>) -> tensor<1x96x64x64xf32>
  %1 = nn.separable_conv2d %0, %dw, %db, %pw, %pb {pads = [1, 1, 1, 1], depthwise_activation = "relu"} : (tensor<1x96x64x64xf32>, tensor<96x1x3x3xf32>, tensor<96xf32>, tensor<24x96x1x1xf32>, tensor<24xf32>) -> tensor<1x24x64x64xf32>
  %2 = nn.sigmoid %1 : tensor<1x24x64x64xf32>
  return %2 : tensor<1x24x64x64xf32>
}
