#!/usr/bin/env python3
"""Write what a base fails into the scenario headers, from a check run.

  expectations.py BASE [--config C] [--apply]

Reads build/logs/check-BASE.json (the verdicts of the last 'make check'
on BASE) and, for every scenario the base variant ran on configuration C
(default: default), lists the checks that failed there (FAIL or XFAIL):
the '#@ base-xfail@BASE:' line they call for ('@BASE/C' for another
configuration than default).  With --apply it rewrites those lines in
scenarios/ (a layout-* scenario's line goes into its layouts/*.log).
A person reads the diff before committing it: every expected failure is
a bug of the base that the scenario exists to show, and the patched
variant must pass the same checks.
"""

import argparse
import json
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("--config", default="default")
    p.add_argument("--apply", action="store_true")
    a = p.parse_args()
    with open(os.path.join(TOP, "build", "logs", f"check-{a.base}.json")) as f:
        runs = json.load(f)
    key = f"base-xfail@{a.base}" + ("" if a.config == "default" else f"/{a.config}")
    for r in runs:
        if r["config"] != a.config or not r["variant"].startswith("base"):
            continue
        # What failed where it ran (a check the run never reported is
        # not a failure of the base, unless the base panicked first).
        bad = [c["check"] for c in r["checks"]
               if c["verdict"] in ("FAIL", "XFAIL") and c["check"] not in ("log-clean", "run")
               and not c["figure"].startswith("expected on base but never reported")]
        name = r["scenario"]
        if name.startswith("layout-"):
            path = os.path.join(TOP, "layouts", name[len("layout-"):] + ".log")
        else:
            path = os.path.join(TOP, "scenarios", name + ".sh")
        line = f"#@ {key}: {' '.join(bad)}" if bad else ""
        print(f"{name}: {line or '(passes on the base)'}")
        if not a.apply:
            continue
        with open(path) as f:
            lines = f.read().split("\n")
        lines = [x for x in lines if not re.match(rf"#@ {re.escape(key)}:", x)]
        if line:
            hdr = [i for i, x in enumerate(lines) if x.startswith("#@")]
            at = hdr[-1] + 1 if hdr else 0
            if name.startswith("layout-"):
                at = max((i for i, x in enumerate(lines) if x.startswith("#")), default=-1) + 1
            lines.insert(at, line)
        with open(path, "w") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
