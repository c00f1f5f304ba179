// RUN: nncc %s --report -o %t.o 2>&1 | FileCheck %s

// The arena places its largest buffers first. Buffer lifetimes, in kernel
// calls: %s1 (1x4x8x8, 1 KB) 0-1, %big1 (1x64x8x8, 16 KB) 1-2, %s2 (1x8x8x8,
// 2 KB) 2-3, %big2 (1x128x8x8, 32 KB) 3-4. %big2 goes to offset 0, %big1
// too (they are never alive together), %s2 above %big2 and %s1 above %big1:
// the peak is %big2 + %s2 = 34816 bytes, what call 3 needs at least. Placed
// in order of first use, %s2 would sit above %big1 and push %big2 above
// itself: 16 + 1 + 2 + 32 KB = 52224 bytes.

// CHECK:      as it will run
// CHECK:      0  conv2d {{.*}} arena      16384       1024 0-1
// CHECK-NEXT: 1  conv2d {{.*}} arena          0      16384 1-2
// CHECK-NEXT: 2  conv2d {{.*}} arena      32768       2048 2-3
// CHECK-NEXT: 3  conv2d {{.*}} arena          0      32768 3-4
// CHECK:      peak arena bytes: 34816

func @f(%x: tensor<1x16x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w1 = nn.constant dense<0.1> : tensor<4x16x1x1xf32>
  %w2 = nn.constant dense<0.1> : tensor<64x4x1x1xf32>
  %w3 = nn.constant dense<0.1> : tensor<8x64x1x1xf32>
  %w4 = nn.constant dense<0.1> : tensor<128x8x1x1xf32>
  %w5 = nn.constant dense<0.1> : tensor<4x128x1x1xf32>
  %s1 = nn.conv2d %x, %w1 : (tensor<1x16x8x8xf32>, tensor<4x16x1x1xf32>) -> tensor<1x4x8x8xf32>
  %big1 = nn.conv2d %s1, %w2 : (tensor<1x4x8x8xf32>, tensor<64x4x1x1xf32>) -> tensor<1x64x8x8xf32>
  %s2 = nn.conv2d %big1, %w3 : (tensor<1x64x8x8xf32>, tensor<8x64x1x1xf32>) -> tensor<1x8x8x8xf32>
  %big2 = nn.conv2d %s2, %w4 : (tensor<1x8x8x8xf32>, tensor<128x8x1x1xf32>) -> tensor<1x128x8x8xf32>
  %y = nn.conv2d %big2, %w5 : (tensor<1x128x8x8xf32>, tensor<4x128x1x1xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}
