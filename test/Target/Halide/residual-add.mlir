// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s
// RUN: nncc %s --report -o %t.o 2>&1 | FileCheck %s --check-prefix=REPORT

// A residual add is computed in the epilogue of the convolution producing
// one of its operands: the convolution's kernel reads the other operand (its
// last input, in2 here) and writes the add's result, with the add's ReLU;
// the add runs no kernel. The adds that keep their own kernel: %broadcast
// broadcasts, %after's other operand (%later) is computed after %c2, and
// %c3's result is also a graph output. %out, a graph output itself, is fused
// into %c4's kernel like %fused: it is computed into the arena, channels
// innermost, and copied to the user's NCHW buffer.

// CHECK-LABEL: // kernel residual_add_k1: nn.conv2d at {{.*}}:39:
// CHECK-NOT:   // kernel
// CHECK:       // kernel residual_add_k2: nn.conv2d at {{.*}}:41:
// CHECK-NEXT:  produce pointwise:
// CHECK:       // kernel residual_add_k3: nn.add at {{.*}}:42:
// CHECK:       // kernel residual_add_k4: nn.sigmoid
// CHECK:       // kernel residual_add_k5: nn.add at {{.*}}:45:
// CHECK:       // kernel residual_add_k6: nn.conv2d at {{.*}}:48:
// CHECK-NEXT:  produce pointwise:
// CHECK:       // kernel residual_add_k7: copy
// CHECK-NOT:   // kernel
// CHECK-LABEL: // lowered residual_add_k1
// CHECK:       let [[SUM:t[0-9]+]] = acc[ramp(0, 1, 16)] + in2[ramp(
// CHECK-NEXT:  pointwise[ramp({{.*}}] = select({{.*}}, [[SUM]], max([[SUM]], x16(0.000000f)))

// REPORT:      as it will run {{.*}}, 14 layers, 12 kernel calls
// REPORT:      1  conv2d {{.*}} 1 arena
// REPORT-NEXT: 2  add {{.*}} 0 fused
// REPORT-NEXT: 3  conv2d {{.*}} 1 arena
// REPORT-NEXT: 4  add {{.*}} 1 arena
// REPORT:      10 conv2d {{.*}} 1 arena
// REPORT-NEXT: 11 add {{.*}} 0 fused

func @f(%x: tensor<1x16x8x8xf32>, %b: tensor<1x16x1x1xf32>) -> (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) {
  %w = nn.constant dense<0.125> : tensor<16x16x1x1xf32>
  %in = nn.relu %x : tensor<1x16x8x8xf32>
  %c0 = nn.conv2d %in, %w : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %fused = nn.add %c0, %in {activation = "relu"} : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %c1 = nn.conv2d %fused, %w : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %broadcast = nn.add %c1, %b : (tensor<1x16x8x8xf32>, tensor<1x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %c2 = nn.conv2d %broadcast, %w : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %later = nn.sigmoid %broadcast : tensor<1x16x8x8xf32>
  %after = nn.add %later, %c2 : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %c3 = nn.conv2d %after, %w : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %twice = nn.add %c3, %after : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %c4 = nn.conv2d %twice, %w : (tensor<1x16x8x8xf32>, tensor<16x16x1x1xf32>) -> tensor<1x16x8x8xf32>
  %out = nn.add %c4, %twice : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %out, %c3 : tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>
}
