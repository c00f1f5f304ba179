#!/usr/bin/python3
"""Compares run_chain's output (on stdin) with numpy's chain of N nodes.

Usage: check_chain.py N < output
"""

import sys

import numpy as np

n = int(sys.argv[1])
lines = sys.stdin.read().split("\n")
print(lines[0])
got = np.array([float(v) for v in lines[1:] if v], np.float32)
x = (np.arange(got.size) % 7).astype(np.float32) - 3.0
for i in range(n):
    x = x + np.float32(0.01) if i % 2 == 0 else 1 / (1 + np.exp(-x))
error = np.max(np.abs(got - x))
print("PASS" if error < 1e-5 else "FAIL: max error %g" % error)
