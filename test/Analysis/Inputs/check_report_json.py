#!/usr/bin/python3
"""Checks a `nncc --report-json` document against its schema (README.md,
"Model report") and its imported totals against models/count.py, an
independent counter working on the ONNX file.

    check_report_json.py REPORT.json [MODEL.onnx] [--tolerance 0.005]
                         [--measured MIN_KERNEL_SHARE]

Prints `schema ok` and, with a model, `counts ok: params=N macs=M`; with
--measured (a report with times, nncc-run --profile) checks the times agree
with each other, never their values, and prints `measured ok`; exits 1 with a
message otherwise.
"""

import argparse
import json
import os
import sys

LAYER_KEYS = {
    "imported": {"nodes", "op", "kernel", "input_shape", "output_shape",
                 "params", "macs", "memory_access", "elementwise"},
    "compiled": {"nodes", "op", "kernel", "params", "macs", "bytes_read",
                 "bytes_written", "kernel_calls", "call_indices", "placement",
                 "copy", "elementwise", "arena"},
}
# Keys present exactly when the report has measured times.
MEASURED_LAYER_KEYS = {"time_ms", "gmacs_per_s"}
MEASURED_KEYS = {"statistic", "runs", "warmup_runs", "total_ms", "kernels_ms",
                 "kernel_share", "gmacs_per_s"}
TOTAL_KEYS = {
    "imported": {"params", "macs", "memory_access"},
    "compiled": {"params", "macs", "bytes_read", "bytes_written",
                 "kernel_calls", "peak_arena_bytes", "copy_bytes"},
}


def fail(message):
    print(f"check_report_json.py: {message}", file=sys.stderr)
    sys.exit(1)


def check_schema(doc):
    top = {"schema_version", "model", "target", "imported", "compiled", "notes"}
    measured = "measured" in doc
    if measured:
        top.add("measured")
    if set(doc) != top:
        fail(f"top-level keys {sorted(doc)} != {sorted(top)}")
    if doc["schema_version"] != 1:
        fail(f"schema_version {doc['schema_version']} != 1")
    for view in ("imported", "compiled"):
        if set(doc[view]) != {"layers", "totals"}:
            fail(f"{view}: keys {sorted(doc[view])}")
        if set(doc[view]["totals"]) != TOTAL_KEYS[view]:
            fail(f"{view}.totals: keys {sorted(doc[view]['totals'])}")
        keys = LAYER_KEYS[view]
        if measured and view == "compiled":
            keys = keys | MEASURED_LAYER_KEYS
        for i, layer in enumerate(doc[view]["layers"]):
            if set(layer) != keys:
                fail(f"{view}.layers[{i}]: keys {sorted(layer)}")
        for key in TOTAL_KEYS[view] & {"params", "macs", "bytes_read",
                                       "bytes_written", "memory_access"}:
            total = sum(l[key] for l in doc[view]["layers"])
            if total != doc[view]["totals"][key]:
                fail(f"{view}: layers sum {key}={total} != total "
                     f"{doc[view]['totals'][key]}")
    for layer in doc["compiled"]["layers"]:
        arena = layer["arena"]
        if (arena is None) != (layer["placement"] != "arena"):
            fail(f"compiled layer {layer['op']}: arena {arena} with placement "
                 f"{layer['placement']}")
        if arena is not None:
            if set(arena) != {"offset", "bytes", "first_call", "last_call"}:
                fail(f"arena keys {sorted(arena)}")
            end = arena["offset"] + arena["bytes"]
            if end > doc["compiled"]["totals"]["peak_arena_bytes"]:
                fail(f"layer {layer['op']} ends at {end}, past the arena")
    calls = [c for l in doc["compiled"]["layers"] for c in l["call_indices"]]
    if sorted(calls) != list(range(doc["compiled"]["totals"]["kernel_calls"])):
        fail(f"call_indices {sorted(calls)} are not each kernel call once")
    for layer in doc["compiled"]["layers"]:
        if len(layer["call_indices"]) != layer["kernel_calls"]:
            fail(f"layer {layer['op']}: {layer['kernel_calls']} calls, "
                 f"call_indices {layer['call_indices']}")
    for note in doc["notes"]:
        if set(note) != {"guideline", "view", "layers", "message"}:
            fail(f"note keys {sorted(note)}")
    print("schema ok")


def check_counts(doc, model, tolerance):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                    "..", "models"))
    import count
    import onnx
    params, macs = count.count(onnx.load(model))
    totals = doc["imported"]["totals"]
    for what, ours, theirs in (("params", totals["params"], params),
                               ("macs", totals["macs"], macs)):
        if abs(ours - theirs) > tolerance * theirs:
            fail(f"{what}: nncc {ours} vs count.py {theirs} "
                 f"(> {tolerance * 100:g}%)")
    print(f"counts ok: params={totals['params']} macs={totals['macs']}")


def close(a, b):
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-9)


def check_measured(doc, min_share):
    """The times' consistency: layers without kernels (views, and
    convolutions fused into the next layer's kernel) take no time, layers
    with MACs and kernels take some, layers add up to the kernel time, and the kernel
    calls' share of a run is at most all of it and at least min_share. (The
    layers' sum is not compared with the median run time: medians taken
    separately need not add up.)"""
    if "measured" not in doc:
        fail("no measured times")
    m = doc["measured"]
    if set(m) != MEASURED_KEYS:
        fail(f"measured: keys {sorted(m)}")
    if m["statistic"] != "median" or m["runs"] < 1 or m["warmup_runs"] < 0:
        fail(f"measured: {m}")
    layers = doc["compiled"]["layers"]
    for i, layer in enumerate(layers):
        t, g = layer["time_ms"], layer["gmacs_per_s"]
        if layer["kernel_calls"] == 0 and t != 0:
            fail(f"layer {i} ({layer['op']}) has no kernel but {t} ms")
        if layer["macs"] > 0 and layer["kernel_calls"] > 0 and not t > 0:
            fail(f"layer {i} ({layer['op']}) has MACs but {t} ms")
        if (g is None) != (layer["macs"] == 0 or t == 0):
            fail(f"layer {i} ({layer['op']}): GMAC/s {g}")
        if g is not None and not close(g, layer["macs"] / (t * 1e6)):
            fail(f"layer {i} ({layer['op']}): GMAC/s {g} != MACs / time")
    kernels = sum(l["time_ms"] for l in layers)
    if not close(kernels, m["kernels_ms"]):
        fail(f"layers sum to {kernels} ms, kernels_ms {m['kernels_ms']}")
    # Times are written with 1 ns resolution: allow some rounding.
    if not min_share <= m["kernel_share"] <= 1 + 1e-3:
        fail(f"kernel calls take {m['kernel_share']} of a run, not within "
             f"{min_share}-1")
    print("measured ok")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("model", nargs="?")
    ap.add_argument("--tolerance", type=float, default=0.005)
    ap.add_argument("--measured", type=float, metavar="MIN_KERNEL_SHARE")
    args = ap.parse_args()
    with open(args.report) as f:
        doc = json.load(f)
    check_schema(doc)
    if args.model:
        check_counts(doc, args.model, args.tolerance)
    if args.measured is not None:
        check_measured(doc, args.measured)


if __name__ == "__main__":
    main()
