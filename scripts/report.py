#!/usr/bin/env python3
"""Stage "report": the human summary of one guest run for 'make run'.

Reads the KTAP a guest reported (build/logs/<variant>/<scenario>.ktap) and
prints the base, the series, zones with their spans, hole lines, memory
blocks, what hotplug did, and each check.
"""
import json
import os
import re
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: report.py KTAP BASE_DESC SERIES_DESC")
    ktap, base, series = sys.argv[1:]
    try:
        lines = open(ktap).read().splitlines()
    except OSError as e:
        sys.exit(f"error: no guest report: {e}")
    res = {}
    try:
        res = json.load(open(ktap[:-5] + ".json"))
    except (OSError, ValueError):
        pass
    rep = [l[len("# report: "):] for l in lines if l.startswith("# report: ")]
    print(f"base:    {base}")
    print(f"series:  {series}")
    print(f"guest:   {res.get('scenario', '?')} ({str(res.get('accel', '?')).upper()}), "
          f"{res.get('reason', '')}")
    zones = [r[5:] for r in rep if r.startswith("zone ")]
    if zones:
        print("\nzones at boot (pfns, end exclusive):")
        print(f"  {'node':>4} {'zone':<8} {'start':>9} {'end':>9} {'spanned':>9} {'present':>9} "
              f"{'managed':>9} {'contiguous':>10}")
        for z in zones:
            d = dict(kv.split("=", 1) for kv in z.split())
            print(f"  {d['node']:>4} {d['zone']:<8} {d['start']:>9} {d['end']:>9} "
                  f"{d['spanned']:>9} {d['present']:>9} {d['managed']:>9} {d.get('contiguous', '?'):>10}")
    holes = [r[6:] for r in rep if r.startswith("holes ")]
    if holes:
        print("\nholes initialised at boot (kernel log):")
        for h in holes:
            print("  " + h)
    other = [r for r in rep if not r.startswith(("zone ", "holes ", "kernel ", "ram "))]
    if other:
        print("\nmemory and hotplug:")
        for r in other:
            print("  " + r)
    print("\nchecks:")
    for l in lines:
        m = re.match(r"^(ok|not ok) \d+ (\S+)(?: # (.*))?$", l)
        if m:
            verdict = "PASS" if m.group(1) == "ok" else "FAIL"
            if (m.group(3) or "").startswith("SKIP"):
                verdict = "SKIP"
            print(f"  {verdict:<5} {m.group(2):<32} {m.group(3) or ''}")


if __name__ == "__main__":
    main()
