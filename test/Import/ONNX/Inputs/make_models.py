#!/usr/bin/python3
"""Writes the small ONNX models the importer tests read (test/Import/ONNX).

Run with /usr/bin/python3 (Debian's python3-onnx); deterministic, so running it
again rewrites byte-identical files. One or more models per supported op and
opset variant, plus the broken files the refusal tests need.
"""

import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.RandomState(0)
F = TensorProto.FLOAT
I64 = TensorProto.INT64


def weights(name, *shape):
    return numpy_helper.from_array(RNG.uniform(-1, 1, shape).astype(np.float32), name)


def ints(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def floats(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.float32), name)


def vi(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def save(filename, nodes, inputs, outputs, inits=(), opset=13, check=True,
         name="test_graph"):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(inits))
    model = helper.make_model(graph, producer_name="nncc-tests",
                              opset_imports=[helper.make_opsetid("", opset)])
    if check:
        onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, filename))
    return model


def node(op, inputs, outputs, name, **attrs):
    return helper.make_node(op, inputs, outputs, name=name, **attrs)


# --- Convolution and pooling -------------------------------------------------
save("conv_relu_pool.onnx",
     [node("Conv", ["x", "w", "b"], ["c"], "conv1", kernel_shape=[3, 3],
           pads=[1, 1, 1, 1]),
      node("Relu", ["c"], ["r"], "relu1"),
      node("MaxPool", ["r"], ["y"], "pool1", kernel_shape=[2, 2],
           strides=[2, 2])],
     [vi("x", [1, 3, 8, 8])], [vi("y", [1, 4, 4, 4])],
     [weights("w", 4, 3, 3, 3), weights("b", 4)])

save("conv_autopad.onnx",
     [node("Conv", ["x", "w1"], ["c1"], "dw_same_upper", group=2,
           auto_pad="SAME_UPPER", strides=[2, 2]),
      node("Conv", ["c1", "w2"], ["c2"], "conv_same_lower",
           auto_pad="SAME_LOWER", kernel_shape=[2, 2]),
      node("Conv", ["c2", "w3"], ["c3"], "conv_valid", auto_pad="VALID",
           dilations=[2, 2]),
      node("AveragePool", ["c3"], ["y"], "pool_ceil", kernel_shape=[2, 2],
           strides=[2, 2], ceil_mode=1)],
     [vi("x", [1, 2, 10, 9])], [vi("y", [1, 3, 2, 2])],
     [weights("w1", 2, 1, 3, 3), weights("w2", 3, 2, 2, 2),
      weights("w3", 3, 3, 2, 2)], opset=11)

save("global_pool_sigmoid.onnx",
     [node("GlobalAveragePool", ["x"], ["g"], "gap"),
      node("Sigmoid", ["g"], ["y"], "sig")],
     [vi("x", [1, 5, 4, 4])], [vi("y", [1, 5, 1, 1])])

for keep in (0, 1):
    save("reducemean_keepdims%d.onnx" % keep,
         [node("ReduceMean", ["x"], ["y"], "mean", axes=[2, 3], keepdims=keep)],
         [vi("x", [1, 5, 4, 4])], [vi("y", [1, 5, 1, 1] if keep else [1, 5])])

save("reducemean_channels.onnx",
     [node("ReduceMean", ["x"], ["y"], "mean_c", axes=[1], keepdims=1)],
     [vi("x", [1, 5, 4, 4])], [vi("y", [1, 1, 4, 4])])

# Pad with pads as inputs (opset 11+) before a pool and a conv, as ShuffleNet
# V1's shortcut exports it; Pad in older form (attributes) before a conv.
save("pad_avgpool.onnx",
     [node("Pad", ["x", "pads"], ["p"], "pad1", mode="constant"),
      node("AveragePool", ["p"], ["y"], "avgpool1", kernel_shape=[3, 3],
           strides=[2, 2])],
     [vi("x", [1, 2, 8, 8])], [vi("y", [1, 2, 4, 4])],
     [ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])], opset=11)
save("pad_conv.onnx",
     [node("Pad", ["x", "pads", "zero"], ["p"], "pad1"),
      node("Conv", ["p", "w"], ["y"], "conv1", pads=[1, 0, 0, 1])],
     [vi("x", [1, 2, 6, 6])], [vi("y", [1, 3, 6, 8])],
     [ints("pads", [0, 0, 1, 2, 0, 0, 0, 1]), floats("zero", 0.0),
      weights("w", 3, 2, 3, 3)], opset=13)
