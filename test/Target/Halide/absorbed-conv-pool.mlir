// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s
// RUN: nncc %s --report -o %t.o 2>&1 | FileCheck %s --check-prefix=REPORT
// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake --wide-fma=intel | FileCheck %s --check-prefix=INTEL

// A convolution over a window whose result (1x24x112x112, 1.2 MB) would not
// stay in a core's L2 cache is computed inside the max pool reading it, as a
// network's first convolution: per thread's band of pool rows, each pool row
// computes the convolution rows its window adds (a sliding window) into a
// buffer of 4 rows (3 for the 3x3 window, rounded to a power of two). Its 24
// channels fill 16-lane vectors two pixels at a time (conv_pairs: 56 pairs of
// 48 values per row, in 8 tiles of 7 pairs by 3 vectors). No
// kernel and no arena buffer is left for that convolution. So does a pool
// writing a graph output (%big's): it computes into the arena, channels
// innermost, and a copy writes the user's NCHW buffer. The others keep their
// own kernel: %small's result (1x24x32x32, 96 KB) stays in cache, and a pool
// never absorbs a 1x1 convolution (%unit).
// Intel cores (--wide-fma=intel) run the absorbed convolution without pairs,
// its 24 channels as two 16-lane vectors (the second shifted onto channels
// 8-23) by 14 pixels.

// INTEL-LABEL: // kernel absorbed_conv_pool_k0: nn.max_pool2d at {{.*}}:68:
// INTEL:         produce max_pool_out:
// INTEL-NEXT:      parallel s2.s2_task in [0, 1]:
// INTEL-NEXT:        store conv:
// INTEL:                 for c.coo in [0, 1]:
// INTEL:                   consume acc:
// INTEL-NEXT:                unrolled x.xi in [0, 13]:
// INTEL-NEXT:                  vectorized c.coi.{{v[0-9]+}} in [0, 15]:

// CHECK-LABEL: // kernel absorbed_conv_pool_k0: nn.max_pool2d at {{.*}}:68:
// CHECK-NEXT:  produce padded:
// CHECK:       produce max_pool_out:
// CHECK-NEXT:    parallel s2.s2_task in [0, 1]:
// CHECK-NEXT:      store conv_pairs:
// CHECK-NEXT:        for s2.s2_part in [0, 27]:
// CHECK-NEXT:          produce conv_pairs:
// CHECK-NEXT:            for y:
// CHECK-NEXT:              for x.xo in [0, 7]:
// CHECK:                 unrolled j.j in [0, 2]:
// CHECK:                 consume conv_pairs:
// CHECK-NOT:   nn.conv2d at {{.*}}:67:
// CHECK:       // kernel absorbed_conv_pool_k2: nn.conv2d at {{.*}}:70:
// CHECK-LABEL: // kernel absorbed_conv_pool_k3: nn.max_pool2d
// CHECK-NOT:   produce conv
// CHECK-LABEL: // kernel absorbed_conv_pool_k4: nn.conv2d
// CHECK-LABEL: // kernel absorbed_conv_pool_k5: nn.max_pool2d
// CHECK-NOT:   produce conv
// CHECK-LABEL: // kernel absorbed_conv_pool_k6: nn.max_pool2d at {{.*}}:75:
// CHECK-NEXT:  produce padded:
// CHECK:       produce max_pool:
// CHECK-NEXT:    parallel s2.s2_task in [0, 1]:
// CHECK-NEXT:      store conv_pairs:
// CHECK-NOT:   nn.conv2d at {{.*}}:74:
// CHECK-LABEL: // kernel absorbed_conv_pool_k7: copy
// CHECK-LABEL: // lowered absorbed_conv_pool_k0
// CHECK:       allocate conv_pairs[float32 * 56 * 4 * 48 * 1]

// REPORT:      as it will run {{.*}}, 13 layers, 11 kernel calls
// REPORT:      0  conv2d {{.*}} 0 fused
// REPORT-NEXT: 1  max_pool2d {{.*}} 1 arena
// REPORT-NEXT: 2  sigmoid

func @f(%x: tensor<1x3x224x224xf32>, %y: tensor<1x3x64x64xf32>, %z: tensor<1x24x112x112xf32>) -> (tensor<1x24x56x56xf32>, tensor<1x24x16x16xf32>, tensor<1x24x56x56xf32>, tensor<1x24x56x56xf32>) {
  %w = nn.constant dense<0.125> : tensor<24x3x3x3xf32>
  %b = nn.constant dense<0.1> : tensor<24xf32>
  %w1 = nn.constant dense<0.25> : tensor<24x24x1x1xf32>
  %0 = nn.conv2d %x, %w, %b {strides = [2, 2], pads = [1, 1, 1, 1], activation = "relu"} : (tensor<1x3x224x224xf32>, tensor<24x3x3x3xf32>, tensor<24xf32>) -> tensor<1x24x112x112xf32>
  %1 = nn.max_pool2d %0 {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]} : tensor<1x24x112x112xf32> -> tensor<1x24x56x56xf32>
  %s = nn.sigmoid %1 : tensor<1x24x56x56xf32>
  %small = nn.conv2d %y, %w, %b {strides = [2, 2], pads = [1, 1, 1, 1]} : (tensor<1x3x64x64xf32>, tensor<24x3x3x3xf32>, tensor<24xf32>) -> tensor<1x24x32x32xf32>
  %2 = nn.max_pool2d %small {kernel_shape = [2, 2], strides = [2, 2]} : tensor<1x24x32x32xf32> -> tensor<1x24x16x16xf32>
  %unit = nn.conv2d %z, %w1 : (tensor<1x24x112x112xf32>, tensor<24x24x1x1xf32>) -> tensor<1x24x112x112xf32>
  %3 = nn.max_pool2d %unit {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]} : tensor<1x24x112x112xf32> -> tensor<1x24x56x56xf32>
  %big = nn.conv2d %x, %w, %b {strides = [2, 2], pads = [1, 1, 1, 1]} : (tensor<1x3x224x224xf32>, tensor<24x3x3x3xf32>, tensor<24xf32>) -> tensor<1x24x112x112xf32>
  %4 = nn.max_pool2d %big {kernel_shape = [3, 3], strides = [2, 2], pads = [1, 1, 1, 1]} : tensor<1x24x112x112xf32> -> tensor<1x24x56x56xf32>
  return %s, %2, %3, %4 : tensor<1x24x56x56xf32>, tensor<1x24x16x16xf32>, tensor<1x24x56x56xf32>, tensor<1x24x56x56xf32>
}
