#!/usr/bin/python3
"""Tiny numpy interpreter for the ONNX ops used by the seed models.

Independent cross-check of the exported graphs against the PyTorch reference
outputs (onnxruntime is not available in this environment).  Computes in
float64.  Only what the seed CNNs need (NCHW 2-D convs/pools, opset 13).

    onnx_ref.py MODEL.onnx [--rtol 1e-4]
        runs test_data_set_0/input_0.pb next to the model and compares with
        output_0.pb; prints the max abs error and exits 1 if
        max|ref - onnx| > rtol * max(1, max|ref|).
"""

import argparse
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pad_nchw(x, pads, value=0.0):
    nd = x.ndim - 2
    if not any(pads):
        return x
    width = [(0, 0), (0, 0)] + [(pads[i], pads[i + nd]) for i in range(nd)]
    return np.pad(x, width, mode="constant", constant_values=value)


def _windows(x, kernel, strides, dilations):
    """Yield (ki, kj, strided view) for each kernel offset of a padded NCHW x."""
    kh, kw = kernel
    sh, sw = strides
    dh, dw = dilations
    H, W = x.shape[2:]
    Ho = (H - (dh * (kh - 1) + 1)) // sh + 1
    Wo = (W - (dw * (kw - 1) + 1)) // sw + 1
    for i in range(kh):
        for j in range(kw):
            yield i, j, x[:, :, i * dh: i * dh + sh * (Ho - 1) + 1: sh,
                          j * dw: j * dw + sw * (Wo - 1) + 1: sw]