save("pad_opset7_conv.onnx",
     [node("Pad", ["x"], ["p"], "pad1", pads=[0, 0, 1, 1, 0, 0, 1, 1]),
      node("Conv", ["p", "w"], ["y"], "conv1")],
     [vi("x", [1, 2, 6, 6])], [vi("y", [1, 3, 6, 6])],
     [weights("w", 3, 2, 3, 3)], opset=7)
save("pad_maxpool_neginf.onnx",
     [node("Pad", ["x", "pads", "ninf"], ["p"], "pad1"),
      node("MaxPool", ["p"], ["y"], "maxpool1", kernel_shape=[3, 3],
           strides=[2, 2])],
     [vi("x", [1, 2, 8, 8])], [vi("y", [1, 2, 4, 4])],
     [ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]), floats("ninf", -np.inf)])
save("pad_maxpool_zero.onnx",
     [node("Pad", ["x", "pads"], ["p"], "pad1"),
      node("MaxPool", ["p"], ["y"], "maxpool1", kernel_shape=[3, 3],
           strides=[2, 2])],
     [vi("x", [1, 2, 8, 8])], [vi("y", [1, 2, 4, 4])],
     [ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])])
save("pad_relu.onnx",
     [node("Pad", ["x", "pads"], ["p"], "pad1"),
      node("Relu", ["p"], ["y"], "relu1")],
     [vi("x", [1, 2, 8, 8])], [vi("y", [1, 2, 10, 10])],
     [ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])])
save("pad_reflect.onnx",
     [node("Pad", ["x", "pads"], ["p"], "pad1", mode="reflect"),
      node("Conv", ["p", "w"], ["y"], "conv1")],
     [vi("x", [1, 2, 8, 8])], [vi("y", [1, 3, 8, 8])],
     [ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]), weights("w", 3, 2, 3, 3)])

# --- BatchNormalization across its versions ---------------------------------
for opset in (7, 9, 14, 15):
    extra = {}
    if opset == 7:
        extra["spatial"] = 1
    save("bn_opset%d.onnx" % opset,
         [node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], "bn1",
               epsilon=1e-3, **extra)],
         [vi("x", [1, 3, 4, 4])], [vi("y", [1, 3, 4, 4])],
         [weights("s", 3), weights("b", 3), weights("m", 3),
          numpy_helper.from_array(
              RNG.uniform(0.5, 1.5, 3).astype(np.float32), "v")],
         opset=opset)
# Opset 7 exporters also list the weights as graph inputs.
model = onnx.load(os.path.join(HERE, "bn_opset7.onnx"))
model.graph.input.extend([vi(n, [3]) for n in ("s", "b", "m", "v")])
onnx.save(model, os.path.join(HERE, "bn_opset7.onnx"))
save("bn_training.onnx",
     [node("BatchNormalization", ["x", "s", "b", "m", "v"],
           ["y", "rm", "rv"], "bn_train", training_mode=1)],
     [vi("x", [1, 3, 4, 4])], [vi("y", [1, 3, 4, 4])],
     [weights("s", 3), weights("b", 3), weights("m", 3), weights("v", 3)],
     opset=14)

# --- Activations -------------------------------------------------------------
save("clip_opset7.onnx",
     [node("Clip", ["x"], ["c"], "relu6", min=0.0, max=6.0),
      node("Clip", ["c"], ["y"], "clip_max_only", max=4.0)],
     [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])], opset=7)
save("clip_opset11.onnx",
     [node("Clip", ["x", "lo"], ["y"], "clip_min_only")],
     [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])],
     [floats("lo", -1.5)], opset=11)
save("clip_opset13.onnx",
     [node("Constant", [], ["hi"], "six",
           value=helper.make_tensor("six_t", F, [], [6.0])),
      node("Clip", ["x", "lo", "hi"], ["y"], "relu6")],
     [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])],
     [floats("lo", 0.0)], opset=13)
save("hardswish.onnx",
     [node("HardSwish", ["x"], ["y"], "hswish")],
     [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])], opset=14)
save("hardsigmoid_mul.onnx",
     [node("HardSigmoid", ["x"], ["h"], "hsig", alpha=1.0 / 6, beta=0.5),
      node("Mul", ["x", "h"], ["y"], "hswish_mul")],
     [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])], opset=13)
save("softmax_opset11.onnx",
     [node("Softmax", ["x"], ["y"], "softmax_flat", axis=1)],
     [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], opset=11)
save("softmax_opset11_last.onnx",
     [node("Softmax", ["x"], ["y"], "softmax_last", axis=-1)],
     [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], opset=11)
