// RUN: nncc %s --emit=halide --target=x86-64-linux-avx512_skylake | FileCheck %s

// A matrix product whose weights are far larger than its input (%big: 1.6 MB
// of weights over 7x7 pixels; %sep's 1x1 part: 614 KB) runs over all its
// pixels as one band, and threads take blocks of output channels: each
// weight is then read once per call, where a band of pixels per thread read
// all of them per band (twice on one thread). The block size gives each
// thread as many blocks: %sep's 160 channels run as 4 blocks of 3 vectors,
// 2 per thread, not as 5 blocks of 2 (3 on one thread); %big's blocks of 4
// vectors run over 10 tiles of 5 pixels. Its depthwise part
// is computed before the 1x1 part, the threads taking half the channels each
// (it ran on one thread while the other waited). Its 1x1 part's block (48
// channels, 184 KB of weights) sums its input channels in chunks of 160
// (30 KB, held in L1) over the whole band. A small
// product (%small: 2.3 KB of weights) keeps a band of pixels per thread, so
// the next kernel finds its band in the same core's cache.

// CHECK-LABEL: // kernel weight_split_k2: nn.conv2d at {{.*}}:55:
// CHECK-NEXT:  produce pointwise:
// CHECK-NEXT:    parallel co.coo.coo_task in [0, 1]:
// CHECK-NEXT:      for co.coo.coo_part in [0, 9]:
// CHECK-NEXT:        for p.po.pt in [0, 9]:
// CHECK-LABEL: // kernel weight_split_k3: nn.conv2d at {{.*}}:56:
// CHECK-NEXT:  produce pointwise:
// CHECK-NEXT:    parallel p.po.pb in [0, 1]:
// CHECK-NEXT:      for co.coo in [0, 1]:
// CHECK-LABEL: // kernel weight_split_k4: nn.separable_conv2d at {{.*}}:57:
// CHECK-NEXT:  produce separable_out:
// CHECK-NEXT:    produce depthwise:
// CHECK-NEXT:      parallel c.c_task in [0, 1]:
// CHECK-NEXT:        for y in [0, 6]:
// CHECK-NEXT:          for x.xo in [0, 1]:
// CHECK-NEXT:            for c.c_part.co in [0, 29]:
// CHECK:         consume depthwise:
// CHECK-NEXT:      parallel s0.coo.coo_task in [0, 1]:
// CHECK-NEXT:        for s0.coo.coo_part in [0, 1]:
// CHECK-NEXT:          produce acc:
// CHECK:                   for c.ro in [0, 5]:
// CHECK-NEXT:                for y in [0, 6]:
// CHECK-NEXT:                  for c.ri in [0, 159]:
// CHECK-NEXT:                    unrolled x.axi in [0, 6]:
// CHECK-NEXT:                      unrolled c.c in [0, 2]:
// CHECK:                 consume acc:
// CHECK-NEXT:              for s2.yi in [0, 6]:

func @f(%x: tensor<1x320x7x7xf32>, %y: tensor<1x24x28x28xf32>, %z: tensor<1x960x7x7xf32>) -> (tensor<1x1280x7x7xf32>, tensor<1x24x28x28xf32>, tensor<1x160x7x7xf32>) {
  %w = nn.constant dense<0.125> : tensor<1280x320x1x1xf32>
  %ws = nn.constant dense<0.25> : tensor<24x24x1x1xf32>
  %dw = nn.constant dense<0.5> : tensor<960x1x3x3xf32>
  %db = nn.constant dense<0.1> : tensor<960xf32>
  %pw = nn.constant dense<0.125> : tensor<160x960x1x1xf32>
  %pb = nn.constant dense<0.2> : tensor<160xf32>
  %xs = nn.sigmoid %x : tensor<1x320x7x7xf32>
  %ys = nn.sigmoid %y : tensor<1x24x28x28xf32>
  %0 = nn.conv2d %xs, %w : (tensor<1x320x7x7xf32>, tensor<1280x320x1x1xf32>) -> tensor<1x1280x7x7xf32>
  %1 = nn.conv2d %ys, %ws : (tensor<1x24x28x28xf32>, tensor<24x24x1x1xf32>) -> tensor<1x24x28x28xf32>
  %2 = nn.separable_conv2d %z, %dw, %db, %pw, %pb {pads = [1, 1, 1, 1], depthwise_activation = "relu"} : (tensor<1x960x7x7xf32>, tensor<960x1x3x3xf32>, tensor<960xf32>, tensor<160x960x1x1xf32>, tensor<160xf32>) -> tensor<1x160x7x7xf32>
  %3 = nn.sigmoid %0 : tensor<1x1280x7x7xf32>
  %4 = nn.sigmoid %1 : tensor<1x24x28x28xf32>
  %5 = nn.sigmoid %2 : tensor<1x160x7x7xf32>
  return %3, %4, %5 : tensor<1x1280x7x7xf32>, tensor<1x24x28x28xf32>, tensor<1x160x7x7xf32>
}

// %sep's 1x1 weights lie in blocks of the tile's 48 channels, the last
// block's 16 channels past 160 zeros: each reduction step loads one row of
// its block, 3 aligned vectors from one 192-byte range, where rows of all
// 160 channels gave the tile 3 vectors 640 bytes apart.
// CHECK-LABEL: // lowered weight_split_k4_par_for_separable_out
// CHECK:         in3[ramp((acc{{.*}}.ri + t{{[0-9]+}})*48, 1, 16) aligned(48, 0)]
