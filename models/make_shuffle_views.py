#!/usr/bin/python3
"""Writes models/shuffle_views: ShuffleNet V2 units on a small tensor, with
the uses of a unit's output that the seed models do not have, and PyTorch's
reference output (the layout of ONNX's backend tests):

    /usr/bin/python3 models/make_shuffle_views.py

The graph: a 1x1 stem, a unit computing both halves (as a stride-2 unit
does, at stride 1 so every tensor stays 8x8), then three stride-1 units on
20 channels (10 per half, so the halves passed on split unevenly: 5, 3, 2).
Besides feeding the next unit, their outputs are read
  * every other channel, by a 1x1 convolution (a Slice with step 2),
  * through a ReLU and a 1x1 convolution (a consumer that is not a
    convolution),
  * by a depthwise 3x3 convolution and a 1x1 convolution at the end (as the
    next stage's stride-2 unit reads a stage's output),
and the three results are summed. Deterministic: fixed seed.
"""

import os

import numpy as np
import torch
import torch.nn as nn

from export_case import export

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "shuffle_views")
C, HALF = 20, 10


def shuffle(x, groups=2):
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).reshape(
        n, c, h, w)


def branch(cin, cout):
    """1x1 + BN + ReLU, depthwise 3x3 + BN, 1x1 + BN + ReLU."""
    return nn.Sequential(
        nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
        nn.Conv2d(cout, cout, 3, 1, 1, groups=cout, bias=False),
        nn.BatchNorm2d(cout),
        nn.Conv2d(cout, cout, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class ShuffleViews(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 1), nn.ReLU())
        self.first = nn.ModuleList([branch(16, HALF), branch(16, HALF)])
        self.units = nn.ModuleList([branch(HALF, HALF) for _ in range(3)])
        self.strided = nn.Conv2d(C // 2, 8, 1)
        self.after_relu = nn.Conv2d(C, 8, 1)
        self.end = nn.Sequential(
            nn.Conv2d(C, C, 3, 1, 1, groups=C, bias=False), nn.BatchNorm2d(C),
            nn.Conv2d(C, 8, 1))

    def forward(self, x):
        x = self.stem(x)
        x = shuffle(torch.cat([self.first[0](x), self.first[1](x)], 1))
        outs = []
        for unit in self.units:
            a, b = x.chunk(2, dim=1)
            x = shuffle(torch.cat([a, unit(b)], 1))
            outs.append(x)
        return (self.strided(outs[0][:, ::2]) +
                self.after_relu(torch.relu(outs[1])) + self.end(outs[2]))


def randomize_bn(model, rng):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            c = m.num_features
            m.weight.data = torch.tensor(rng.uniform(0.5, 1.5, c),
                                         dtype=torch.float32)
            m.bias.data = torch.tensor(rng.normal(0, 0.1, c),
                                       dtype=torch.float32)
            m.running_mean = torch.tensor(rng.normal(0, 0.1, c),
                                          dtype=torch.float32)
            m.running_var = torch.tensor(rng.uniform(0.5, 2, c),
                                         dtype=torch.float32)


def main():
    torch.manual_seed(7)
    rng = np.random.default_rng(7)
    model = ShuffleViews().eval()
    randomize_bn(model, rng)
    x = torch.tensor(rng.normal(0, 1, (1, 3, 8, 8)), dtype=torch.float32)
    export(model, x, OUT)


if __name__ == "__main__":
    main()
