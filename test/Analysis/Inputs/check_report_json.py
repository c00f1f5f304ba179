#!/usr/bin/python3
"""Checks a `nncc --report-json` document against its schema (README.md,
"Model report") and its imported totals against models/count.py, an
independent counter working on the ONNX file.

    check_report_json.py REPORT.json [MODEL.onnx] [--tolerance 0.005]

Prints `schema ok` and, with a model, `counts ok: params=N macs=M`; exits 1
with a message otherwise.
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
    if set(doc) != top:
        fail(f"top-level keys {sorted(doc)} != {sorted(top)}")
    if doc["schema_version"] != 1:
        fail(f"schema_version {doc['schema_version']} != 1")
    for view in ("imported", "compiled"):
        if set(doc[view]) != {"layers", "totals"}:
            fail(f"{view}: keys {sorted(doc[view])}")
        if set(doc[view]["totals"]) != TOTAL_KEYS[view]:
            fail(f"{view}.totals: keys {sorted(doc[view]['totals'])}")
        for i, layer in enumerate(doc[view]["layers"]):
            if set(layer) != LAYER_KEYS[view]:
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("model", nargs="?")
    ap.add_argument("--tolerance", type=float, default=0.005)
    args = ap.parse_args()
    with open(args.report) as f:
        doc = json.load(f)
    check_schema(doc)
    if args.model:
        check_counts(doc, args.model, args.tolerance)


if __name__ == "__main__":
    main()