save("softmax_opset13.onnx",
     [node("Softmax", ["x"], ["y"], "softmax_axis1", axis=1)],
     [vi("x", [2, 3, 4])], [vi("y", [2, 3, 4])], opset=13)
save("dropout_identity.onnx",
     [node("Dropout", ["x"], ["d"], "drop", ),
      node("Identity", ["d"], ["i"], "ident"),
      node("Relu", ["i"], ["y"], "relu1")],
     [vi("x", [1, 4])], [vi("y", [1, 4])], opset=13)

# --- Arithmetic and dense layers ---------------------------------------------
save("arith.onnx",
     [node("Add", ["x", "bias"], ["a"], "add1"),
      node("Sub", ["a", "x"], ["s"], "sub1"),
      node("Mul", ["s", "scale"], ["m"], "mul1"),
      node("Div", ["m", "two"], ["y"], "div1")],
     [vi("x", [1, 3, 2, 2])], [vi("y", [1, 3, 2, 2])],
     [weights("bias", 3, 1, 1), weights("scale", 1), floats("two", [2.0])])
save("flatten_gemm.onnx",
     [node("Flatten", ["x"], ["f"], "flatten1", axis=1),
      node("Gemm", ["f", "w", "b"], ["y"], "fc", transB=1, alpha=1.0,
           beta=1.0)],
     [vi("x", [1, 2, 2, 2])], [vi("y", [1, 5])],
     [weights("w", 5, 8), weights("b", 5)])
save("matmul.onnx",
     [node("MatMul", ["x", "w"], ["y"], "mm")],
     [vi("x", [2, 3, 4])], [vi("y", [2, 3, 5])], [weights("w", 4, 5)])

# --- Data movement -----------------------------------------------------------
save("reshape.onnx",
     [node("Reshape", ["x", "shape"], ["y"], "reshape_0_m1")],
     [vi("x", [2, 3, 4, 5])], [vi("y", [2, 3, 20])],
     [ints("shape", [0, 0, -1])])
save("reshape_allowzero.onnx",
     [node("Reshape", ["x", "shape"], ["r"], "reshape_az", allowzero=1),
      node("Reshape", ["r", "shape2"], ["y"], "reshape_back")],
     [vi("x", [2, 3, 4])], [vi("y", [4, 2, 3])],
     [ints("shape", [4, -1]), ints("shape2", [0, 2, -1])], opset=14)
save("transpose_concat.onnx",
     [node("Transpose", ["x"], ["t"], "shuffle_t", perm=[0, 2, 1, 3]),
      node("Transpose", ["t"], ["t2"], "reverse_t"),
      node("Concat", ["t2", "t2"], ["y"], "cat", axis=-1)],
     [vi("x", [1, 2, 3, 4])], [vi("y", [4, 2, 3, 2])])
save("split_opset11.onnx",
     [node("Split", ["x"], ["a", "b"], "split_attr", axis=1, split=[1, 3])],
     [vi("x", [1, 4, 2, 2])], [vi("a", [1, 1, 2, 2]), vi("b", [1, 3, 2, 2])],
     opset=11)
save("split_opset13.onnx",
     [node("Split", ["x", "sizes"], ["a", "b"], "split_input", axis=1),
      node("Split", ["x"], ["c", "d"], "split_equal", axis=-1)],
     [vi("x", [1, 4, 2, 2])],
     [vi("a", [1, 1, 2, 2]), vi("b", [1, 3, 2, 2]), vi("c", [1, 4, 2, 1]),
      vi("d", [1, 4, 2, 1])],
     [ints("sizes", [1, 3])], opset=13)
save("squeeze_opset11.onnx",
     [node("Squeeze", ["x"], ["s"], "squeeze_attr", axes=[2, 3]),
      node("Unsqueeze", ["s"], ["y"], "unsqueeze_attr", axes=[0, -1])],
     [vi("x", [1, 3, 1, 1])], [vi("y", [1, 1, 3, 1])], opset=11)
save("squeeze_opset13.onnx",
     [node("Squeeze", ["x", "axes"], ["s"], "squeeze_input"),
      node("Squeeze", ["x"], ["s2"], "squeeze_all"),
      node("Unsqueeze", ["s", "axes2"], ["y"], "unsqueeze_input"),
      node("Add", ["y", "s2"], ["z"], "add1")],
     [vi("x", [1, 3, 1, 1])], [vi("z", [1, 1, 1, 3])],
     [ints("axes", [-1, 2]), ints("axes2", [1, 2])], opset=13)
