#!/usr/bin/python3
"""Writes models/conv_pools: a network's first convolution followed by a max
pool, in the two forms nncc computes inside the pool's kernel, with
PyTorch's reference outputs (the layout of ONNX's backend tests):

    /usr/bin/python3 models/make_conv_pools.py

All branches read the 1x3x224x224 input:
  * output 0: a 3x3 stride-2 convolution (24 channels, padded, bias, ReLU)
    and a 3x3 stride-2 max pool with padding, as ShuffleNet's stem;
  * output 1: a 7x7 stride-2 convolution (32 channels, unpadded, ReLU) and
    a 3x3 stride-2 max pool in ceil mode (its last window hangs over the
    edge), as SqueezeNet 1.0's stem;
  * output 2: as output 0 without bias and with ReLU6 (24 channels are
    computed two pixels per vector group; this covers the other bias and
    activation forms of that code);
  * output 3: a 3x3 stride-2 convolution (24 channels, unpadded, bias,
    ReLU) whose result has an odd width (111), and a 3x3 stride-2 pool.
A 1x1 convolution follows each pool (a pool writing a graph output keeps
its convolution apart).
Each convolution's result is 1.2-1.5 MB. Deterministic: fixed seed.
"""

import os

import torch.nn as nn

from export_case import export_random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "conv_pools")


class ConvPools(nn.Module):
    def __init__(self):
        super().__init__()
        self.padded = nn.Sequential(
            nn.Conv2d(3, 24, 3, 2, 1), nn.ReLU(), nn.MaxPool2d(3, 2, 1),
            nn.Conv2d(24, 8, 1))
        self.ceil = nn.Sequential(
            nn.Conv2d(3, 32, 7, 2, bias=False), nn.ReLU(),
            nn.MaxPool2d(3, 2, ceil_mode=True), nn.Conv2d(32, 8, 1))
        self.unbiased = nn.Sequential(
            nn.Conv2d(3, 24, 3, 2, 1, bias=False), nn.ReLU6(),
            nn.MaxPool2d(3, 2, 1), nn.Conv2d(24, 8, 1))
        self.odd = nn.Sequential(
            nn.Conv2d(3, 24, 3, 2), nn.ReLU(), nn.MaxPool2d(3, 2),
            nn.Conv2d(24, 8, 1))

    def forward(self, x):
        return self.padded(x), self.ceil(x), self.unbiased(x), self.odd(x)


def main():
    export_random(ConvPools, (1, 3, 224, 224), 11, OUT,
                  ("output_0", "output_1", "output_2", "output_3"))


if __name__ == "__main__":
    main()
