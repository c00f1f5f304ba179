#!/usr/bin/python3
"""Writes models/residuals: residual adds after every kind of convolution
nncc computes them with, with PyTorch's reference output (the layout of
ONNX's backend tests):

    /usr/bin/python3 models/make_residuals.py

On a 1x3x16x16 input, after a 1x1 stem of 16 channels, each step adds its
input to a convolution of it: a 3x3 convolution (then a ReLU, as ResNet's
blocks), a depthwise 3x3, a grouped 1x1 (2 groups), a depthwise 3x3 and
1x1 pair (one separable convolution for nncc), and a 1x1 convolution whose
sum has its other term computed after it (a sigmoid) and is the graph's
output. Deterministic: fixed seed.
"""

import os

import torch
import torch.nn as nn

from export_case import export_random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "residuals")
C = 16


class Residuals(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, C, 1), nn.ReLU())
        self.full = nn.Conv2d(C, C, 3, 1, 1)
        self.depthwise = nn.Conv2d(C, C, 3, 1, 1, groups=C)
        self.grouped = nn.Conv2d(C, C, 1, groups=2)
        self.separable = nn.Sequential(
            nn.Conv2d(C, C, 3, 1, 1, groups=C), nn.Conv2d(C, C, 1))
        self.last = nn.Conv2d(C, C, 1)

    def forward(self, x):
        x = self.stem(x)
        x = torch.relu(self.full(x) + x)
        x = self.depthwise(x) + x
        x = self.grouped(x) + x
        x = self.separable(x) + x
        y = self.last(x)
        return y + torch.sigmoid(x)


def main():
    export_random(Residuals, (1, 3, 16, 16), 5, OUT)


if __name__ == "__main__":
    main()
