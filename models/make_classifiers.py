#!/usr/bin/python3
"""Writes models/classifiers: two fully connected layers on a batch of three
rows, with PyTorch's reference output (the layout of ONNX's backend tests):

    /usr/bin/python3 models/make_classifiers.py

A Linear layer (ONNX Gemm with transB=1) from 200 to 300 features, a ReLU,
then torch.addmm with alpha 2 and beta 0.5 (Gemm with transB=0) to 136
features. nncc stores both weight matrices in blocks of a register tile's
columns: 300 and 136 are not multiples of the 128-column AVX-512 block nor
of the 32-column NEON one, so each has a padded last block. Deterministic:
fixed seed.
"""

import os

import torch
import torch.nn as nn

from export_case import export_random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "classifiers")


class Classifiers(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(200, 300)
        self.weight = nn.Parameter(torch.randn(300, 136) * 0.1)
        self.bias = nn.Parameter(torch.randn(136))

    def forward(self, x):
        y = torch.relu(self.fc(x))
        return torch.addmm(self.bias, y, self.weight, beta=0.5, alpha=2.0)


def main():
    export_random(Classifiers, (3, 200), 11, OUT)


if __name__ == "__main__":
    main()
