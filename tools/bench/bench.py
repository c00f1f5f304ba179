#!/usr/bin/env python3
"""nncc's benchmark: each seed model compiled by nncc for the host against
ONNX Runtime (npm onnxruntime-node), alternating process by process in one
run, batch 1, fp32, median of N runs after warm-up, best of R rounds (each
with a freshly linked timing program), at 1 and 2 threads. Prints a
Markdown table. Run through tools/bench/bench.sh."""
import argparse
import datetime
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = ["squeezenet1_0", "squeezenet1_1", "mobilenet_v1", "mobilenet_v2",
          "shufflenet_v1_g3", "shufflenet_v2_x0_5", "shufflenet_v2_x1_0"]


def run(cmd, cpus=None):
    """Runs cmd and returns its standard output; with `cpus`, pinned to that
    set of CPUs."""
    pin = None if cpus is None else (lambda: os.sched_setaffinity(0, cpus))
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          preexec_fn=pin).stdout


def count(model):
    out = run(["/usr/bin/python3", os.path.join(ROOT, "models", "count.py"),
               model])
    fields = dict(f.split("=") for f in out.split())
    return int(fields["macs"])


def cpu_name():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--models", default=",".join(MODELS))
    args = ap.parse_args()
    work = os.path.join(args.build, "bench")
    os.makedirs(work, exist_ok=True)
    nncc = os.path.join(args.build, "bin", "nncc")

    run(["cc", "-O2", "-march=native", os.path.join(HERE, "peak.c"), "-o",
         os.path.join(work, "peak")])
    cpus = sorted(os.sched_getaffinity(0))
    peak = max(float(run([os.path.join(work, "peak")], {cpu})) for cpu in cpus)
    if peak < 55:
        print(f"warning: the FMA loop reached only {peak:.1f} GFMA/s",
              file=sys.stderr)

    # An ONNX Runtime process holding a trivial session: its RSS is the
    # runtime's own, subtracted from each model's.
    empty = os.path.join(work, "empty.onnx")
    run(["/usr/bin/python3", "-c", f"""
import onnx, onnx.helper as h
x = h.make_tensor_value_info('x', onnx.TensorProto.FLOAT, [1])
g = h.make_graph([h.make_node('Relu', ['x'], ['y'])], 'g', [x],
                 [h.make_tensor_value_info('y', onnx.TensorProto.FLOAT, [1])])
onnx.save(h.make_model(g, opset_imports=[h.make_opsetid('', 13)]), '{empty}')
"""])
    ort_base = int(run(["node", os.path.join(HERE, "ort.mjs"), "--empty",
                        empty]).split()[1])

    rows = []
    threads = [int(t) for t in args.threads.split(",")]
    for name in args.models.split(","):
        model = os.path.join(ROOT, "models", name, "model.onnx")
        macs = count(model)
        obj = os.path.join(work, name, "model.o")
        os.makedirs(os.path.dirname(obj), exist_ok=True)
        start = time.time()
        run([nncc, model, "-o", obj, "--name=model"])
        compile_s = time.time() - start
        weights = os.path.getsize(model)
        exe = os.path.join(work, name, "timing")
        run(["cc", "-O2", os.path.join(HERE, "timing.c"), obj, "-I",
             os.path.dirname(obj), "-o", exe, "-lpthread", "-ldl", "-lm"])
        for t in threads:
            best = {"nncc": None, "ort": None}
            rss = {}
            for round in range(args.rounds):
                # Both tools run a round on the same t CPUs, the next round on
                # the next ones: with two vCPUs here, one ran MobileNet V2 20%
                # slower than the other for minutes at a time (4.6 against
                # 3.8 ms, the FMA loop equal on both), so a tool the scheduler
                # happened to place there lost its round.
                first = round * t % len(cpus)
                pinned = None if t >= len(cpus) else {
                    cpus[(first + i) % len(cpus)] for i in range(t)}
                for tool in ("nncc", "ort"):
                    cmd = ([exe, str(t), str(args.runs)] if tool == "nncc" else
                           ["node", os.path.join(HERE, "ort.mjs"), model,
                            str(t), str(args.runs)])
                    ms, kb = run(cmd, pinned).split()
                    ms = float(ms)
                    if best[tool] is None or ms < best[tool]:
                        best[tool] = ms
                    rss[tool] = int(kb) - (ort_base if tool == "ort" else 0)
            gmacs = macs / best["nncc"] / 1e6
            rows.append((name, macs, t, best["nncc"], best["ort"],
                         best["nncc"] / best["ort"], gmacs,
                         100 * gmacs / (peak * t), rss["nncc"] / 1024,
                         rss["ort"] / 1024, compile_s,
                         os.path.getsize(obj) / 2**20, weights / 2**20))

    print(f"nncc benchmark, {datetime.date.today()}, {cpu_name()}, "
          f"{os.cpu_count()} cores; FMA peak {peak:.1f} GFMA/s per core; "
          f"median of {args.runs} runs, best of {args.rounds} rounds\n")
    print("| model | MMACs | threads | nncc ms | ORT ms | nncc/ORT | "
          "nncc GMAC/s | % of peak | nncc RSS MB | ORT RSS MB | compile s | "
          "object MB (weights MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r[0]} | {r[1]/1e6:.1f} | {r[2]} | {r[3]:.2f} | {r[4]:.2f} "
              f"| {r[5]:.2f} | {r[6]:.1f} | {r[7]:.0f}% | {r[8]:.1f} | "
              f"{r[9]:.1f} | {r[10]:.1f} | {r[11]:.1f} ({r[12]:.1f}) |")
    for t in threads:
        ratios = [r[5] for r in rows if r[2] == t]
        geo = 1.0
        for x in ratios:
            geo *= x
        print(f"\ngeometric mean nncc/ORT at {t} thread(s): "
              f"{geo ** (1 / len(ratios)):.2f}")


if __name__ == "__main__":
    main()
