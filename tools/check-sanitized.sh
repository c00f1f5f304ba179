#!/usr/bin/env bash
# Builds nncc with AddressSanitizer and UndefinedBehaviorSanitizer (clang-14)
# in build-asan and runs the whole lit suite with it; ends like
# tools/check.sh with "N passed, M failed" and a non-zero exit on failures.
#
# Only nncc's own code is instrumented: LLVM/MLIR, Halide, ONNX and protobuf
# are Debian's prebuilt shared libraries. Leak checking is off
# (detect_leaks=0): LLVM's and Halide's global state is still reachable at
# exit through objects they never free, and every nncc process is short-lived.
# Sanitizer reports abort the process, so a `not nncc` RUN line fails on them
# as on any crash.
#
#   tools/check-sanitized.sh [lit arguments, e.g. build-asan/test/robustness]
set -uo pipefail
cd "$(dirname "$0")/.."
build=${NNCC_ASAN_BUILD:-build-asan}

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -G Ninja \
  -DNNCC_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null &&
  cmake --build "$build" -j2 || { echo "0 passed, 1 failed"; exit 1; }

# Reports go to files, not to the tests' output: ASan warns on every nncc
# run that Halide's compiler switches stacks with makecontext, which would
# break tests checking that nncc prints nothing. A report still fails its
# test (the process aborts); the reports with errors are printed at the end.
logs="$PWD/$build/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:log_path=$logs/asan
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1:log_path=$logs/ubsan
log=$(mktemp)
/usr/lib/llvm-14/build/utils/lit/lit.py -v "${@:-$build/test}" 2>&1 | tee "$log"
grep -lE 'ERROR|runtime error' "$logs"/* 2>/dev/null | head -n 5 |
  while read -r report; do echo "== $report"; head -n 60 "$report"; done
passed=$(grep -cE '^(PASS|XFAIL): ' "$log")
failed=$(grep -cE '^(FAIL|XPASS|UNRESOLVED|TIMEOUT): ' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
