// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake --wide-fma=split | FileCheck %s --check-prefix=SPLIT
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake --wide-fma=full | FileCheck %s --check-prefix=FULL
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s --check-prefix=FULL
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake --wide-fma=intel | FileCheck %s --check-prefix=INTEL

// Cores that run a 512-bit FMA as two 256-bit halves (AMD Zen 4,
// --wide-fma=split; `auto` detects it on the host) do as much per cycle with
// 8 lanes as with 16. A 3x3 convolution to 24 channels (ShuffleNet's first)
// then runs as 3 8-lane vectors, every lane useful, not as 2 16-lane ones
// over 32 channels (its weights padded to 32); a 1x1 convolution keeps the
// windowed tile needs (one FMA per load, ten accumulators): 512 channels
// over 14-pixel rows as 2 vectors by 14 pixels, not 4 by 6, and 1000
// channels over 13x13 pixels (SqueezeNet's classifier) as 3 by 5. Other
// targets, and `full` (AMD Zen 5), keep the full-width choices. Intel cores
// (`intel`, detected on an Intel host with AVX-512) keep the 16-lane tile
// of the 3x3 convolution and need one FMA per load for the 1x1 ones, as
// split cores do, but 20 accumulators: 2 by 14 for 512 channels, and 3 by 9
// (27 accumulators) for 1000.

// SPLIT-LABEL: // kernel wide_fma_k0: nn.conv2d at
// SPLIT:         produce acc:
// SPLIT-NEXT:      unrolled x:
// SPLIT-NEXT:        unrolled c.c in [0, 2]:
// SPLIT-NEXT:          vectorized c.{{v[0-9]+}} in [0, 7]:
// SPLIT-LABEL: // kernel wide_fma_k3: nn.conv2d at
// SPLIT:         consume acc:
// SPLIT-NEXT:      unrolled p.pi in [0, 13]:
// SPLIT-NEXT:        unrolled co.coi.coi in [0, 1]:
// SPLIT-LABEL: // kernel wide_fma_k6: nn.conv2d at
// SPLIT:         consume acc:
// SPLIT-NEXT:      unrolled p.pi in [0, 4]:
// SPLIT-NEXT:        unrolled co.coi.coi in [0, 2]:

// FULL-LABEL: // kernel wide_fma_k0: nn.conv2d at
// FULL:         produce acc:
// FULL-NEXT:      unrolled x:
// FULL-NEXT:        unrolled c.c in [0, 1]:
// FULL-NEXT:          vectorized c.{{v[0-9]+}} in [0, 15]:
// FULL-LABEL: // kernel wide_fma_k3: nn.conv2d at
// FULL:         consume acc:
// FULL-NEXT:      unrolled p.pi in [0, 5]:
// FULL-NEXT:        unrolled co.coi.coi in [0, 3]:
// FULL-LABEL: // kernel wide_fma_k6: nn.conv2d at
// FULL:         consume acc:
// FULL-NEXT:      unrolled p.pi in [0, 8]:
// FULL-NEXT:        unrolled co.coi.coi in [0, 2]:

// INTEL-LABEL: // kernel wide_fma_k0: nn.conv2d at
// INTEL:         produce acc:
// INTEL-NEXT:      unrolled x:
// INTEL-NEXT:        unrolled c.c in [0, 1]:
// INTEL-NEXT:          vectorized c.{{v[0-9]+}} in [0, 15]:
// INTEL-LABEL: // kernel wide_fma_k3: nn.conv2d at
// INTEL:         consume acc:
// INTEL-NEXT:      unrolled p.pi in [0, 13]:
// INTEL-NEXT:        unrolled co.coi.coi in [0, 1]:
// INTEL-LABEL: // kernel wide_fma_k6: nn.conv2d at
// INTEL:         consume acc:
// INTEL-NEXT:      unrolled p.pi in [0, 8]:
// INTEL-NEXT:        unrolled co.coi.coi in [0, 2]:

func @g(%x: tensor<1x3x64x64xf32>, %y: tensor<1x512x14x14xf32>, %z: tensor<1x512x13x13xf32>) -> (tensor<1x24x32x32xf32>, tensor<1x512x14x14xf32>, tensor<1x1000x13x13xf32>) {
  %w = nn.constant dense<0.5> : tensor<24x3x3x3xf32>
  %0 = nn.conv2d %x, %w {strides = [2, 2], pads = [1, 1, 1, 1]} : (tensor<1x3x64x64xf32>, tensor<24x3x3x3xf32>) -> tensor<1x24x32x32xf32>
  %1 = nn.sigmoid %0 : tensor<1x24x32x32xf32>
  %ys = nn.sigmoid %y : tensor<1x512x14x14xf32>
  %v = nn.constant dense<0.5> : tensor<512x512x1x1xf32>
  %2 = nn.conv2d %ys, %v : (tensor<1x512x14x14xf32>, tensor<512x512x1x1xf32>) -> tensor<1x512x14x14xf32>
  %3 = nn.sigmoid %2 : tensor<1x512x14x14xf32>
  %zs = nn.sigmoid %z : tensor<1x512x13x13xf32>
  %u = nn.constant dense<0.5> : tensor<1000x512x1x1xf32>
  %4 = nn.conv2d %zs, %u : (tensor<1x512x13x13xf32>, tensor<1000x512x1x1xf32>) -> tensor<1x1000x13x13xf32>
  %5 = nn.sigmoid %4 : tensor<1x1000x13x13xf32>
  return %1, %3, %5 : tensor<1x24x32x32xf32>, tensor<1x512x14x14xf32>, tensor<1x1000x13x13xf32>
}