def conv(x, w, b, a):
    k = list(w.shape[2:])
    strides = a.get("strides", [1, 1])
    dil = a.get("dilations", [1, 1])
    pads = a.get("pads", [0, 0, 0, 0])
    assert a.get("auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET")
    g = a.get("group", 1)
    x = _pad_nchw(x, pads)
    N, C = x.shape[:2]
    O = w.shape[0]
    cols = None
    for i, j, v in _windows(x, k, strides, dil):
        if cols is None:
            Ho, Wo = v.shape[2:]
            cols = np.empty((N, C, k[0], k[1], Ho, Wo), dtype=x.dtype)
        cols[:, :, i, j] = v
    cols = cols.reshape(N, g, (C // g) * k[0] * k[1], Ho * Wo)
    wm = w.reshape(g, O // g, (C // g) * k[0] * k[1])
    y = np.matmul(wm, cols).reshape(N, O, Ho, Wo)
    if b is not None:
        y = y + b.reshape(1, O, 1, 1)
    return y


def pool(x, a, kind):
    k = a["kernel_shape"]
    strides = a.get("strides", [1, 1])
    dil = a.get("dilations", [1, 1])
    pads = list(a.get("pads", [0, 0, 0, 0]))
    if a.get("ceil_mode", 0):
        # SqueezeNet's MaxPool(3, 2, ceil_mode=True): extend the end padding
        # so the last (partial) window exists; a window must still start
        # inside the input or the begin padding.
        assert kind == "max", "ceil_mode only implemented for MaxPool"
        for d in range(2):
            size = x.shape[2 + d] + pads[d] + pads[d + 2]
            ek = dil[d] * (k[d] - 1) + 1
            out = -(-(size - ek) // strides[d]) + 1
            if (out - 1) * strides[d] >= x.shape[2 + d] + pads[d]:
                out -= 1
            pads[d + 2] += max(0, (out - 1) * strides[d] + ek - size)
    if kind == "max":
        xp = _pad_nchw(x, pads, -np.inf)
        return np.max(np.stack([v for _, _, v in _windows(xp, k, strides, dil)]), axis=0)
    xp = _pad_nchw(x, pads, 0.0)
    s = sum(v for _, _, v in _windows(xp, k, strides, dil))
    if a.get("count_include_pad", 0) or not any(pads):
        return s / (k[0] * k[1])
    ones = _pad_nchw(np.ones((1, 1) + x.shape[2:], x.dtype), pads, 0.0)
    cnt = sum(v for _, _, v in _windows(ones, k, strides, dil))
    return s / cnt


def run(model, feeds):
    env = {}
    for t in model.graph.initializer:
        env[t.name] = onnx.numpy_helper.to_array(t)
    for k, v in feeds.items():
        env[k] = v.astype(np.float64) if v.dtype == np.float32 else v
    for env_k, env_v in list(env.items()):
        if env_v.dtype == np.float32:
            env[env_k] = env_v.astype(np.float64)
    for n in model.graph.node:
        a = _attrs(n)
        x = [env[i] if i else None for i in n.input]
        op = n.op_type
        if op == "Constant":
            y = onnx.numpy_helper.to_array(a["value"])
            if y.dtype == np.float32:
                y = y.astype(np.float64)
        elif op == "Identity":
            y = x[0]
        elif op == "Conv":
            y = conv(x[0], x[1], x[2] if len(x) > 2 else None, a)
        elif op == "BatchNormalization":
            assert len(n.output) == 1, "training-mode BatchNormalization"
            s = x[1] / np.sqrt(x[4] + a.get("epsilon", 1e-5))
            sh = (1, -1) + (1,) * (x[0].ndim - 2)
            y = (x[0] - x[3].reshape(sh)) * s.reshape(sh) + x[2].reshape(sh)
        elif op == "Relu":
            y = np.maximum(x[0], 0)
        elif op == "Clip":
            lo = x[1] if len(x) > 1 and x[1] is not None else -np.inf
            hi = x[2] if len(x) > 2 and x[2] is not None else np.inf
            y = np.clip(x[0], lo, hi)
        elif op == "HardSigmoid":
            y = np.clip(a.get("alpha", 0.2) * x[0] + a.get("beta", 0.5), 0, 1)
        elif op == "HardSwish":
            y = x[0] * np.clip(x[0] / 6 + 0.5, 0, 1)
        elif op == "Sigmoid":
            y = 1 / (1 + np.exp(-x[0]))
        elif op == "MaxPool":
            assert len(n.output) == 1
            y = pool(x[0], a, "max")
        elif op == "AveragePool":
            y = pool(x[0], a, "avg")
        elif op == "GlobalAveragePool":
            y = x[0].mean(axis=tuple(range(2, x[0].ndim)), keepdims=True)
        elif op == "ReduceMean":
            axes = a.get("axes")
            y = x[0].mean(axis=None if axes is None else tuple(axes),
                          keepdims=bool(a.get("keepdims", 1)))
        elif op == "Flatten":
            ax = a.get("axis", 1)
            y = x[0].reshape(int(np.prod(x[0].shape[:ax])), -1)
        elif op == "Gemm":
            A = x[0].T if a.get("transA", 0) else x[0]
            B = x[1].T if a.get("transB", 0) else x[1]
            y = a.get("alpha", 1.0) * (A @ B)
            if len(x) > 2 and x[2] is not None:
                y = y + a.get("beta", 1.0) * x[2]
        elif op == "MatMul":
            y = np.matmul(x[0], x[1])
        elif op in ("Add", "Sub", "Mul"):
            y = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply}[op](x[0], x[1])
        elif op == "Div":
            if np.issubdtype(x[0].dtype, np.integer):
                y = np.trunc(x[0] / x[1]).astype(x[0].dtype)
            else:
                y = x[0] / x[1]
        elif op == "Concat":
            y = np.concatenate(x, axis=a["axis"])
        elif op == "Reshape":
            shape = [int(s) for s in x[1]]
            shape = [x[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
            y = x[0].reshape(shape)
        elif op == "Transpose":
            y = np.transpose(x[0], a.get("perm"))
        elif op == "Shape":
            y = np.array(x[0].shape, dtype=np.int64)[a.get("start", 0):a.get("end")]
        elif op == "Gather":
            y = np.take(x[0], x[1], axis=a.get("axis", 0))
        elif op == "Slice":
            sl = [slice(None)] * x[0].ndim
            axes = x[3] if len(x) > 3 and x[3] is not None else range(len(x[1]))
            steps = x[4] if len(x) > 4 and x[4] is not None else [1] * len(x[1])
            for s, e, ax, st in zip(x[1], x[2], axes, steps):
                sl[int(ax)] = slice(int(s), int(e), int(st))
            y = x[0][tuple(sl)]
        elif op == "Split":
            ax = a.get("axis", 0)
            if len(x) > 1 and x[1] is not None:
                idx = np.cumsum(x[1])[:-1]
            else:
                idx = len(n.output)
            ys = np.split(x[0], idx, axis=ax)
            for o, v in zip(n.output, ys):
                env[o] = v
            continue
        elif op == "Unsqueeze":
            y = x[0]
            for ax in sorted(int(v) % (y.ndim + len(x[1])) for v in x[1]):
                y = np.expand_dims(y, ax)
        elif op == "Squeeze":
            y = np.squeeze(x[0], axis=tuple(int(v) for v in x[1]) if len(x) > 1 else None)
        elif op == "Pad":
            mode = a.get("mode", b"constant")
            assert mode in (b"constant", "constant"), mode
            pads = [int(p) for p in x[1]]
            nd = x[0].ndim
            val = float(x[2]) if len(x) > 2 and x[2] is not None else 0.0
            y = np.pad(x[0], [(pads[i], pads[i + nd]) for i in range(nd)],
                       mode="constant", constant_values=val)
        elif op == "Softmax":
            ax = a.get("axis", -1)
            e = np.exp(x[0] - x[0].max(axis=ax, keepdims=True))
            y = e / e.sum(axis=ax, keepdims=True)
        else:
            raise NotImplementedError(f"onnx_ref: op {op}")
        env[n.output[0]] = y
    return [env[o.name] for o in model.graph.output]


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t.name, onnx.numpy_helper.to_array(t)


def compare(model_path, rtol=1e-4):
    """Return (max abs error, max|ref|) of the ONNX graph vs output_0.pb."""
    model = onnx.load(model_path)
    d = os.path.join(os.path.dirname(os.path.abspath(model_path)), "test_data_set_0")
    in_name, x = load_tensor(os.path.join(d, "input_0.pb"))
    _, ref = load_tensor(os.path.join(d, "output_0.pb"))
    (y,) = run(model, {in_name: x})
    assert y.shape == ref.shape, (y.shape, ref.shape)
    err = float(np.max(np.abs(y - ref.astype(np.float64))))
    return err, float(np.max(np.abs(ref)))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--rtol", type=float, default=1e-4)
    args = ap.parse_args(argv)
    err, amax = compare(args.model, args.rtol)
    ok = err <= args.rtol * max(1.0, amax)
    print(f"{'ok' if ok else 'MISMATCH'}: max_abs_err={err:.3e} max|ref|={amax:.4g}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
