#!/usr/bin/python3
"""Writes models/conv_pools: a network's first convolution followed by a max
pool, in the two forms nncc computes inside the pool's kernel, with
PyTorch's reference outputs (the layout of ONNX's backend tests):

    /usr/bin/python3 models/make_conv_pools.py

Both branches read the 1x3x224x224 input:
  * output 0: a 3x3 stride-2 convolution (24 channels, padded, bias, ReLU)
    and a 3x3 stride-2 max pool with padding, as ShuffleNet's stem;
  * output 1: a 7x7 stride-2 convolution (32 channels, unpadded, ReLU) and
    a 3x3 stride-2 max pool in ceil mode (its last window hangs over the
    edge), as SqueezeNet 1.0's stem.
A 1x1 convolution follows each pool (a pool writing a graph output keeps
its convolution apart).
Each convolution's result is 1.2-1.5 MB. Deterministic: fixed seed.
"""

import os
import sys

import numpy as np
import onnx
import onnx.checker
import onnx.numpy_helper
import torch
import torch.nn as nn

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

    def forward(self, x):
        return self.padded(x), self.ceil(x)


def main():
    torch.manual_seed(11)
    rng = np.random.default_rng(11)
    model = ConvPools().eval()
    x = torch.tensor(rng.normal(0, 1, (1, 3, 224, 224)), dtype=torch.float32)
    with torch.no_grad():
        ys = model(x)
    os.makedirs(os.path.join(OUT, "test_data_set_0"), exist_ok=True)
    path = os.path.join(OUT, "model.onnx")
    names = ["output_0", "output_1"]
    torch.onnx.export(model, x, path, opset_version=13,
                      input_names=["input"], output_names=names,
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    tensors = [("input_0", "input", x)] + [
        (name, name, y) for name, y in zip(names, ys)]
    for file, name, value in tensors:
        tensor = onnx.numpy_helper.from_array(value.numpy(), name)
        with open(os.path.join(OUT, "test_data_set_0", file + ".pb"),
                  "wb") as f:
            f.write(tensor.SerializeToString())
    for y in ys:
        assert np.isfinite(y.numpy()).all() and y.numpy().std() > 1e-2
    print(f"wrote {path}: outputs {[list(y.shape) for y in ys]}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
