#!/usr/bin/python3
"""Writes the malformed-input corpus the robustness tests read.

Run with /usr/bin/python3 (Debian's python3-onnx); deterministic, so running it
again rewrites byte-identical files. Every file here is something nncc must
refuse with one error line: broken containers, graphs ONNX's checker rejects,
shapes and attributes nncc cannot compile, hostile external data. The cases
test/Import/ONNX/refusals.test and external-data.test already cover (empty
file, random bytes, a truncated model, opsets 6 and 18, a custom domain, a
value nothing defines, a path outside the folder, ...) are not repeated.
"""

import os

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


def vi(name, shape, elem=F):
    """A tensor value; an int `shape` is a rank with unknown dims, for
    outputs left to shape inference (the checker wants a shape field)."""
    if isinstance(shape, int):
        shape = [None] * shape
    return helper.make_tensor_value_info(name, elem, shape)


def node(op, inputs, outputs, name, **attrs):
    return helper.make_node(op, inputs, outputs, name=name, **attrs)


def model(nodes, inputs, outputs, inits=(), opset=13, **kwargs):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(inits))
    return helper.make_model(graph, producer_name="nncc-robustness",
                             opset_imports=[helper.make_opsetid("", opset)],
                             **kwargs)


def write(filename, data):
    if isinstance(data, onnx.ModelProto):
        data = data.SerializeToString()
    with open(os.path.join(HERE, filename), "wb") as f:
        f.write(data)


def conv(attrs=None, x=(1, 3, 8, 8), w=(4, 3, 3, 3), opset=13):
    """One Conv node 'conv1' with constant weights."""
    return model([node("Conv", ["x", "w"], ["y"], "conv1", **(attrs or {}))],
                 [vi("x", list(x))], [vi("y", len(x))],
                 [weights("w", *w)], opset=opset)


def relu(x=(1, 3, 4, 4), elem=F, opset=13):
    return model([node("Relu", ["x"], ["y"], "relu1")],
                 [vi("x", list(x), elem)], [vi("y", len(x), elem)], opset=opset)


# --- Containers ---------------------------------------------------------------
good = conv()
# A TensorProto is valid protobuf, but not a model.
write("tensor_not_model.onnx",
      numpy_helper.from_array(np.ones((2, 2), np.float32), "t").SerializeToString())
m = onnx.ModelProto()
m.ir_version = 8
write("no_graph.onnx", m)
m = onnx.ModelProto()
m.CopyFrom(good)
m.ir_version = 0
write("no_ir_version.onnx", m)
m.ir_version = 99
write("ir_version_99.onnx", m)
m.ir_version = -3
write("ir_version_negative.onnx", m)
# A length prefix that claims 2 GB after a valid start.
write("huge_length.onnx", good.SerializeToString()[:8] + b"\x3a\xff\xff\xff\xff\x07")
# Graphs nested deeper than protobuf's recursion limit (an If in an If ...).
inner = helper.make_graph([node("Relu", ["x"], ["y"], "r")], "b",
                          [vi("x", [1])], [vi("y", [1])])
for depth in range(120):
    inner = helper.make_graph(
        [node("Loop", ["", "c"], ["y"], "loop%d" % depth, body=inner)],
        "b", [], [vi("y", [1])])
deep = model(inner.node, [vi("c", [], TensorProto.BOOL)], [vi("y", [1])])
write("deep_nesting.onnx", deep)

# --- Opsets and domains -------------------------------------------------------
m = relu()
del m.opset_import[:]
m.opset_import.extend([helper.make_opsetid("com.example", 1)])
write("no_default_opset.onnx", m)
write("opset_huge.onnx", relu(opset=2**40))
# Below opset 7 ONNX's version converter runs, and crashed on an output or
# input no node, graph input or initializer defines (fuzzer: SEGV in
# graphProtoToGraph).
m = relu(opset=6)
m.graph.node[0].output[0] = "z"
write("old_opset_undefined_output.onnx", m)
m = relu(opset=6)
m.graph.node[0].input[0] = "w"
write("old_opset_undefined_input.onnx", m)
# The converter's broadcast adapter read a Mul's operands without checking
# there are two (fuzzer: SEGV in adapt_broadcast_forward_compatibility).
m = relu(opset=1)
m.graph.node.extend([node("Mul", [], [], "mul1")])
write("old_opset_mul_no_inputs.onnx", m)
# ... and adapted a Mul of an unknown domain as if it were ONNX's (fuzzer:
# SEGV in the same adapter).
m = relu(opset=1)
m.graph.node.extend([node("Mul", [], [], "mul1")])
m.graph.node[1].domain = "org.unknown"
write("old_opset_unknown_domain_mul.onnx", m)
# The converter's Gemm adapter (opset 6 to 7) read B's second dimension
# without checking B has one (fuzzer: a huge allocation from a garbage size).
m = model([node("Gemm", ["a", "b", "c"], ["y"], "gemm1")],
          [vi("a", (2, 3)), vi("b", (4,)), vi("c", ())], [vi("y", (2, 4))],
          opset=5)
write("old_opset_gemm_rank1_b.onnx", m)
# Where exists from opset 9: an opset-8 model, which is not upgraded, has
# none (the operator check once looked operators up at 9 for every model
# below 9).
write("opset8_where.onnx", model(
    [node("Where", ["c", "x", "x"], ["y"], "where1")],
    [vi("c", [2], TensorProto.BOOL), vi("x", [2])], [vi("y", [2])], opset=8))
m = relu()
m.graph.node[0].domain = "org.unknown"
write("unknown_domain_relu.onnx", m)

# --- Graph structure ----------------------------------------------------------
# The conv's weights are named but no initializer (nor anything else) has them.
m = conv()
del m.graph.initializer[:]
write("missing_initializer.onnx", m)
# The weights are a graph input without an initializer: runtime weights.
m = conv()
del m.graph.initializer[:]
m.graph.input.extend([vi("w", [4, 3, 3, 3])])
write("weights_as_input.onnx", m)
write("cycle.onnx", model(
    [node("Add", ["x", "b"], ["a"], "add_a"),
     node("Relu", ["a"], ["b"], "relu_b")],
    [vi("x", [1, 4])], [vi("b", [1, 4])]))
write("unsorted.onnx", model(
    [node("Relu", ["a"], ["y"], "relu2"),
     node("Relu", ["x"], ["a"], "relu1")],
    [vi("x", [1, 4])], [vi("y", [1, 4])]))
write("duplicate_node_output.onnx", model(
    [node("Relu", ["x"], ["y"], "relu1"),
     node("Sigmoid", ["x"], ["y"], "sig1")],
    [vi("x", [1, 4])], [vi("y", [1, 4])]))
write("duplicate_graph_output.onnx", model(
    [node("Relu", ["x"], ["y"], "relu1")],
    [vi("x", [1, 4])], [vi("y", [1, 4]), vi("y", [1, 4])]))
write("duplicate_initializer.onnx", model(
    [node("Add", ["x", "b"], ["y"], "add1")],
    [vi("x", [1, 4])], [vi("y", [1, 4])],
    [weights("b", 1, 4), weights("b", 1, 4)]))
write("undefined_graph_output.onnx", model(
    [node("Relu", ["x"], ["y"], "relu1")],
    [vi("x", [1, 4])], [vi("y", [1, 4]), vi("z", [1, 4])]))
write("no_outputs.onnx", model(
    [node("Relu", ["x"], ["y"], "relu1")], [vi("x", [1, 4])], []))
write("empty_op_type.onnx", model(
    [node("", ["x"], ["y"], "nameless")], [vi("x", [1, 4])], [vi("y", [1, 4])]))
write("input_shadowed.onnx", model(
    [node("Relu", ["x"], ["x"], "relu1")], [vi("x", [1, 4])], [vi("x", [1, 4])]))

# --- Dimensions ---------------------------------------------------------------
write("zero_dim.onnx", relu(x=(1, 3, 0, 4)))
write("negative_dim.onnx", relu(x=(1, 3, -5, 4)))
# 2^32 elements: int32 sizes and byte counts overflow.
write("dims_over_2g.onnx", relu(x=(1, 4, 65536, 16384)))
# Dims whose product overflows int64.
write("dims_overflow_int64.onnx", relu(x=(2**31, 2**31, 2**31, 4)))
m = conv()
del m.graph.initializer[0].dims[:]
m.graph.initializer[0].dims.extend([4, 3, -3, -3])
write("initializer_negative_dim.onnx", m)
m = conv()
del m.graph.initializer[0].dims[:]
m.graph.initializer[0].dims.extend([2**20, 2**20, 2**20, 3])
write("initializer_huge_dims.onnx", m)
# Found by fuzzing: negative kernel dims and a 1-D input crashed ONNX's shape
# inference.
m = conv(x=(1, 3, 8))
del m.graph.initializer[0].dims[:]
m.graph.initializer[0].dims.extend([4, 3, -3, -3])
write("initializer_negative_dim_1d.onnx", m)
m = conv()
m.graph.initializer[0].raw_data = m.graph.initializer[0].raw_data[:100]
write("initializer_short_data.onnx", m)
write("reshape_two_minus_one.onnx", model(
    [node("Reshape", ["x", "s"], ["y"], "reshape1")],
    [vi("x", [1, 4, 2, 2])], [vi("y", 2)], [ints("s", [-1, -1])]))
# Found by fuzzing: the product of the target dims overflowed int64.
write("reshape_huge_target.onnx", model(
    [node("Reshape", ["x", "s"], ["y"], "reshape1")],
    [vi("x", [1, 4, 2, 2])], [vi("y", 2)],
    [ints("s", [7953195835347435523, 6647137])]))
write("reshape_huge_dim.onnx", model(
    [node("Reshape", ["x", "s"], ["y"], "reshape1")],
    [vi("x", [1, 4, 2, 2])], [vi("y", 2)],
    [ints("s", [1610612739, 432345564227567868])]))
write("reshape_wrong_count.onnx", model(
    [node("Reshape", ["x", "s"], ["y"], "reshape1")],
    [vi("x", [1, 4, 2, 2])], [vi("y", 2)], [ints("s", [3, 5])]))

# --- Convolution ----------------------------------------------------------------
write("conv_channels_mismatch.onnx", conv(w=(4, 5, 3, 3)))
write("conv_group_not_dividing.onnx", conv({"group": 2}, w=(4, 1, 3, 3)))
write("conv_group_zero.onnx", conv({"group": 0}))
write("conv_group_negative.onnx", conv({"group": -3}))
write("conv_stride_zero.onnx", conv({"strides": [0, 1]}))
write("conv_dilation_zero.onnx", conv({"dilations": [1, 0]}))
write("conv_negative_pads.onnx", conv({"pads": [-1, 0, 0, 0]}))
write("conv_kernel_shape_mismatch.onnx", conv({"kernel_shape": [5, 5]}))
write("conv_weights_rank2.onnx", conv(w=(4, 3)))
# Found by fuzzing: rank-1 weights with auto_pad crashed ONNX's shape inference.
write("conv_weights_rank1.onnx", conv({"auto_pad": "SAME_UPPER"}, w=(3,)))
write("conv_kernel_larger_than_input.onnx", conv(x=(1, 3, 2, 2)))
write("conv_1d.onnx", conv(x=(1, 3, 8), w=(4, 3, 3)))
# Found by fuzzing: 2-D weights on a 1-D input crashed ONNX's shape inference.
write("conv_input_rank_mismatch.onnx", conv(x=(1, 3, 8), w=(4, 3, 3, 3)))
# The same with the weights a graph input (runtime weights).
m = conv(x=(1, 3, 8), w=(4, 3, 3, 3))
del m.graph.initializer[:]
m.graph.input.extend([vi("w", [4, 3, 3, 3])])
write("conv_input_rank_mismatch_runtime_weights.onnx", m)
write("conv_huge_pads.onnx", conv({"pads": [2**62, 2**62, 2**62, 2**62]}))
write("maxpool_kernel_zero.onnx", model(
    [node("MaxPool", ["x"], ["y"], "pool1", kernel_shape=[0, 0])],
    [vi("x", [1, 3, 4, 4])], [vi("y", 4)]))
write("avgpool_stride_zero.onnx", model(
    [node("AveragePool", ["x"], ["y"], "pool1", kernel_shape=[2, 2],
          strides=[0, 0])],
    [vi("x", [1, 3, 4, 4])], [vi("y", 4)]))

# --- Element types ----------------------------------------------------------------
write("input_float16.onnx", relu(elem=TensorProto.FLOAT16))
write("input_double.onnx", relu(elem=TensorProto.DOUBLE))
m = conv()
m.graph.initializer[0].CopyFrom(numpy_helper.from_array(
    RNG.uniform(-1, 1, (4, 3, 3, 3)).astype(np.float16), "w"))
