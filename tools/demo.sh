#!/usr/bin/env bash
# The main job on the embedded default: sets up and builds nncc, compiles a
# seed network (MobileNetV2 unless another model is given) into an object and
# a C header, links it into a program, runs it and compares the result with
# PyTorch's reference output.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
model="${1:-models/mobilenet_v2/model.onnx}"
out=build/demo
mkdir -p "$out"
name=$(basename "$(dirname "$model")")

echo "== nncc $model -o $out/$name.o"
time build/bin/nncc "$model" -o "$out/$name.o"
echo "== $out/$name.h"
grep -E '^(int|#define)' "$out/$name.h"
echo "== run against the PyTorch reference"
build/bin/nncc-run "$model" --keep "$out/run"
