#!/usr/bin/env bash
# nncc vs ONNX Runtime on the seed models. Installs ONNX Runtime for Node
# from npm into tools/bench/node_modules (the CPU build for linux-x64 ships
# inside the package; its install script's download must be skipped), builds
# nncc, then runs bench.py (arguments pass through, see --help).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../setup.sh" >&2  # keep standard output for the table
if [ ! -d "$here/node_modules/onnxruntime-node" ]; then
  (cd "$here" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund) >&2
fi
exec /usr/bin/python3 "$here/bench.py" "$@"