INT64_MAX = 2**63 - 1
save("slice_opset13.onnx",
     [node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"],
           "slice1")],
     [vi("x", [1, 6, 5, 5])], [vi("y", [1, 2, 4, 5])],
     [ints("starts", [-4, 1]), ints("ends", [INT64_MAX, 100]),
      ints("axes", [1, 2]), ints("steps", [2, 1])])
save("slice_opset9.onnx",
     [node("Slice", ["x"], ["y"], "slice_attr", starts=[1], ends=[-1],
           axes=[3])],
     [vi("x", [1, 2, 3, 5])], [vi("y", [1, 2, 3, 3])], opset=9)
save("slice_negstep.onnx",
     [node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"],
           "flip")],
     [vi("x", [1, 6])], [vi("y", [1, 6])],
     [ints("starts", [-1]), ints("ends", [-INT64_MAX]), ints("axes", [1]),
      ints("steps", [-1])])

# --- Shape subgraphs ---------------------------------------------------------
# Paddle-style flatten: the target shape is computed from Shape(x).
save("shape_subgraph.onnx",
     [node("Shape", ["x"], ["s"], "shape"),
      node("Gather", ["s", "zero"], ["n"], "batch"),
      node("Unsqueeze", ["n", "axes0"], ["n1"], "batch_1d"),
      node("Concat", ["n1", "minus1"], ["target"], "target", axis=0),
      node("Reshape", ["x", "target"], ["y"], "flatten_reshape")],
     [vi("x", [2, 4, 3, 3])], [vi("y", [2, 36])],
     [ints("zero", 0), ints("axes0", [0]), ints("minus1", [-1])])
# Every fold-only op on the way to a Reshape target.
save("shape_fold_all.onnx",
     [node("Shape", ["x"], ["s"], "shape"),
      node("Slice", ["s", "st", "en"], ["s2"], "shape_prefix"),
      node("ConstantOfShape", ["two"], ["zeros"], "zeros",
           value=helper.make_tensor("z", I64, [1], [0])),
      node("Equal", ["t", "zeros"], ["copy"], "is_copy"),
      node("Where", ["copy", "s2", "t"], ["t2"], "resolve_copy"),
      node("Range", ["r0", "r1", "r2"], ["r"], "range"),
      node("Cast", ["r"], ["rf"], "to_float", to=F),
      node("Cast", ["rf"], ["ri"], "to_int", to=I64),
      node("Mul", ["t2", "ri"], ["t3"], "times_one"),
      node("Sub", ["t3", "zero1"], ["t4"], "minus_zero"),
      node("Squeeze", ["t4"], ["t5"], "noop_squeeze"),
      node("Reshape", ["x", "t5"], ["y"], "reshape")],
     [vi("x", [3, 4, 2])], [vi("y", [3, 8])],
     [ints("st", [0]), ints("en", [2]), ints("two", [2]),
      ints("t", [0, -1]), ints("r0", 1), ints("r1", 2), ints("r2", 1),
      ints("zero1", [0])])
# torchvision ShuffleNet V2's chunk: Split with sizes computed from Shape.
save("chunk_split.onnx",
     [node("Shape", ["x"], ["s"], "shape"),
      node("Gather", ["s", "one"], ["c"], "channels"),
      node("Div", ["c", "two"], ["h"], "half"),
      node("Unsqueeze", ["h", "axes0"], ["h1"], "half_1d"),
      node("Concat", ["h1", "h1"], ["sizes"], "sizes", axis=0),
      node("Split", ["x", "sizes"], ["a", "b"], "chunk", axis=1)],
     [vi("x", [1, 4, 2, 2])], [vi("a", [1, 2, 2, 2]), vi("b", [1, 2, 2, 2])],
     [ints("one", 1), ints("two", 2), ints("axes0", [0])])

# --- Inputs ------------------------------------------------------------------
save("dynamic_batch.onnx",
     [node("Conv", ["input", "w"], ["c"], "conv1", kernel_shape=[3, 3],
           pads=[1, 1, 1, 1]),
      node("GlobalAveragePool", ["c"], ["g"], "gap"),
      node("Flatten", ["g"], ["output"], "flatten")],
     [vi("input", ["batch", 3, 8, 8])], [vi("output", ["batch", 4])],
     [weights("w", 4, 3, 3, 3)])
save("two_inputs.onnx",
     [node("Add", ["a", "b"], ["y"], "add1")],
     [vi("a", [1, 3, 4, 4]), vi("b", [1, 3, 1, 1])], [vi("y", [1, 3, 4, 4])])
