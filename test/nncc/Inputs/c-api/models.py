"""Two small networks for the C API test, and their reference outputs.

`models.py make DIR` writes DIR/conv_net.mlir, DIR/dense-net.mlir (weights
drawn from a fixed seed) and DIR/expected.txt, the outputs numpy computes for
the inputs app.c feeds (float64 arithmetic on the same float32 values).
`models.py compare EXPECTED ACTUAL` checks app.c's printed outputs against
them and prints one PASS/FAIL line per output.
"""
import sys

import numpy as np


def inputs(n):
    """What app.c feeds: ((i * 37) % 17) / 17 - 0.5, as float32."""
    i = np.arange(n)
    return (((i * 37) % 17) / 17.0 - 0.5).astype(np.float32)


def dense(a):
    """An MLIR dense literal holding float32 array `a` exactly."""
    if a.ndim == 0:
        return "%.9e" % a
    return "[" + ", ".join(dense(x) for x in a) + "]"


def conv_net(rng):
    """3x3 stride-2 conv (3 -> 20 channels, bias, relu), global average pool:
    20 channels is not a multiple of a 16-lane vector."""
    w = rng.standard_normal((20, 3, 3, 3)).astype(np.float32)
    b = rng.standard_normal(20).astype(np.float32)
    text = f"""func @conv_net(%x: tensor<1x3x8x8xf32>) -> tensor<1x20x1x1xf32> {{
  %w = nn.constant dense<{dense(w)}> : tensor<20x3x3x3xf32>
  %b = nn.constant dense<{dense(b)}> : tensor<20xf32>
  %0 = nn.conv2d %x, %w, %b {{strides = [2, 2], pads = [1, 1, 1, 1]}} : (tensor<1x3x8x8xf32>, tensor<20x3x3x3xf32>, tensor<20xf32>) -> tensor<1x20x4x4xf32>
  %1 = nn.relu %0 : tensor<1x20x4x4xf32>
  %2 = nn.global_avg_pool %1 : tensor<1x20x4x4xf32> -> tensor<1x20x1x1xf32>
  return %2 : tensor<1x20x1x1xf32>
}}
"""
    x = inputs(3 * 8 * 8).astype(np.float64).reshape(1, 3, 8, 8)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    y = np.zeros((1, 20, 4, 4))
    for oy in range(4):
        for ox in range(4):
            patch = xp[0, :, 2 * oy:2 * oy + 3, 2 * ox:2 * ox + 3]
            y[0, :, oy, ox] = np.tensordot(w.astype(np.float64), patch, 3) + b
    y = np.maximum(y, 0).mean(axis=(2, 3))
    return text, [y.ravel()]


def dense_net(rng):
    """Two inputs, two outputs: softmax(gemm(a + b)) and a * b."""
    w = rng.standard_normal((6, 10)).astype(np.float32)
    c = rng.standard_normal(6).astype(np.float32)
    text = f"""func @dense_net(%a: tensor<1x10xf32>, %b: tensor<1x10xf32>) -> (tensor<1x6xf32>, tensor<1x10xf32>) {{
  %w = nn.constant dense<{dense(w)}> : tensor<6x10xf32>
  %c = nn.constant dense<{dense(c)}> : tensor<6xf32>
  %0 = nn.add %a, %b : (tensor<1x10xf32>, tensor<1x10xf32>) -> tensor<1x10xf32>
  %1 = nn.gemm %0, %w, %c {{transB = true}} : (tensor<1x10xf32>, tensor<6x10xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %2 = nn.softmax %1 {{axis = 1}} : tensor<1x6xf32> -> tensor<1x6xf32>
  %3 = nn.mul %a, %b : (tensor<1x10xf32>, tensor<1x10xf32>) -> tensor<1x10xf32>
  return %2, %3 : tensor<1x6xf32>, tensor<1x10xf32>
}}
"""
    a = inputs(10).astype(np.float64)
    b = a[::-1].copy()  # app.c feeds the same values reversed
    z = w.astype(np.float64) @ (a + b) + c
    e = np.exp(z - z.max())
    return text, [e / e.sum(), a * b]


def make(out):
    rng = np.random.default_rng(4)
    lines = []
    for name, file, build in [("conv_net", "conv_net.mlir", conv_net),
                              ("dense_net", "dense-net.mlir", dense_net)]:
        text, outputs = build(rng)
        with open(f"{out}/{file}", "w") as f:
            f.write(text)
        for k, o in enumerate(outputs):
            lines += [f"{name} {k} {i} {v:.9e}" for i, v in enumerate(o)]
    with open(f"{out}/expected.txt", "w") as f:
        f.write("\n".join(lines) + "\n")


def read(path):
    """{(network, output): [values]} from lines 'network output index value'."""
    values = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 4 and parts[2].isdigit():
            values.setdefault((parts[0], int(parts[1])), []).append(float(parts[3]))
    return values


def compare(expected_path, actual_path):
    expected, actual = read(expected_path), read(actual_path)
    ok = True
    for key, ref in sorted(expected.items()):
        ref = np.array(ref)
        got = np.array(actual.get(key, []))
        if got.shape != ref.shape:
            print(f"FAIL {key[0]} output {key[1]}: {got.size} values, expected {ref.size}")
            ok = False
            continue
        err = np.abs(got - ref).max()
        bound = 1e-5 * max(1.0, np.abs(ref).max())
        status = "PASS" if err <= bound else "FAIL"
        ok &= status == "PASS"
        print(f"{status} {key[0]} output {key[1]}: max abs error {err:.3g}")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
