#!/usr/bin/env python3
"""Stage "bench" (analysis): figures of the alternating base/patched runs.

Reads build/bench/runs/<variant>-<rep>.ktap ("# bench: key=value" lines),
prints a table (median, min, max per kernel, patched/base ratio of the
medians, the bar of DESIGN.md section 6), writes results.csv and
summary.json, and plots every run's figure relative to the base median
(bench.png, gnuplot).
"""
import argparse
import csv
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

METRICS = [
    # key, label, unit, bar on patched/base (None: shown only)
    ("memmap_init_ns", "boot memmap init, 16 GiB, 2 nodes", "ns", 1.02),
    ("vmem_plug_ns", "virtio-mem plug 4 GiB until MemTotal settles", "ns", 1.02),
    ("vmem_unplug_ns", "virtio-mem unplug 4 GiB", "ns", None),
    ("kpf_clean_ns", "/proc/kpageflags, clean section, per pfn", "ns", None),
    ("kpf_shared_ns", "/proc/kpageflags, ZONE_DEVICE-shared section, per pfn", "ns", None),
]
# Checked on each kernel on its own: shared/clean within the same run.
ABS = [("kpf_ratio", "kpageflags shared/clean (same run)", 1.02)]


def load(d):
    runs = []
    for f in sorted(glob.glob(os.path.join(d, "runs", "*.ktap"))):
        m = re.match(r"(base|patched)-(\d+)\.ktap$", os.path.basename(f))
        if not m:
            continue
        vals = {}
        for line in open(f):
            b = re.match(r"# bench: (\w+)=([0-9.]+)$", line.strip())
            if b:
                vals[b.group(1)] = float(b.group(2))
        runs.append({"variant": m.group(1), "rep": int(m.group(2)), "values": vals})
    return runs


def stats(xs):
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)} if xs else None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("dir")
    p.add_argument("--accel", default="tcg")
    a = p.parse_args()
    runs = load(a.dir)
    if not runs:
        sys.exit(f"error: no runs in {a.dir}/runs")
    by = {v: [r for r in runs if r["variant"] == v] for v in ("base", "patched")}

    with open(os.path.join(a.dir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["variant", "rep", "metric", "value"])
        for r in runs:
            for k, v in sorted(r["values"].items()):
                w.writerow([r["variant"], r["rep"], k, v])

    icount = a.accel == "tcg"
    print(f"# {len(by['base'])} base and {len(by['patched'])} patched runs, alternating, "
          f"{'QEMU TCG with -icount shift=0 (guest ns = guest instructions)' if icount else a.accel.upper()}")
    print("# base = Debian 6.1 + the series' test patches only; patched = the whole series")
    hdr = f"{'metric':<48} {'base median (min-max)':>30} {'patched median (min-max)':>30} {'ratio':>7} {'bar':>5}  verdict"
    print(hdr)
    summary = {"accel": a.accel, "icount": icount, "metrics": {}}
    bad = 0

    def fmt(s):
        if not s:
            return "-"
        return f"{s['median']:.4g} ({s['min']:.4g}-{s['max']:.4g})"

    for key, label, unit, bar in METRICS:
        sb = stats([r["values"][key] for r in by["base"] if key in r["values"]])
        sp = stats([r["values"][key] for r in by["patched"] if key in r["values"]])
        ratio = sp["median"] / sb["median"] if sb and sp and sb["median"] else None
        verdict = ""
        if bar and ratio is not None:
            verdict = "meets bar" if ratio <= bar else f"MISSES bar by {100 * (ratio - bar):.1f}%"
            bad += ratio > bar
        print(f"{label + ' [' + unit + ']':<48} {fmt(sb):>30} {fmt(sp):>30} "
              f"{(f'{ratio:.4f}' if ratio else '-'):>7} {(f'{bar:.2f}' if bar else ''):>5}  {verdict}")
        summary["metrics"][key] = {"base": sb, "patched": sp, "ratio": ratio, "bar": bar}
    for key, label, bar in ABS:
        sb = stats([r["values"][key] for r in by["base"] if key in r["values"]])
        sp = stats([r["values"][key] for r in by["patched"] if key in r["values"]])
        verdict = ""
        if sp:
            verdict = "patched meets bar" if sp["median"] <= bar else "patched MISSES bar"
            bad += sp["median"] > bar
        print(f"{label:<48} {fmt(sb):>30} {fmt(sp):>30} {'':>7} {bar:>5.2f}  {verdict}")
        summary["metrics"][key] = {"base": sb, "patched": sp, "bar": bar}
    with open(os.path.join(a.dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)

    # Plot: every run's figure relative to the base median of that metric.
    keys = [k for k, *_ in METRICS if summary["metrics"][k]["base"]] + ["kpf_ratio"]
    dat = os.path.join(a.dir, "plot.dat")
    with open(dat, "w") as f:
        for i, k in enumerate(keys):
            base_med = (summary["metrics"][k]["base"] or {}).get("median") if k != "kpf_ratio" else 1.0
            for v, off in (("base", -0.15), ("patched", 0.15)):
                for r in by[v]:
                    if k in r["values"] and base_med:
                        f.write(f"{i + off} {r['values'][k] / base_med} {v}\n")
    png = os.path.join(a.dir, "bench.png")
    if shutil.which("gnuplot"):
        labels = ", ".join(f'"{k}" {i}' for i, k in enumerate(keys))
        script = f"""
set terminal pngcairo size 1100,520 noenhanced
set output '{png}'
set title 'patched vs base, every run (relative to base median; kpf_ratio absolute){" - TCG icount" if icount else ""}'
set xtics ({labels}) rotate by -20
set xrange [-0.6:{len(keys) - 0.4}]
set ylabel 'relative'
set grid ytics
set key top left
plot '{dat}' using 1:(strcol(3) eq 'base' ? $2 : 1/0) with points pt 7 ps 1.2 title 'base', \\
     '{dat}' using 1:(strcol(3) eq 'patched' ? $2 : 1/0) with points pt 5 ps 1.2 title 'patched', \\
     1.02 with lines dt 2 title 'bar 1.02'
"""
        r = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
        if r.returncode:
            print(f"# gnuplot failed: {r.stderr.strip()}", file=sys.stderr)
        else:
            print(f"# plot: {os.path.relpath(png)}")
    print(f"# data: {os.path.relpath(os.path.join(a.dir, 'results.csv'))}, "
          f"{os.path.relpath(os.path.join(a.dir, 'summary.json'))}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
