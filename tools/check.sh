#!/usr/bin/env bash
# Sets up and builds nncc, then runs the whole test suite (lit) and ends with
# one line "N passed, M failed". Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
/usr/lib/llvm-14/build/utils/lit/lit.py -v build/test "$@" 2>&1 | tee "$log"
passed=$(grep -cE '^(PASS|XFAIL): ' "$log")
failed=$(grep -cE '^(FAIL|XPASS|UNRESOLVED|TIMEOUT): ' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
