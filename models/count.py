#!/usr/bin/python3
"""Count parameters and MACs of an ONNX CNN, and sanity-check reference data.

Uses only the `onnx` package (and numpy, which onnx depends on).

    count.py MODEL.onnx
        prints  params=<N> macs=<M>

    count.py MODEL.onnx --expect-params N --expect-macs M [--tolerance 0.005]
        additionally exits 1 (with a message on stderr) if a count differs
        from the expectation by more than the relative tolerance.

    count.py MODEL.onnx --ops
        additionally prints  ops: <OpType>=<count> ...

    count.py MODEL.onnx --check-reference
        checks <dir of MODEL>/test_data_set_*/{input,output}_*.pb: names and
        shapes match the graph's inputs/outputs, all values finite, output
        non-degenerate (std >= 1e-2 * max|y|, at least half of the values
        distinct) and not huge (max|y| < 1e4).
        Prints  reference ok: ...  or exits 1.

Counting rules
  MACs   : Conv  = output elements * (Cin/group) * kH * kW  (+ ConvTranspose
           analogously), Gemm = M*N*K, MatMul = output elements * K.
           Nothing else (no BN, pooling, elementwise, bias adds).
  params : what torch's model.parameters() counts: Conv/ConvTranspose/Gemm
           weights and biases, MatMul constant operands, and
           BatchNormalization scale and bias (NOT running mean/var).
           Each initializer is counted once even if used several times.
Shapes come from onnx.shape_inference.infer_shapes (static shapes required).
"""

import argparse
import glob
import os
import sys

import numpy as np
import onnx
import onnx.numpy_helper
import onnx.shape_inference


def _prod(xs):
    p = 1
    for x in xs:
        p *= int(x)
    return p


def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def _static_shapes(model):
    """Run ONNX shape inference; return (inferred graph, {name: [dims]})."""
    g = onnx.shape_inference.infer_shapes(model, strict_mode=True).graph
    shapes = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        tt = vi.type.tensor_type
        if not tt.HasField("shape"):
            continue
        dims = [d.dim_value if d.HasField("dim_value") else None for d in tt.shape.dim]
        if None not in dims:
            shapes[vi.name] = dims
    for t in g.initializer:
        shapes[t.name] = list(t.dims)
    for n in g.node:
        if n.op_type == "Constant" and _attr(n, "value") is not None:
            shapes[n.output[0]] = list(_attr(n, "value").dims)
    return g, shapes


# Integer "shape arithmetic" ops that PyTorch's exporter emits for x.size(),
# torch.chunk, etc.  ONNX 1.12 shape inference cannot see through them (e.g.
# ShuffleNet V2's chunk -> Shape/Gather/Add/Div/Mul/Slice), so we evaluate
# them with numpy once the shapes they read are known.
def _eval_shape_op(n, vals):
    op = n.op_type
    x = vals
    if op == "Identity":
        return x[0]
    if op in ("Add", "Sub", "Mul"):
        return {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply}[op](x[0], x[1])
    if op == "Div":
        if np.issubdtype(x[0].dtype, np.integer):
            return np.trunc(x[0] / x[1]).astype(x[0].dtype)
        return x[0] / x[1]
    if op == "Gather":
        return np.take(x[0], x[1], axis=_attr(n, "axis", 0))
    if op == "Concat":
        return np.concatenate(x, axis=_attr(n, "axis"))
    if op == "Unsqueeze":
        out = x[0]
        axes = sorted(int(a) % (out.ndim + len(x[1])) for a in x[1])
        for a in axes:
            out = np.expand_dims(out, a)
        return out
    if op == "Squeeze":
        if len(x) > 1:
            return np.squeeze(x[0], axis=tuple(int(a) for a in x[1]))
        return np.squeeze(x[0])
    if op == "Cast":
        return x[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[_attr(n, "to")])
    if op == "Slice":
        data, starts, ends = x[0], x[1], x[2]
        axes = x[3] if len(x) > 3 and x[3] is not None else range(len(starts))
        steps = x[4] if len(x) > 4 and x[4] is not None else [1] * len(starts)
        sl = [slice(None)] * data.ndim
        for s, e, a, st in zip(starts, ends, axes, steps):
            sl[int(a)] = slice(int(s), int(e), int(st))
        return data[tuple(sl)]
    return None


