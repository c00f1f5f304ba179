#!/usr/bin/python3
"""Lists the flags `nncc --help` shows that README.md does not document.

    undocumented_flags.py HELP.txt README.md
        prints "undocumented: FLAG" per missing flag, then "N flags, M
        undocumented". A flag counts as documented when the README quotes it
        in backticks (`--flag`, `--flag=...`, `-v ...`). --help-list is
        LLVM's variant of --help and is left out.
"""
import re
import sys


def main(help_path, readme_path):
    with open(help_path) as f:
        flags = re.findall(r"^\s+(--?[a-z][a-z-]*)", f.read(), re.M)
    flags = [f for f in dict.fromkeys(flags) if f != "--help-list"]
    with open(readme_path) as f:
        readme = f.read()
    missing = [f for f in flags
               if not re.search("`" + re.escape(f) + r"[ =`\[]", readme)]
    for flag in missing:
        print("undocumented: " + flag)
    print(f"{len(flags)} flags, {len(missing)} undocumented")


if __name__ == "__main__":
    main(*sys.argv[1:])
