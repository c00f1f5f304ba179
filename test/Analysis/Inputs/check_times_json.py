#!/usr/bin/python3
"""Checks the per-run times `nncc-run --profile --keep=DIR` leaves in
DIR/times.json: the expected number of runs, every kernel call timed, and in
every run the kernel calls' sum at most the run's time (the calls happen
inside it) and at least MIN_FRACTION of it. Never checks values.

    check_times_json.py times.json RUNS MIN_FRACTION

Prints `runs ok`; exits 1 with a message otherwise.
"""

import json
import sys


def main():
    path, runs, min_fraction = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with open(path) as f:
        doc = json.load(f)
    if len(doc["runs"]) != runs:
        sys.exit(f"{path}: {len(doc['runs'])} runs, expected {runs}")
    for i, run in enumerate(doc["runs"]):
        calls, total = run["calls_ms"], run["total_ms"]
        if not calls or min(calls) <= 0:
            sys.exit(f"{path}: run {i} has an untimed call: {calls}")
        # Written with 1 ns resolution: allow that per call.
        if sum(calls) > total + 1e-6 * len(calls):
            sys.exit(f"{path}: run {i}: calls sum to {sum(calls)} ms, more "
                     f"than the run's {total} ms")
        if sum(calls) < min_fraction * total:
            sys.exit(f"{path}: run {i}: calls sum to {sum(calls)} ms, less "
                     f"than {min_fraction} of the run's {total} ms")
    print("runs ok")


if __name__ == "__main__":
    main()
