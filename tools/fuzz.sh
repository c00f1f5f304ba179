#!/usr/bin/env bash
# A libFuzzer campaign over nncc's ONNX importer, verifier and default graph
# pipeline (tools/nncc-fuzz). Builds build-fuzz with clang-14 and
# -fsanitize=fuzzer,address,undefined the first time, seeds the corpus with the
# lit tests' models and ONNX's node tests, and fuzzes for SECONDS (default 60,
# what CI runs). Crashing inputs land in build-fuzz/fuzz/artifacts/; each one
# found becomes a test in test/robustness/ and a fix.
#
#   tools/fuzz.sh [SECONDS] [libFuzzer flags, e.g. -jobs=2 -workers=2]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${NNCC_FUZZ_BUILD:-build-fuzz}

if [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja -DNNCC_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build" -j2 --target nncc-fuzz

work=$build/fuzz
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
cp test/robustness/Inputs/*.onnx test/Import/ONNX/Inputs/*.onnx "$work/seeds/"
find /usr/share/libonnx-testdata/data/node -name model.onnx -size -8193c |
  while read -r model; do
    test=${model%/model.onnx}
    cp "$model" "$work/seeds/${test##*/}.onnx"
  done

# Leak checking stays on: the harness frees what it allocates (its MLIR
# context is renewed every 256 inputs). A sanitizer
# report or UB aborts (exit status non-zero).
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$build/bin/nncc-fuzz" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -max_total_time="$seconds" -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" "$work/seeds"
