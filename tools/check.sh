#!/usr/bin/env bash
# Sets up and builds nncc, then runs the whole test suite (lit) and ends with
# one line "N passed, M failed". Exits non-zero when anything failed.
#
# With CI=true (what .ci/run sets up on a CI machine) it also runs the
# robustness checks, each counted in that line: a 60 s libFuzzer campaign
# (tools/fuzz.sh, one test) and the whole lit suite again with nncc built
# under ASan+UBSan (tools/check-sanitized.sh, each of its tests). Both use
# one clang build, build-fuzz: the sanitized suite runs the nncc built there
# for the fuzzer rather than building a third copy.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
count() { grep -cE "^($1): " "$log"; }

/usr/lib/llvm-14/build/utils/lit/lit.py -v build/test "$@" 2>&1 | tee "$log"
passed=$(count 'PASS|XFAIL')
failed=$(count 'FAIL|XPASS|UNRESOLVED|TIMEOUT')

if [ "${CI:-}" = true ]; then
  export NNCC_FUZZ_BUILD=build-fuzz NNCC_ASAN_BUILD=build-fuzz
  start=$SECONDS
  # A fixed seed makes the campaign the same on every run, so a failure
  # here reproduces with `tools/fuzz.sh 60 -seed=1`; fresh seeds belong to
  # longer campaigns run by hand.
  if tools/fuzz.sh 60 -seed=1 >"$log" 2>&1; then
    tail -n 8 "$log"
    echo "PASS: fuzz campaign, 60 s ($((SECONDS - start)) s with the build)"
    passed=$((passed + 1))
  else
    # The report's head names the fault; the inputs, base64-encoded, let it
    # be replayed (`base64 -d > crash.onnx; build-fuzz/bin/nncc-fuzz
    # crash.onnx`) where the artifacts folder is gone.
    grep -m1 -B6 -A40 -E 'ERROR|runtime error' "$log" || tail -n 40 "$log"
    for input in build-fuzz/fuzz/artifacts/*; do
      [ -f "$input" ] && echo "input ${input##*/}: $(base64 -w0 "$input")"
    done
    echo "FAIL: fuzz campaign (inputs in build-fuzz/fuzz/artifacts/)"
    failed=$((failed + 1))
  fi
  start=$SECONDS
  tools/check-sanitized.sh 2>&1 | tee "$log"
  passed=$((passed + $(count 'PASS|XFAIL')))
  failed=$((failed + $(count 'FAIL|XPASS|UNRESOLVED|TIMEOUT')))
  if ! grep -qE '^[0-9]+ passed, 0 failed$' "$log"; then
    # A failed build reports no lit lines: count it.
    [ "$(count 'PASS|XFAIL|FAIL|XPASS|UNRESOLVED|TIMEOUT')" -gt 0 ] ||
      failed=$((failed + 1))
  fi
  echo "sanitized suite: $((SECONDS - start)) s with the build"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