def _fold_shape_subgraphs(model, shapes):
    """Return a copy of `model` whose integer shape computations are replaced
    by initializers, or None if nothing could be folded."""
    consts = {}
    for t in model.graph.initializer:
        if t.data_type == onnx.TensorProto.INT64 and len(t.dims) <= 1:
            consts[t.name] = onnx.numpy_helper.to_array(t)
    for n in model.graph.node:
        if n.op_type == "Constant" and _attr(n, "value") is not None:
            consts[n.output[0]] = onnx.numpy_helper.to_array(_attr(n, "value"))
    folded = {}
    for n in model.graph.node:
        if n.op_type == "Constant":
            continue
        if n.op_type == "Shape":
            if n.input[0] in shapes:
                v = np.array(shapes[n.input[0]], dtype=np.int64)
                start, end = _attr(n, "start"), _attr(n, "end")
                if start is not None or end is not None:
                    v = v[slice(start, end)]
                folded[n.output[0]] = consts[n.output[0]] = v
            continue
        if len(n.output) != 1 or not n.input:
            continue
        if not all((i in consts) or i == "" for i in n.input):
            continue
        vals = [consts.get(i) if i else None for i in n.input]
        v = _eval_shape_op(n, vals)
        if v is not None:
            folded[n.output[0]] = consts[n.output[0]] = np.asarray(v)
    if not folded:
        return None
    m = onnx.ModelProto()
    m.CopyFrom(model)
    keep = [n for n in m.graph.node if not (len(n.output) == 1 and n.output[0] in folded)]
    del m.graph.node[:]
    m.graph.node.extend(keep)
    # Drop stale value_info of the folded tensors; add them as initializers.
    vis = [vi for vi in m.graph.value_info if vi.name not in folded]
    del m.graph.value_info[:]
    m.graph.value_info.extend(vis)
    for name, v in folded.items():
        m.graph.initializer.append(onnx.numpy_helper.from_array(v, name=name))
    return m


def _shapes(model):
    """name -> static shape (list of ints) for every tensor we can find."""
    g, shapes = _static_shapes(model)
    for _ in range(8):
        outs = [o for n in model.graph.node for o in n.output]
        if all(o in shapes for o in outs):
            break
        folded = _fold_shape_subgraphs(model, shapes)
        if folded is None:
            break
        model = folded
        _, shapes = _static_shapes(model)
    return g, shapes


def count(model):
    """Return (params, macs) for an onnx.ModelProto."""
    g = model.graph
    _, shapes = _shapes(model)
    const_names = {t.name for t in g.initializer}
    const_names |= {n.output[0] for n in g.node if n.op_type == "Constant"}
    for n in g.node:  # torch.onnx deduplicates equal initializers via Identity
        if n.op_type == "Identity" and n.input[0] in const_names:
            const_names.add(n.output[0])

    def shape(name, node):
        if name not in shapes:
            raise SystemExit(f"count.py: no static shape for '{name}' "
                             f"({node.op_type} node '{node.name}')")
        return shapes[name]

    param_names = set()
    macs = 0
    for n in g.node:
        op = n.op_type
        ins = [i for i in n.input]
        if op in ("Conv", "ConvTranspose"):
            param_names.update(i for i in ins[1:] if i)
            w = shape(ins[1], n)  # Conv: [Cout, Cin/g, k...]; ConvT: [Cin, Cout/g, k...]
            if op == "Conv":
                macs += _prod(shape(n.output[0], n)) * _prod(w[1:])
            else:
                macs += _prod(shape(ins[0], n)) * _prod(w[1:])
        elif op == "Gemm":
            param_names.update(i for i in ins[1:] if i and i in const_names)
            attrs = {a.name: a.i for a in n.attribute if a.name in ("transA", "transB")}
            a = shape(ins[0], n)
            k = a[0] if attrs.get("transA", 0) else a[1]
            macs += _prod(shape(n.output[0], n)) * k
        elif op == "MatMul":
            param_names.update(i for i in ins if i in const_names)
            a = shape(ins[0], n)
            macs += _prod(shape(n.output[0], n)) * a[-1]
        elif op == "BatchNormalization":
            param_names.update(ins[1:3])  # scale, B
    params = sum(_prod(shapes[p]) for p in param_names)
    return params, macs


