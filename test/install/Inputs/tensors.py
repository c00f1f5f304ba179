#!/usr/bin/python3
"""Raw float32 files for programs that cannot read protobuf (AArch64 has no
protobuf library), from and against reference tensors: ONNX test data
(REF.pb) or an array of a numpy archive (REF.npz:NAME).

    tensors.py raw REF OUT.raw          reference -> raw float32
    tensors.py compare REF OUT.raw      prints PASS/FAIL with the max abs
                                        error; PASS when it is at most
                                        --tolerance * max |REF|
"""
import argparse
import sys

import numpy as np
import onnx
import onnx.numpy_helper


def load(path):
    if ".npz:" in path:
        archive, name = path.rsplit(":", 1)
        return np.load(archive)[name].astype(np.float32)
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return onnx.numpy_helper.to_array(tensor).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["raw", "compare"])
    ap.add_argument("ref")
    ap.add_argument("raw")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args()
    ref = load(args.ref)
    if args.command == "raw":
        ref.tofile(args.raw)
        return 0
    out = np.fromfile(args.raw, dtype=np.float32)
    if out.size != ref.size:
        print(f"FAIL size {out.size}, expected {ref.size}")
        return 1
    err = float(np.max(np.abs(out - ref.ravel())))
    ok = err <= args.tolerance * float(np.max(np.abs(ref)))
    print(f"{'PASS' if ok else 'FAIL'} max abs error {err:.3g}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
