#!/usr/bin/python3
"""Runs `nncc ARGS...` and checks that it refused them by the error rule.

Passes (exit 0) only when nncc exited with status 1 (not 0, not another
code, not a signal), wrote exactly one `nncc: error:` line to stderr, nothing
to stdout, and left the -o file's folder as it found it: no output, no header,
no temporary. Prints nncc's stderr for FileCheck to read the message.
"""

import os
import subprocess
import sys


def main():
    args = sys.argv[1:]
    out = args[args.index("-o") + 1] if "-o" in args else None
    folder = os.path.dirname(out) if out else None
    before = sorted(os.listdir(folder)) if folder and os.path.isdir(folder) else None
    proc = subprocess.run(["nncc"] + args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    err = proc.stderr.decode(errors="replace")
    sys.stdout.write(err)
    problems = []
    if proc.returncode != 1:
        problems.append("exit status %d, expected 1%s" % (
            proc.returncode, " (a signal)" if proc.returncode < 0 else ""))
    errors = [l for l in err.splitlines() if l.startswith("nncc: error:")]
    if len(errors) != 1:
        problems.append("%d 'nncc: error:' lines, expected 1" % len(errors))
    if proc.stdout:
        problems.append("wrote %d bytes to stdout" % len(proc.stdout))
    if before is not None and sorted(os.listdir(folder)) != before:
        problems.append("the output folder changed: %s -> %s" % (
            before, sorted(os.listdir(folder))))
    if before is None and folder and os.path.isdir(folder):
        problems.append("created the output folder %s" % folder)
    for problem in problems:
        sys.stdout.write("refuse.py: %s\n" % problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
