// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx2-fma | FileCheck %s --check-prefix=AVX2

// A matrix product's register tile, with 32 vector registers.
//
// %0: 64 output channels over 196 pixels. 4 vectors by 7 pixels would need
// 33 registers (28 accumulators, 4 weights and the broadcast input that the
// 4 vectors share) and spilled an accumulator on every reduction step; 2
// vectors by 14 pixels fit but load 16 times for 28 FMAs, below the 2 FMAs
// per load this AVX-512 host needs. The tile is 4 vectors by 6 pixels (10
// loads for 24 FMAs; 196 of 198 pixels useful): MobileNet V2 4.14 -> 3.99 ms
// at 1 thread, ShuffleNet V2 1.0x's 116-channel layers 0.034 -> 0.031 ms.

// CHECK-LABEL: // kernel gemm_tile_k2: nn.conv2d at {{.*}}:42:
// CHECK:         for ci in [0, 31]:
// CHECK-NEXT:      unrolled p:
// CHECK-NEXT:        unrolled co.co in [0, 3]:
// CHECK:         consume acc:
// CHECK-NEXT:      unrolled p.pi in [0, 5]:
// CHECK-NEXT:        unrolled co.coi.coi in [0, 3]:

// %1: 80 output channels are 5 vectors, which no tile of up to 4 vectors
// covers exactly; they run as one block of 5 vectors by 4 pixels (9 loads for
// 20 FMAs), not as 5 blocks of one vector by 28 pixels (29 loads for 28
// FMAs; ShuffleNet V1's 20->80 layers: 16-21% faster).

// CHECK-LABEL: // kernel gemm_tile_k3: nn.conv2d at {{.*}}:43:
// CHECK-NEXT:  produce pointwise:
// CHECK-NEXT:    parallel p.po.pb in [0, 1]:
// CHECK-NEXT:      for p.po.pt in [0, 97]:
// CHECK:           for ci in [0, 19]:
// CHECK-NEXT:        unrolled p:
// CHECK-NEXT:          unrolled co.co in [0, 4]:
// CHECK:           consume acc:
// CHECK-NEXT:        unrolled p.pi in [0, 3]:

func @f(%x: tensor<1x32x14x14xf32>, %y: tensor<1x20x28x28xf32>, %z: tensor<1x64x7x8xf32>) -> (tensor<1x64x14x14xf32>, tensor<1x80x28x28xf32>, tensor<1x128x7x8xf32>) {
  %w = nn.constant dense<0.5> : tensor<64x32x1x1xf32>
  %v = nn.constant dense<0.25> : tensor<80x20x1x1xf32>
  %xs = nn.sigmoid %x : tensor<1x32x14x14xf32>
  %ys = nn.sigmoid %y : tensor<1x20x28x28xf32>
  %0 = nn.conv2d %xs, %w : (tensor<1x32x14x14xf32>, tensor<64x32x1x1xf32>) -> tensor<1x64x14x14xf32>
  %1 = nn.conv2d %ys, %v : (tensor<1x20x28x28xf32>, tensor<80x20x1x1xf32>) -> tensor<1x80x28x28xf32>
  %2 = nn.sigmoid %0 : tensor<1x64x14x14xf32>
  %3 = nn.sigmoid %1 : tensor<1x80x28x28xf32>
  %u = nn.constant dense<0.125> : tensor<128x64x1x1xf32>
  %zs = nn.sigmoid %z : tensor<1x64x7x8xf32>
  %4 = nn.conv2d %zs, %u : (tensor<1x64x7x8xf32>, tensor<128x64x1x1xf32>) -> tensor<1x128x7x8xf32>
  %5 = nn.sigmoid %4 : tensor<1x128x7x8xf32>
  return %2, %3, %5 : tensor<1x64x14x14xf32>, tensor<1x80x28x28xf32>, tensor<1x128x7x8xf32>
}

// With AVX2's 16 registers, the input each reduction step broadcasts takes a
// register of its own, as in AVX-512 tiles of several vectors: %0 runs as 2
// vectors by 6 pixels (12 accumulators, 2 weights, 1 broadcast), not 2 by 7,
// which left 15 registers for 17 values and spilled an accumulator to the
// stack on every step (MobileNet V2's 1x1 layers: 47% -> 85% of the peak).

// AVX2-LABEL: // kernel gemm_tile_k2: nn.conv2d at {{.*}}:42:
// AVX2:         for ci in [0, 31]:
// AVX2-NEXT:      unrolled p:
// AVX2-NEXT:        unrolled co.co in [0, 1]:
// AVX2:         consume acc:
// AVX2-NEXT:      unrolled p.pi in [0, 5]:
// AVX2-NEXT:        unrolled co.coi.coi in [0, 1]:

// AVX2 sustains fewer loads per FMA than AVX-512: %4, 128 channels over 56
// pixels, runs as 2 vectors by 6 pixels (8 loads for 12 FMAs, 56 of 60
// pixels useful) rather than 1 vector by 14 (15 loads for 14 FMAs), which
// the model with one load per FMA preferred. MobileNet V1's 14x14 separable
// layers, per-layer medians of 4 alternating runs at 1 thread: 17% faster.

// AVX2-LABEL: // kernel gemm_tile_k7: nn.conv2d at {{.*}}:48:
// AVX2:         for ci in [0, 63]:
// AVX2-NEXT:      unrolled p:
// AVX2-NEXT:        unrolled co.co in [0, 1]:
// AVX2:         consume acc:
// AVX2-NEXT:      unrolled p.pi in [0, 5]:
