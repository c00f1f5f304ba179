#!/usr/bin/python3
"""Writes large adversarial graphs for compile-time measurements
(adversarial-graphs.test uses N = 2,000; the README's figures N = 10,000).
Usage: make_adversarial.py OUTDIR [N]

  chain.onnx   N nodes in a line: Add of a constant, then Sigmoid, repeated
  fanout.onnx  one input read by N/2 1x1 Convs, all concatenated
"""

import os
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper, save

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
F = TensorProto.FLOAT
os.makedirs(out, exist_ok=True)


def model(nodes, inputs, outputs, inits):
    graph = helper.make_graph(nodes, "g", inputs, outputs, inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


nodes, value = [], "x"
inits = [numpy_helper.from_array(np.full((1, 8, 1, 1), 0.01, np.float32), "c")]
for i in range(n):
    op = "Add" if i % 2 == 0 else "Sigmoid"
    inputs = [value, "c"] if op == "Add" else [value]
    nodes.append(helper.make_node(op, inputs, ["v%d" % i], name="n%d" % i))
    value = "v%d" % i
save(model(nodes, [helper.make_tensor_value_info("x", F, [1, 8, 4, 4])],
           [helper.make_tensor_value_info(value, F, [1, 8, 4, 4])], inits),
     os.path.join(out, "chain.onnx"))

rng = np.random.RandomState(0)
branches = n // 2
nodes, inits = [], []
for i in range(branches):
    inits.append(numpy_helper.from_array(
        rng.uniform(-1, 1, (1, 4, 1, 1)).astype(np.float32), "w%d" % i))
    nodes.append(helper.make_node("Conv", ["x", "w%d" % i], ["b%d" % i],
                                  name="conv%d" % i))
nodes.append(helper.make_node("Concat", ["b%d" % i for i in range(branches)],
                              ["y"], name="concat", axis=1))
save(model(nodes, [helper.make_tensor_value_info("x", F, [1, 4, 4, 4])],
           [helper.make_tensor_value_info("y", F, [1, branches, 4, 4])], inits),
     os.path.join(out, "fanout.onnx"))
