// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// Expansions that keep their own kernel: %small's result (1x96x32x32,
// 384 KB) stays in cache until the separable convolution reads it, and a band
// would only recompute rows; %shared's result (1.5 MB) is also read by the
// add, so it must be stored whole anyway.

// CHECK-LABEL: // kernel absorbed_expansion_kept_k1: nn.conv2d at {{.*}}:24:
// CHECK-LABEL: // kernel absorbed_expansion_kept_k3: nn.conv2d at {{.*}}:26:
// CHECK-LABEL: // kernel absorbed_expansion_kept_k4: nn.separable_conv2d
// CHECK-NOT:   produce expanded
// CHECK-LABEL: // kernel absorbed_expansion_kept_k5: nn.separable_conv2d
// CHECK-NOT:   produce expanded
// CHECK-LABEL: // lowered
func @f(%x: tensor<1x16x32x32xf32>, %y: tensor<1x16x64x64xf32>) -> (tensor<1x24x32x32xf32>, tensor<1x96x64x64xf32>) {
  %ew = nn.constant dense<0.125> : tensor<96x16x1x1xf32>
  %dw = nn.constant dense<0.5> : tensor<96x1x3x3xf32>
  %db = nn.constant dense<0.1> : tensor<96xf32>
  %pw = nn.constant dense<0.25> : tensor<24x96x1x1xf32>
  %pb = nn.constant dense<0.2> : tensor<24xf32>
  %pw96 = nn.constant dense<0.25> : tensor<96x96x1x1xf32>
  %pb96 = nn.constant dense<0.2> : tensor<96xf32>
  %a = nn.relu %x : tensor<1x16x32x32xf32>
  %small = nn.conv2d %a, %ew : (tensor<1x16x32x32xf32>, tensor<96x16x1x1xf32>) -> tensor<1x96x32x32xf32>
  %b = nn.relu %y : tensor<1x16x64x64xf32>
  %shared = nn.conv2d %b, %ew : (tensor<1x16x64x64xf32>, tensor<96x16x1x1xf32>) -> tensor<1x96x64x64xf32>
  %s1 = nn.separable_conv2d %small, %dw, %db, %pw, %pb {pads = [1, 1, 1, 1]} : (tensor<1x96x32x32xf32>, tensor<96x1x3x3xf32>, tensor<96xf32>, tensor<24x96x1x1xf32>, tensor<24xf32>) -> tensor<1x24x32x32xf32>
  %s2 = nn.separable_conv2d %shared, %dw, %db, %pw96, %pb96 {pads = [1, 1, 1, 1]} : (tensor<1x96x64x64xf32>, tensor<96x1x3x3xf32>, tensor<96xf32>, tensor<96x96x1x1xf32>, tensor<96xf32>) -> tensor<1x96x64x64xf32>
  %sum = nn.add %s2, %shared : (tensor<1x96x64x64xf32>, tensor<1x96x64x64xf32>) -> tensor<1x96x64x64xf32>
  return %s1, %sum : tensor<1x24x32x32xf32>, tensor<1x96x64x64xf32>
}
