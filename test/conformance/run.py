#!/usr/bin/python3
"""ONNX backend conformance tests through nncc's ahead-of-time object.

Runs every test in tests.txt with nncc-run (compile, link with cc, run on
test_data_set_*, compare with output_*.pb) and checks that every test in
skips.txt is refused by nncc with the expected error: exit status 1 and
exactly one `nncc: error:` line containing the expected text. A skip can
therefore not hide a crash, a wrong answer or a model that now compiles.

Binding rule (see README, "ONNX conformance tests"): the node tests pass
weights, shapes and attribute-like operands as graph inputs. A graph input is
fed at run time only if it is a float tensor that every node reading it reads
as data: its input 0, or any input of an elementwise/variadic op (Add, Sub,
Mul, Div, Concat). Every other input (integer shapes, axes, splits, Clip
bounds, Conv/Gemm/MatMul weights and biases, BatchNorm statistics) is bound
as a constant from test_data_set_*/input_<i>.pb with `--bind-input`, as it
would be an initializer in a real model.

tests.txt: `<suite>/<test> [tolerance=T]`, `#` comments. skips.txt:
`<suite>/<test> | <reason> | <expected error substring>`.

Usage: run.py [-j N] [--filter REGEX] [--family F,...] [--aarch64] [--data DIR]
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = "/usr/share/libonnx-testdata/data"

# Inputs of these ops are all data, whatever their position.
DATA_OPS = {"Add", "Sub", "Mul", "Div", "Concat"}

# Seconds one test may take (compiling, linking and running, or refusing).
TIMEOUT = 120

# nncc-run flags for the AArch64 mode: cross-link statically, run under qemu.
AARCH64 = [
    "--target=aarch64-linux-gnu",
    "--cc=aarch64-linux-gnu-gcc",
    "--cc-flags=-static",
    "--exec-prefix=qemu-aarch64",
]


def parse_list(path, fields):
    """Lines of a list file without comments, split into `fields` parts."""
    entries = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if fields == 1:
                entries.append(line.split("#", 1)[0].split())
            else:
                parts = [p.strip() for p in line.split("|")]
                if len(parts) != fields or not all(parts):
                    sys.exit(f"{path}:{number}: expected {fields} fields "
                             f"separated by '|'")
                entries.append(parts)
    return entries


def bound_inputs(model_path):
    """Names of the graph inputs the harness binds as constants."""
    model = onnx.load(model_path, load_external_data=False)
    graph = model.graph
    initializers = {t.name for t in graph.initializer}
    readers = {}
    for node in graph.node:
        for position, name in enumerate(node.input):
            readers.setdefault(name, []).append((node.op_type, position))
    bound = []
    for value in graph.input:
        if value.name in initializers:
            continue
        is_float = value.type.tensor_type.elem_type == onnx.TensorProto.FLOAT
        as_data = all(position == 0 or op in DATA_OPS
                      for op, position in readers.get(value.name, []))
        if not (is_float and as_data):
            bound.append(value.name)
    return bound


def family(test):
    """A short family name for the summary, from the test name."""
    name = test.split("/", 1)[1].lower()[len("test_"):]
    for prefix, fam in [
        ("basic_conv", "conv"), ("conv", "conv"), ("batchnorm", "batchnorm"),
        ("globalaveragepool", "globalaveragepool"),
        ("averagepool", "averagepool"), ("avgpool", "averagepool"),
        ("maxpool", "maxpool"), ("hardsigmoid", "hardsigmoid"),
        ("hardswish", "hardswish"), ("relu", "relu"), ("clip", "clip"),
        ("sigmoid", "sigmoid"), ("concat", "concat"), ("split", "split"),
        ("slice", "slice"), ("reshape", "reshape"),
        ("pixelshuffle", "reshape"), ("transpose", "transpose"),
        ("flatten", "flatten"), ("gemm", "gemm"), ("linear", "gemm"),
        ("matmul", "matmul"), ("add", "add"), ("sub", "sub"), ("mul", "mul"),
        ("div", "div"), ("softmax", "softmax"), ("glu", "split"),
    ]:
        if name.startswith(prefix):
            return fam
    return "other"


def run_test(test, options, data, extra):
    """(ok, detail) for one test of tests.txt."""
    model = os.path.join(data, test, "model.onnx")
    command = ["nncc-run", model] + extra
    for option in options:
        key, _, value = option.partition("=")
        if key != "tolerance":
            return False, f"unknown option '{option}' in tests.txt"
        command.append(f"--tolerance={value}")
    command += [f"--bind-input={name}" for name in bound_inputs(model)]
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {TIMEOUT} s"
    lines = (result.stdout + result.stderr).strip().splitlines()
    ok = result.returncode == 0 and any(l.startswith("PASS") for l in lines)
    detail = "; ".join(lines[-3:]) if not ok else ""
    return ok, detail


def run_skip(test, expected, data, extra):
    """(ok, detail): nncc must refuse the model with the expected error."""
    model = os.path.join(data, test, "model.onnx")
    dataset = os.path.join(data, test, "test_data_set_0")
    graph = onnx.load(model, load_external_data=False).graph
    initializers = {t.name for t in graph.initializer}
    names = [v.name for v in graph.input if v.name not in initializers]
    with tempfile.TemporaryDirectory(prefix="nncc-conf") as work:
        command = ["nncc", model, "-o", os.path.join(work, "model.o")]
        command += [a for a in extra if a.startswith("--target=")]
        for name in bound_inputs(model):
            command.append(f"--bind-input={name}=" + os.path.join(
                dataset, f"input_{names.index(name)}.pb"))
        try:
            result = subprocess.run(command, capture_output=True, text=True,
                                    timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return False, f"nncc timed out after {TIMEOUT} s"
    errors = [l for l in result.stderr.splitlines()
              if l.startswith("nncc: error:")]
    if result.returncode != 1:
        return False, (f"expected nncc to refuse it (exit 1), got exit "
                       f"{result.returncode}: {result.stderr.strip()[:300]}")
    if len(errors) != 1 or expected not in errors[0]:
        return False, (f"expected one 'nncc: error:' line containing "
                       f"'{expected}', got: {result.stderr.strip()[:300]}")
    return True, ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-j", type=int, default=1, help="parallel tests")
    parser.add_argument("--filter", default="",
                        help="run only tests whose name matches this regex")
    parser.add_argument("--family", default="",
                        help="run only these families (comma-separated, as "
                        "in the summary, e.g. conv,maxpool,gemm)")
    parser.add_argument("--aarch64", action="store_true",
                        help="cross-compile for AArch64, run under qemu")
    parser.add_argument("--data", default=DATA,
                        help="libonnx-testdata's data folder")
    parser.add_argument("--tests", default=os.path.join(HERE, "tests.txt"))
    parser.add_argument("--skips", default=os.path.join(HERE, "skips.txt"))
    args = parser.parse_args()

    tests = [(t[0], t[1:]) for t in parse_list(args.tests, 1)]
    skips = parse_list(args.skips, 3)
    listed = {t for t, _ in tests}
    for test, _, _ in skips:
        if test in listed:
            sys.exit(f"{test} is both in tests.txt and in skips.txt")
    families = set(filter(None, args.family.split(",")))

    def selected(test):
        return re.search(args.filter, test) and (not families or
                                                 family(test) in families)

    extra = AARCH64 if args.aarch64 else []

    jobs = [("run", t, o) for t, o in tests if selected(t)]
    jobs += [("skip", t, (reason, expected)) for t, reason, expected in skips
             if selected(t)]
    if not jobs:
        sys.exit("no test matches --filter/--family")

    def work(job):
        kind, test, payload = job
        if kind == "run":
            return run_test(test, payload, args.data, extra)
        return run_skip(test, payload[1], args.data, extra)

    start = time.time()
    counts = {}
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max(1, args.j)) as pool:
        for (kind, test, payload), (ok, detail) in zip(jobs,
                                                        pool.map(work, jobs)):
            status = ("PASS" if kind == "run" else "SKIP") if ok else "FAIL"
            line = f"{status} {test}"
            if kind == "skip":
                line += f" ({payload[0]})"
            if detail:
                line += f": {detail}"
            print(line, flush=True)
            failures += not ok
            fam = counts.setdefault(family(test), [0, 0, 0])
            fam[0 if kind == "run" and ok else 1 if kind == "skip" and ok
                else 2] += 1

    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    print("\nfamily               passed skipped failed")
    for fam in sorted(counts):
        print(f"{fam:<20} {counts[fam][0]:>6} {counts[fam][1]:>7} "
              f"{counts[fam][2]:>6}")
    skipped_share = 100.0 * total[1] / max(1, sum(total))
    print(f"{'total':<20} {total[0]:>6} {total[1]:>7} {total[2]:>6}")
    print(f"{len(jobs)} tests, {total[0]} passed, {total[1]} skipped "
          f"({skipped_share:.1f}%), {total[2]} failed "
          f"in {time.time() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
