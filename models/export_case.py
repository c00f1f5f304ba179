"""Exports a small PyTorch network that is not a seed model, with PyTorch's
outputs as its reference, in the layout of ONNX's backend tests:
<dir>/model.onnx and <dir>/test_data_set_0/{input_0,output_<i>}.pb. Used by
the make_*.py scripts of the test networks in this folder."""

import os
import sys

import numpy as np
import onnx
import onnx.checker
import onnx.numpy_helper
import torch


def export(model, x, out_dir, output_names=("output",)):
    """Runs `model` on `x`, exports it (opset 13, constants folded) with
    input "input" and outputs `output_names`, checks the file, and writes
    the input and outputs as TensorProtos."""
    with torch.no_grad():
        ys = model(x)
    ys = ys if isinstance(ys, tuple) else (ys,)
    os.makedirs(os.path.join(out_dir, "test_data_set_0"), exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    torch.onnx.export(model, x, path, opset_version=13,
                      input_names=["input"], output_names=list(output_names),
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path), full_check=True)
    tensors = [("input_0", "input", x)] + [
        (f"output_{i}", name, y)
        for i, (name, y) in enumerate(zip(output_names, ys))]
    for file, name, value in tensors:
        tensor = onnx.numpy_helper.from_array(value.numpy(), name)
        with open(os.path.join(out_dir, "test_data_set_0", file + ".pb"),
                  "wb") as f:
            f.write(tensor.SerializeToString())
    for y in ys:
        assert np.isfinite(y.numpy()).all() and y.numpy().std() > 1e-2
    print(f"wrote {path}: outputs {[list(y.shape) for y in ys]}",
          file=sys.stderr)


def export_random(make_model, shape, seed, out_dir, output_names=("output",)):
    """Seeds torch and numpy with `seed`, builds `make_model()` (its weights
    drawn from torch's seed) in eval mode, and exports it on an input of
    `shape` drawn from N(0, 1)."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = make_model().eval()
    x = torch.tensor(rng.normal(0, 1, shape), dtype=torch.float32)
    export(model, x, out_dir, output_names)