def _load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t.name, onnx.numpy_helper.to_array(t)


def check_reference(model, model_path):
    g = model.graph
    inits = {t.name for t in g.initializer}
    graph_inputs = [i for i in g.input if i.name not in inits]

    def gshape(vi):
        return [d.dim_value for d in vi.type.tensor_type.shape.dim]

    errors = []
    sets = sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(model_path)),
                                         "test_data_set_*")))
    if not sets:
        errors.append("no test_data_set_* directory next to the model")
    summary = []
    for ds in sets:
        for kind, vis in (("input", graph_inputs), ("output", list(g.output))):
            for i, vi in enumerate(vis):
                p = os.path.join(ds, f"{kind}_{i}.pb")
                if not os.path.exists(p):
                    errors.append(f"missing {p}")
                    continue
                name, arr = _load_tensor(p)
                rel = os.path.relpath(p, os.path.dirname(ds))
                if name != vi.name:
                    errors.append(f"{rel}: tensor name '{name}' != graph {kind} '{vi.name}'")
                if list(arr.shape) != gshape(vi):
                    errors.append(f"{rel}: shape {list(arr.shape)} != graph {gshape(vi)}")
                if arr.dtype != np.float32:
                    errors.append(f"{rel}: dtype {arr.dtype}, expected float32")
                if not np.all(np.isfinite(arr)):
                    errors.append(f"{rel}: contains NaN/Inf")
                    continue
                if kind == "output":
                    amax = float(np.max(np.abs(arr)))
                    std = float(np.std(arr))
                    if not amax < 1e4:
                        errors.append(f"{rel}: too large, max|y|={amax:g}")
                    if not (amax > 0 and std >= 1e-2 * amax):
                        errors.append(f"{rel}: degenerate, std={std:g} max|y|={amax:g}")
                    distinct = len(np.unique(arr))
                    if distinct < arr.size // 2:
                        errors.append(f"{rel}: degenerate, only {distinct} distinct "
                                      f"values in {arr.size}")
                    summary.append(f"{rel} shape={list(arr.shape)} std={std:.4g} max={amax:.4g}")
    return errors, summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model", help="path to model.onnx")
    ap.add_argument("--expect-params", type=float)
    ap.add_argument("--expect-macs", type=float)
    ap.add_argument("--tolerance", type=float, default=0.005,
                    help="relative tolerance for --expect-* (default 0.005)")
    ap.add_argument("--ops", action="store_true",
                    help="also print the op types of the graph with their counts")
    ap.add_argument("--check-reference", action="store_true",
                    help="check test_data_set_* next to the model instead of counting")
    args = ap.parse_args(argv)

    model = onnx.load(args.model)
    if args.check_reference:
        errors, summary = check_reference(model, args.model)
        if errors:
            for e in errors:
                print(f"count.py: {args.model}: {e}", file=sys.stderr)
            return 1
        print("reference ok: " + "; ".join(summary))
        return 0

    params, macs = count(model)
    print(f"params={params} macs={macs}", flush=True)
    if args.ops:
        hist = {}
        for n in model.graph.node:
            hist[n.op_type] = hist.get(n.op_type, 0) + 1
        print("ops: " + " ".join(f"{k}={v}" for k, v in
                                 sorted(hist.items(), key=lambda kv: (-kv[1], kv[0]))),
              flush=True)
    rc = 0
    for what, got, exp in (("params", params, args.expect_params),
                           ("macs", macs, args.expect_macs)):
        if exp is None:
            continue
        rel = abs(got - exp) / max(abs(exp), 1.0)
        if rel > args.tolerance:
            print(f"count.py: {args.model}: {what}={got} differs from expected "
                  f"{exp:.0f} by {rel * 100:.2f}% (> {args.tolerance * 100:g}%)",
                  file=sys.stderr)
            rc = 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
