// AArch64 targets: the triple, Halide's form and feature suffixes are
// accepted, and the assembly uses NEON vector instructions.
// RUN: nncc %s --emit=asm --target=aarch64-linux-gnu | FileCheck %s --check-prefix=NEON
// RUN: nncc %s --emit=asm --target=arm-64-linux | FileCheck %s --check-prefix=NEON
// RUN: nncc %s --emit=asm --target=arm-64-linux-arm_dot_prod | FileCheck %s --check-prefix=NEON
// RUN: not nncc %s --emit=asm --target=arm-64-windows 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not nncc %s --emit=asm --target=riscv64-linux-gnu 2>&1 | FileCheck %s --check-prefix=BAD

// NEON: fmla v{{[0-9]+}}.4s
// BAD: nncc: error: unknown target '{{.*}}' (accepted: host, x86_64-linux-gnu, aarch64-linux-gnu, or Halide's arch-bits-os[-feature...] form
// BAD-NOT: error

func @f(%x: tensor<1x16x8x8xf32>) -> tensor<1x32x8x8xf32> {
  %w = nn.constant dense<0.5> : tensor<32x16x1x1xf32>
  %b = nn.constant dense<0.25> : tensor<32xf32>
  %0 = nn.conv2d %x, %w, %b : (tensor<1x16x8x8xf32>, tensor<32x16x1x1xf32>, tensor<32xf32>) -> tensor<1x32x8x8xf32>
  return %0 : tensor<1x32x8x8xf32>
}