write("weights_float16.onnx", m)
m = conv()
m.graph.initializer[0].CopyFrom(helper.make_tensor(
    "w", TensorProto.STRING, [4, 3, 3, 3], [b"hello"] * 108))
write("weights_string.onnx", m)
write("output_int64.onnx", model(
    [node("Cast", ["x"], ["y"], "to_int", to=I64)],
    [vi("x", [1, 4])], [vi("y", [1, 4], I64)]))
write("input_sequence.onnx", model(
    [node("Identity", ["x"], ["y"], "id1")],
    [helper.make_tensor_sequence_value_info("x", F, [1, 4])],
    [helper.make_tensor_sequence_value_info("y", F, [1, 4])]))

# --- Attribute values -------------------------------------------------------------
write("conv_autopad_bogus.onnx", conv({"auto_pad": "BOGUS"}))
write("conv_strides_float.onnx", model(
    [helper.make_node("Conv", ["x", "w"], ["y"], name="conv1",
                      strides=[1.5, 1.5])],
    [vi("x", [1, 3, 8, 8])], [vi("y", 4)], [weights("w", 4, 3, 3, 3)]))
write("softmax_axis_out_of_range.onnx", model(
    [node("Softmax", ["x"], ["y"], "softmax1", axis=7)],
    [vi("x", [1, 4])], [vi("y", 2)]))
write("concat_axis_out_of_range.onnx", model(
    [node("Concat", ["x", "x"], ["y"], "concat1", axis=-9)],
    [vi("x", [1, 4])], [vi("y", 2)]))
write("transpose_bad_perm.onnx", model(
    [node("Transpose", ["x"], ["y"], "transpose1", perm=[0, 0, 1, 2])],
    [vi("x", [1, 3, 4, 4])], [vi("y", 4)]))
write("pad_mode_bogus.onnx", model(
    [node("Pad", ["x", "pads"], ["p"], "pad1", mode="wrap"),
     node("Conv", ["p", "w"], ["y"], "conv1")],
    [vi("x", [1, 3, 8, 8])], [vi("y", 4)],
    [ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]), weights("w", 4, 3, 3, 3)]))
# Found by fuzzing: a Pad's huge pads overflowed the window arithmetic of the
# MaxPool absorbing it.
write("pad_huge_pads.onnx", model(
    [node("Pad", ["x", "pads", "ninf"], ["p"], "pad1"),
     node("MaxPool", ["p"], ["y"], "maxpool1", kernel_shape=[3, 3],
          strides=[2, 2])],
    [vi("x", [1, 2, 8, 27])], [vi("y", 4)],
    [ints("pads", [0, 0, 2**62, 0, 0, 0, 2**62, 0]),
     numpy_helper.from_array(np.array(-np.inf, dtype=np.float32), "ninf")]))
write("split_sizes_wrong_sum.onnx", model(
    [node("Split", ["x", "s"], ["a", "b"], "split1", axis=1)],
    [vi("x", [1, 4, 2, 2])], [vi("a", 4), vi("b", 4)], [ints("s", [1, 2])]))
write("gemm_transposed_mismatch.onnx", model(
    [node("Gemm", ["x", "w"], ["y"], "fc", transB=1)],
    [vi("x", [1, 4])], [vi("y", 2)], [weights("w", 4, 5)]))

# --- External data ----------------------------------------------------------------
def external(filename, entries, data=None, data_name=None):
    m = conv()
    t = m.graph.initializer[0]
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    for key, value in entries:
        e = t.external_data.add()
        e.key, e.value = key, value
    if data is not None:
        write(data_name, data)
    write(filename, m)


external("external_offset_past_end.onnx",
         [("location", "small.weights"), ("offset", "4096")],
         data=b"\0" * 64, data_name="small.weights")
external("external_bad_offset.onnx",
         [("location", "small.weights"), ("offset", "abc")])
external("external_no_location.onnx", [("offset", "0")])
external("external_dir.onnx", [("location", ".")])
external("external_traversal_inside.onnx",
         [("location", "sub/../../Inputs/../../small.weights")])
external("external_wrong_length.onnx",
         [("location", "small.weights"), ("length", "64")])
