#!/usr/bin/env python3
"""Stage "check": run scenarios on kernel variants and judge the results.

For every (scenario, variant) pair this boots the guest with boot.py, parses
the KTAP the guest reported, scans the console log for kernel splats, and
applies the scenario's expectations:

  #@ variants: patched base       variants the scenario runs on (default both)
  #@ base-xfail: NAME NAME...      checks expected to fail on base + tests; a
                                   failure there is XFAIL (counts as passed),
                                   a pass is XPASS (counts as failed: the check
                                   did not see the bug it exists to see)
  #@ base-expect: NAME=TEXT ...    the check's comment on base must contain TEXT
  #@ splat-ok: base                the base may splat or panic (the bug is a
                                   splat); checks it never reported are XFAIL
  #@ warn-ok: REGEX                a WARN whose message matches is expected
  #@ arch: x86_64 i386 arm64       architectures it runs on (default x86_64)
  #@ configs: default distro       matrix configurations it runs on (default all)
  Any key written key@NAME applies to matrix configuration or architecture
  NAME only, in place of key.

One line per check is printed, then "N passed, N failed[, N skipped]".
The exit status is 1 when anything failed.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "scripts"))
from boot import parse_scenario, scenario_applies, scenario_names, scenario_path  # noqa: E402

KTAP_RE = re.compile(r"^(ok|not ok) (\d+) (\S+)(?: # (.*))?$")
PLAN_RE = re.compile(r"^1\.\.(\d+)$")
SPLAT_RE = re.compile(
    r"(WARNING: CPU: \d+ PID: \d+ at .*|------------\[ cut here \]------------"
    r"|kernel BUG at .*|BUG: .*|Oops: .*|general protection fault.*"
    r"|BUG: KASAN: .*|==================================================================$"
    r"|page dumped because: .*|WARNING: possible .*|WARNING: suspicious RCU .*"
    r"|Kernel panic - not syncing.*|INFO: task .* blocked for more than .*"
    r"|UBSAN: .*|WARNING: inconsistent lock state|WARNING: bad unlock balance.*"
    r"|WARNING: held lock freed!|WARNING: lock held when returning.*"
    r"|rcu: INFO: .*stall.*)")
# Lines the scan above matches that are not bugs: memory offlining dumps
# the page that makes it fail (an unmovable allocation in the block, see
# set_migratetype_isolate()) and a page whose isolation or migration
# failed for the moment (pinned briefly) before it retries, see
# do_migrate_range() in mm/memory_hotplug.c.  Scenarios retry or expect
# such failures.
BENIGN_RE = re.compile(r"page dumped because: (migration failure|isolation failed|unmovable page)")
EXIT_NAMES = {0: "ok", 1: "setup error", 2: "kernel panic", 3: "guest hung",
              4: "guest never reported", 5: "QEMU failed"}


def parse_ktap(lines):
    results, plan = [], None
    for line in lines:
        m = KTAP_RE.match(line.strip())
        if m:
            ok, num, name, comment = m.group(1) == "ok", int(m.group(2)), m.group(3), m.group(4) or ""
            directive = ""
            dm = re.match(r"(SKIP|TODO|XFAIL)\b\s*(.*)", comment)
            if dm:
                directive, comment = dm.group(1), dm.group(2)
            results.append({"num": num, "name": name, "ok": ok,
                            "directive": directive, "comment": comment})
            continue
        m = PLAN_RE.match(line.strip())
        if m:
            plan = int(m.group(1))
    return results, plan


def splats(log, warn_ok=None):
    """Splat lines of a console log.  A WARN whose message matches the
    regex warn_ok (a scenario provoking a warning the kernel must give) is
    skipped whole, from its "cut here" line to its end-trace line."""
    found = []
    ok_re = re.compile(warn_ok) if warn_ok else None
    try:
        with open(log, errors="replace") as f:
            lines = [l for l in f if not l.startswith("# ")]
    except OSError:
        return found
    i = 0
    while i < len(lines):
        line = lines[i]
        if ok_re and "[ cut here ]" in line and \
                any(ok_re.search(x) for x in lines[i + 1:i + 3]):
            while i < len(lines) and "---[ end trace" not in lines[i]:
                i += 1
            i += 1
            continue
        m = SPLAT_RE.search(line)
        if m and not BENIGN_RE.search(line):
            found.append(line.strip())
        i += 1
    return found


def load_matrix(name):
    """matrix/NAME.conf, KEY=VALUE lines as sourced by the shell scripts."""
    conf = {"TIMEOUT_SCALE": "1"}
    path = os.path.join(TOP, "matrix", name + ".conf")
    with open(path) as f:
        for line in f:
            m = re.match(r'^([A-Z_]+)=(?:"(.*)"|(\S*))\s*(?:#.*)?$', line.strip())
            if m:
                conf[m.group(1)] = m.group(2) if m.group(2) is not None else m.group(3)
    return conf


def run_one(args, config, scen_path, variant):
    name = os.path.basename(scen_path)[:-3]
    conf = args.matrix[config]
    art = args.artifacts[(config, variant)]
    log = os.path.join(args.logs, config, variant, name + ".log")
    scale = float(os.environ.get("BENCH_TIMEOUT_SCALE") or 1) * float(conf.get("TIMEOUT_SCALE") or 1)
    cmd = [sys.executable, os.path.join(TOP, "scripts", "boot.py"), scen_path,
           "--variant", variant, "--kernel", art["kernel"], "--initrd", art["initrd"],
           "--log", log, "--accel", args.accel[config], "--config", config,
           "--arch", conf["SCENARIO_ARCH"], "--qemu", conf["QEMU"],
           "--machine", conf.get("QEMU_ARGS", ""), "--console", conf["CONSOLE"],
           "--ctl", conf["CTL"], "--timeout-scale", str(scale), "--base", args.base]
    if args.qemu_extra:
        cmd += ["--qemu-extra", args.qemu_extra]
    if args.append:
        cmd += ["--append", args.append]
    t0 = time.monotonic()
    base = log[:-4]
    retried = None
    for attempt in (1, 2):
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            with open(base + ".json") as f:
                res = json.load(f)
        except (OSError, ValueError):
            res = {"status": p.returncode, "reason": (p.stderr.strip().splitlines() or ["boot.py failed"])[-1]}
        try:
            with open(base + ".ktap") as f:
                ktap = f.read().splitlines()
        except OSError:
            ktap = []
        # An emulated guest that hangs before its scenario said anything
        # (seen once in about 300 boots, in PCI enumeration) is booted
        # once more; the first console log is kept and the run says so.
        if attempt == 1 and res.get("status") == 3 and not parse_ktap(ktap)[0]:
            retried = res.get("reason", "")
            os.replace(log, base + ".hung.log")
            continue
        break
    if retried is not None:
        res["retried"] = retried
    dt = time.monotonic() - t0
    return {"config": config, "scenario": name, "variant": variant, "boot": res, "ktap": ktap,
            "log": log, "seconds": dt}


def judge(run, hdr):
    """List of (check, verdict, figure) with verdict in PASS FAIL SKIP XFAIL XPASS."""
    v = run["variant"]
    is_base = v.startswith("base")
    xfail = set(hdr.get("base-xfail", "").split()) if is_base else set()
    expect = {}
    if is_base:
        for item in re.findall(r"(\S+?)=(\S+)", hdr.get("base-expect", "")):
            expect[item[0]] = item[1]
    out = []
    if run["boot"].get("retried") is not None:
        out.append(("boot-retry", "PASS", "booted again after a hang before the scenario began: " +
                    run["boot"]["retried"][:120]))
    st = run["boot"].get("status", 5)
    results, plan = parse_ktap(run["ktap"])
    splat_ok = set(hdr.get("splat-ok", "").split())
    if st != 0:
        reason, name = run["boot"].get("reason", ""), EXIT_NAMES.get(st, str(st))
        # A base whose bug is a splat may also panic of it (splat-ok: base),
        # but not before it reported a single check: that tested nothing.
        verdict = "XFAIL" if (is_base and st == 2 and "base" in splat_ok and results) else "FAIL"
        out.append(("run", verdict, reason if reason.startswith(name) else f"{name}: {reason}"))
    elif plan is None:
        out.append(("run", "FAIL", "guest printed no KTAP plan"))
    elif plan != len(results):
        out.append(("run", "FAIL", f"plan 1..{plan} but {len(results)} results"))
    seen = set()
    for r in results:
        name = r["name"]
        seen.add(name)
        fig = r["comment"]
        if r["directive"] == "SKIP":
            out.append((name, "SKIP", fig))
            continue
        ok = r["ok"]
        if name in expect and ok is False and not re.search(r"(?<![\w.])" + re.escape(expect[name]) + r"(?![\w.])", fig):
            out.append((name, "FAIL", f"base expected '{expect[name]}', got: {fig}"))
            continue
        if name in xfail:
            out.append((name, "XFAIL" if not ok else "XPASS",
                        fig if not ok else f"passed on base, where it must fail: {fig}"))
        else:
            out.append((name, "PASS" if ok else "FAIL", fig))
    if hdr.get("layout") and results:
        # A replayed real machine: faithful only if the guest's early
        # memory ranges are the log's (after the replay's documented
        # changes); otherwise its checks ran on another layout.
        from layout import check as layout_check
        ok, why = layout_check(os.path.join(TOP, hdr["layout"]), run["log"],
                               hdr.get("scenario-arch", "x86_64"))
        out.append(("layout.faithful", "PASS" if ok else "SKIP", why))
    found = splats(run["log"], hdr.get("warn-ok"))
    for name in sorted(xfail - seen):
        if st == 0 and found and "base" in splat_ok:
            # The base crashed the process that was to report it.
            out.append((name, "XFAIL", f"not reported: the base splatted ({found[0][:100]})"))
        elif st == 2 and "base" in splat_ok:
            out.append((name, "XFAIL", f"not reported: the base panicked ({run['boot'].get('reason', '')[:100]})"))
        elif st == 0:
            out.append((name, "FAIL", "expected on base but never reported"))
    if found:
        verdict = "XFAIL" if (is_base and "base" in splat_ok) else "FAIL"
        out.append(("log-clean", verdict, f"{len(found)} splat line(s), first: {found[0][:160]}"))
    else:
        out.append(("log-clean", "PASS", ""))
    return out


ZONE_RE = re.compile(r"# report: zone node=(\d+) zone=(\S+) start=(\S+) end=(\S+) "
                     r"spanned=(\d+) present=(\d+) managed=(\d+)(?: contiguous=(\d))?")
RAM_RE = re.compile(r"# report: ram (0x[0-9a-f]+)-(0x[0-9a-f]+)$")


def boot_zones(ktap):
    """The zone table report_boot printed first, {(node, zone): {...}}, and
    the System RAM pfn ranges it printed with it, from the lines the guest
    sent on its control channel (on the console a printk may land in the
    middle of a report line)."""
    zones, ram = {}, []
    for line in ktap:
        m = RAM_RE.search(line.rstrip())
        if m and not zones:
            ram.append((int(m.group(1), 16), int(m.group(2), 16)))
            continue
        m = ZONE_RE.search(line)
        if not m:
            continue
        key = (int(m.group(1)), m.group(2))
        if key in zones:
            break
        start = int(m.group(3), 16) if m.group(3) != "?" else None
        end = int(m.group(4), 16) if m.group(4) != "?" else None
        zones[key] = {"start": start, "end": end, "spanned": int(m.group(5)),
                      "present": int(m.group(6)), "managed": int(m.group(7)),
                      "contiguous": None if m.group(8) is None else int(m.group(8))}
    return zones, ram


# Two builds of the kernel differ in the size of their image and of a few
# boot allocations, and so by a page or two in managed pages (measured: 1
# page, from the init section); hole pages wrongly counted would differ by
# thousands.
MANAGED_SLACK = 16


def judge_vs_base(patched, base):
    """Spans are the base's: every zone's start, end, spanned and present
    pages at boot must be those of base + tests on the same machine,
    managed pages the same up to MANAGED_SLACK.  zone->contiguous may go
    from 0 to 1 (fixing a hole's zone can make a zone contiguous, reported
    by name), never from 1 to 0."""
    (a, _), (b, _) = boot_zones(base["ktap"]), boot_zones(patched["ktap"])
    if not a or not b:
        return None
    if a.keys() != b.keys():
        return ("zones.vs-base", "FAIL", "zones differ: base %s, patched %s" %
                (sorted(a), sorted(b)))
    bad, became, managed = [], [], []
    for k in sorted(a):
        za, zb = a[k], b[k]
        name = "node %d %s" % k
        for key in ("start", "end", "spanned", "present"):
            if za[key] != zb[key]:
                bad.append(f"{name} {key} {za[key]} -> {zb[key]}")
        if abs(zb["managed"] - za["managed"]) > MANAGED_SLACK:
            bad.append(f"{name} managed {za['managed']} -> {zb['managed']}")
        elif zb["managed"] != za["managed"]:
            managed.append(f"{name} {zb['managed'] - za['managed']:+d}")
        if za["contiguous"] is not None and za["contiguous"] != zb["contiguous"]:
            if za["contiguous"] == 0 and zb["contiguous"] == 1:
                became.append(name)
            else:
                bad.append(f"{name} contiguous {za['contiguous']} -> {zb['contiguous']}")
    if bad:
        return ("zones.vs-base", "FAIL", "; ".join(bad))
    cont = sum(1 for z in a.values() if z["contiguous"] is not None)
    return ("zones.vs-base", "PASS", "spans and present%s as on base in %d zone(s), managed %s%s" %
            (" and contiguous" if cont and not became else "", len(a), ", ".join(managed) or "too",
             "; contiguous 0 -> 1: " + ", ".join(became) if became else ""))


def line(config, scenario, variant, check, verdict, fig):
    print(f"{config:<14} {scenario:<16} {variant:<8} {check:<34} {verdict:<5} {fig}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scenarios", default="all", help="comma list of names, or all")
    p.add_argument("--configs", default="default", help="comma list of matrix configurations")
    p.add_argument("--base", default=os.environ.get("BASE") or "6.1", help="the base kernel")
    p.add_argument("--variants", default="patched,base")
    p.add_argument("--artifact", action="append", default=[],
                   help="CONFIG/VARIANT:KERNEL:INITRD (repeatable)")
    p.add_argument("--accel", action="append", default=[],
                   help="CONFIG:kvm|tcg (repeatable; default tcg)")
    p.add_argument("--logs", default=os.path.join(TOP, "build", "logs"))
    p.add_argument("--qemu-extra", default="")
    p.add_argument("--append", default="")
    p.add_argument("-j", "--jobs", type=int, default=int(os.environ.get("GUEST_JOBS") or 2))
    p.add_argument("--summary", default=os.path.join(TOP, "build", "logs", "check.json"))
    p.add_argument("--ci", action="store_true",
                   help="a configuration with CHECK_SCENARIOS in its "
                        "matrix file runs only those")
    a = p.parse_args()

    a.artifacts = {}
    for spec in a.artifact:
        cv, k, i = spec.split(":", 2)
        c, v = cv.split("/", 1)
        a.artifacts[(c, v)] = {"kernel": k, "initrd": i}
    configs = [c for c in a.configs.split(",") if c]
    a.matrix = {c: load_matrix(c) for c in configs}
    acc = dict(x.split(":", 1) for x in a.accel)
    a.accel = {c: acc.get(c, "tcg") for c in configs}
    variants = [v for v in a.variants.split(",") if v]

    allnames = scenario_names()
    # "all": every scenario but soak-* (DEBUG=1) and bench-* (make bench).
    every = a.scenarios == "all"
    names = [n for n in allnames if not n.startswith(("soak-", "bench-"))] if every \
        else [n for n in a.scenarios.split(",") if n]
    for n in names:
        if n not in allnames:
            sys.exit(f"error: no scenario '{n}' in scenarios/ or layouts/ (have: {', '.join(allnames)})")
    sdir = os.path.join(a.logs, "layout-scenarios")

    jobs = []
    hdrs = {}
    unfit = []
    for c in configs:
        arch = a.matrix[c]["SCENARIO_ARCH"]
        # In CI: the base's CI_SCENARIOS/CI_LAYOUTS (exported by
        # check.sh from base/<base>.conf) or else the configuration's.
        subset = (os.environ.get("CI_SCENARIOS") or a.matrix[c].get("CHECK_SCENARIOS", "")).split() \
            if a.ci else []
        layouts = ["layout-" + x for x in
                   (os.environ.get("CI_LAYOUTS") if a.ci and os.environ.get("CI_LAYOUTS") is not None
                    else a.matrix[c].get("CHECK_LAYOUTS", "")).split()]
        for n in subset + layouts:
            if n not in allnames:
                sys.exit(f"error: matrix/{c}.conf: CHECK_SCENARIOS/CHECK_LAYOUTS name '{n}', not in scenarios/ or layouts/")
        # A configuration made for a few scenarios runs only those.
        only = a.matrix[c].get("SCENARIOS_ONLY", "").split()
        for n in names:
            if subset and n not in subset and n not in layouts:
                continue
            if only and n not in only:
                continue
            # In CI, only the real machines' maps the configuration names.
            if a.ci and n.startswith("layout-") and n not in layouts:
                continue
            path = scenario_path(n, sdir)
            hdr = parse_scenario(path, c, arch, a.base)
            hdr["scenario-arch"] = arch
            if not scenario_applies(hdr, c, arch):
                continue
            hdrs[(c, n)] = hdr
            if hdr.get("unfit"):
                unfit.append((c, n, hdr["unfit"]))
                continue
            want = hdr.get("variants", "patched base").split()
            for v in variants:
                if (c, v) not in a.artifacts:
                    continue
                vbase = "base" if v.startswith("base") else "patched"
                if vbase in want:
                    jobs.append((c, path, v))

    accels = sorted(set(a.accel.values()))
    print(f"# {len(jobs)} guest run(s) ({'/'.join(x.upper() for x in accels)}), "
          f"logs in {os.path.relpath(a.logs, TOP)}/", flush=True)
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0, "XFAIL": 0, "XPASS": 0}
    summary, ktaps = [], {}
    for c, n, why in unfit:
        counts["SKIP"] += 1
        line(c, n, "-", "layout.replay", "SKIP", why)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = [ex.submit(run_one, a, c, path, v) for c, path, v in jobs]
        for fut in futs:
            run = fut.result()
            verdicts = judge(run, hdrs[(run["config"], run["scenario"])])
            for check, verdict, fig in verdicts:
                counts[verdict] += 1
                line(run["config"], run["scenario"], run["variant"], check, verdict, fig)
            summary.append({"config": run["config"], "scenario": run["scenario"],
                            "variant": run["variant"],
                            "seconds": round(run["seconds"], 1), "log": run["log"],
                            "checks": [dict(zip(("check", "verdict", "figure"), c)) for c in verdicts]})
            ktaps[(run["config"], run["scenario"], run["variant"])] = run["ktap"]
            if any(c[1] in ("FAIL", "XPASS") for c in verdicts):
                print(f"    log: {os.path.relpath(run['log'], TOP)}", flush=True)
    # Cross-variant checks, once both kernels booted the same machine.
    done = {(r["config"], r["scenario"], r["variant"]): r for r in summary}
    for (c, name, v), run in sorted(done.items()):
        if v != "patched" or (c, name, "base") not in done:
            continue
        other = done[(c, name, "base")]
        if any(x["verdict"] in ("FAIL", "XPASS") for x in run["checks"] + other["checks"]):
            continue
        res = judge_vs_base({**run, "ktap": ktaps[(c, name, v)]},
                            {**other, "ktap": ktaps[(c, name, "base")]})
        if res is None:
            continue
        check, verdict, fig = res
        counts[verdict] += 1
        run["checks"].append({"check": check, "verdict": verdict, "figure": fig})
        line(c, name, v, check, verdict, fig)
    os.makedirs(os.path.dirname(a.summary), exist_ok=True)
    with open(a.summary, "w") as f:
        json.dump(summary, f, indent=1)
    passed = counts["PASS"] + counts["XFAIL"]
    failed = counts["FAIL"] + counts["XPASS"]
    extra = f" ({counts['XFAIL']} expected failures on base)" if counts["XFAIL"] else ""
    tail = f", {counts['SKIP']} skipped" if counts["SKIP"] else ""
    print(f"# guest checks: {passed} passed{extra}, {failed} failed{tail}")
    json.dump({"passed": passed, "failed": failed, "skipped": counts["SKIP"]},
              open(a.summary + ".counts", "w"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
