#!/usr/bin/python3
"""Writes models/weight_split: a MobileNet V2-style block whose 1x1
projection has far more weights than pixels, with PyTorch's reference
output (the layout of ONNX's backend tests):

    /usr/bin/python3 models/make_weight_split.py

On a 1x24x28x28 input, after a 1x1 convolution of 24 channels, a 1x1
expansion to 576 channels (1.8 MB, so nncc computes it inside the next
kernel), a stride-2 depthwise 3x3 and a 1x1 projection to 160 channels
(368 KB of weights over 14x14 pixels). nncc runs that separable convolution
as one band whose output channels the threads share in blocks, each thread
computing the expansion and the depthwise part of its half of the channels.
Deterministic: fixed seed.
"""

import os

import torch.nn as nn

from export_case import export_random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "weight_split")


class WeightSplit(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = nn.Sequential(nn.Conv2d(24, 24, 1), nn.ReLU())
        self.expand = nn.Sequential(nn.Conv2d(24, 576, 1), nn.ReLU6())
        self.depthwise = nn.Sequential(
            nn.Conv2d(576, 576, 3, 2, 1, groups=576), nn.ReLU6())
        self.project = nn.Conv2d(576, 160, 1)

    def forward(self, x):
        return self.project(self.depthwise(self.expand(self.first(x))))


def main():
    export_random(WeightSplit, (1, 24, 28, 28), 7, OUT)


if __name__ == "__main__":
    main()