save("int_input.onnx",
     [node("Cast", ["a"], ["y"], "to_float", to=F)],
     [vi("a", [1, 3], I64)], [vi("y", [1, 3])])

# --- External data -----------------------------------------------------------
def save_external(filename, location, write_data=True):
    w = RNG.uniform(-1, 1, (4, 3, 1, 1)).astype(np.float32)
    tensor = numpy_helper.from_array(w, "w")
    graph = helper.make_graph(
        [node("Conv", ["x", "w"], ["y"], "conv1")], "external",
        [vi("x", [1, 3, 2, 2])], [vi("y", [1, 4, 2, 2])], [tensor])
    model = helper.make_model(graph, producer_name="nncc-tests",
                              opset_imports=[helper.make_opsetid("", 13)])
    raw = tensor.raw_data
    tensor = model.graph.initializer[0]
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", "16"),
                       ("length", str(len(raw)))):
        entry = tensor.external_data.add()
        entry.key, entry.value = key, value
    if write_data:
        with open(os.path.join(HERE, location), "wb") as f:
            f.write(b"\0" * 16 + raw)
    onnx.save(model, os.path.join(HERE, filename))


save_external("external_in.onnx", "external_in.weights")
save_external("external_out.onnx", "../outside.weights", write_data=False)
save_external("external_abs.onnx", "/etc/passwd", write_data=False)
save_external("external_missing.onnx", "missing.weights", write_data=False)

# --- Refusals ----------------------------------------------------------------
save("unsupported.onnx",
     [node("LRN", ["x"], ["l1"], "lrn1", size=3),
      node("Tanh", ["l1"], ["t1"], "tanh1"),
      node("LRN", ["t1"], ["l2"], "lrn2", size=3),
      node("Exp", ["l2"], ["e"], "exp1"),
      node("Relu", ["e"], ["y"], "relu1")],
     [vi("x", [1, 3, 4, 4])], [vi("y", [1, 3, 4, 4])])
m = helper.make_model(
    helper.make_graph([node("FancyOp", ["x"], ["y"], "fancy1",
                            domain="com.example")],
                      "custom", [vi("x", [1, 3])], [vi("y", [1, 3])]),
    opset_imports=[helper.make_opsetid("", 13),
                   helper.make_opsetid("com.example", 1)])
onnx.save(m, os.path.join(HERE, "custom_domain.onnx"))
save("opset6.onnx", [node("Relu", ["x"], ["y"], "relu1")],
     [vi("x", [1, 3])], [vi("y", [1, 3])], opset=6, check=False)
save("opset18.onnx", [node("Relu", ["x"], ["y"], "relu1")],
     [vi("x", [1, 3])], [vi("y", [1, 3])], opset=18, check=False)
# A model ONNX's checker rejects: a node reads a value nothing defines.
save("invalid_graph.onnx", [node("Relu", ["nowhere"], ["y"], "relu1")],
     [vi("x", [1, 3])], [vi("y", [1, 3])], check=False)
# Shapes that contradict each other: ONNX shape inference rejects them.
save("bad_shapes.onnx",
     [node("Add", ["a", "b"], ["y"], "add1")],
     [vi("a", [1, 3]), vi("b", [1, 4])], [vi("y", [1, 3])], check=False)

# Outputs beyond the first of MaxPool and Dropout have no nn counterpart.
save("maxpool_indices.onnx",
     [node("MaxPool", ["x"], ["y", "idx"], "pool1", kernel_shape=[2, 2])],
     [vi("x", [1, 2, 4, 4])], [vi("y", [1, 2, 3, 3]), vi("idx", [1, 2, 3, 3], I64)])
save("dropout_mask.onnx",
     [node("Dropout", ["x"], ["y", "mask"], "drop1"),
      node("Cast", ["mask"], ["m"], "mask_to_float", to=F),
      node("Mul", ["y", "m"], ["z"], "mul1")],
     [vi("x", [1, 4])], [vi("z", [1, 4])])

with open(os.path.join(HERE, "conv_relu_pool.onnx"), "rb") as f:
    whole = f.read()
with open(os.path.join(HERE, "truncated.onnx"), "wb") as f:
    f.write(whole[: len(whole) // 2])
open(os.path.join(HERE, "empty.onnx"), "wb").close()
with open(os.path.join(HERE, "garbage.onnx"), "wb") as f:
    f.write(b"this is not an ONNX model, just some text\n" * 3)
with open(os.path.join(HERE, "random_bytes.onnx"), "wb") as f:
    f.write(np.random.RandomState(1).bytes(512))
