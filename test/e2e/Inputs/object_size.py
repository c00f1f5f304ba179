"""Checks that an object nncc wrote is at most its model's weights + 2 MB.

usage: object_size.py MODEL.onnx OBJECT.o

The weights are the bytes of the model's initializers, as ONNX reads them.
Prints the figures and exits 1 when the object is larger.
"""
import os
import sys

import onnx
import onnx.numpy_helper


def main():
    model_path, object_path = sys.argv[1:]
    model = onnx.load(model_path)
    weights = sum(onnx.numpy_helper.to_array(t).nbytes
                  for t in model.graph.initializer)
    size = os.path.getsize(object_path)
    verdict = "ok" if size <= weights + 2 * 2**20 else "too large"
    print(f"object {size / 2**20:.1f} MB, weights {weights / 2**20:.1f} MB:"
          f" {verdict}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
