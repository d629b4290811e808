#!/usr/bin/env python3
"""A real machine's memory map, replayed in a QEMU x86-64 guest.

A layout file (layouts/*.log) holds the lines a real machine's boot log
printed: its BIOS-e820 table, the "e820: update/remove" lines, and the
kernel's own "Early memory node ranges" and "Zone ranges".  This turns it
into what the bench boots and what it checks the guest against:

- the kernel command line: memmap=exactmap and one memmap=SIZE@START per
  usable range, after the e820 updates the log printed before memblock
  was set up (later ones do not change memblock);
- the QEMU options: enough RAM behind every usable range (below 4 GiB up
  to max-ram-below-4g, a "pc" machine type old enough to honour it when
  usable memory reaches past 3 GiB), and with several nodes one -numa
  node per node of the log, each backed by its own memory backend, laid
  out so that each node starts where the log's does;
- the "Early memory node ranges" the guest must print if the replay is
  faithful.

Memory far above 4 GiB would make guests too large to boot under TCG:
above 4 GiB, runs of whole sections that hold nothing but memory of one
node (no range or node boundary inside) are cut to KEEP sections, and
everything above moves down by what was cut.  Every range keeps its
offset inside its section, so the holes of every section are the log's.

  layout.py FILE            print the replay: qemu options, append, the
                            expected node ranges and what was changed
  layout.py --check FILE LOG [ARCH]   compare a guest's console LOG with the
                            expected ranges: exit 0 faithful, 1 not (the
                            first difference on stdout)
"""

import os
import re
import sys

SECTION = 128 << 20          # x86-64 SECTION_SIZE_BITS = 27
GiB = 1 << 30
KEEP = 1                     # sections kept of each run of plain memory
NODE_ALIGN = 8 << 20         # QEMU wants node memory in 8 MiB units

E820_RE = re.compile(r"BIOS-e820: \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] (.+?)\s*$")
UPDATE_RE = re.compile(r"e820: update \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] (.+?) ==> (.+?)\s*$")
REMOVE_RE = re.compile(r"e820: remove \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] (.+?)\s*$")
NODE_RE = re.compile(r"node\s+(\d+): \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]")
# Linux 7.x prints e820 types its own way.
KIND = {"System RAM": "usable", "device reserved": "reserved"}
ZONE_RE = re.compile(r"^\s*(DMA32|DMA|Normal|Device)\s+(?:\[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]|empty)")


class Layout:
    def __init__(self, path, arch="x86_64"):
        self.path = path
        self.arch = arch or "x86_64"
        self.e820 = []           # [start, end) type
        self.early = []          # (node, start, end)
        self.zones = []          # (name, start, end) or (name, None, None)
        self.notes = []
        self.source = ""
        self._parse()

    def _parse(self):
        stage = "e820"
        with open(self.path, errors="replace") as f:
            for line in f:
                if line.startswith("# source:"):
                    self.source = line[len("# source:"):].strip()
                if line.startswith("#"):
                    continue
                text = re.sub(r"^\s*(<\d>)?\[\s*\d+\.\d+\]\s*", "", line.rstrip("\n"))
                if "Early memory node ranges" in text:
                    stage = "early"
                    continue
                if "Zone ranges" in text:
                    stage = "zones"
                    continue
                if "Movable zone start" in text or "Initmem setup" in text:
                    stage = "after" if stage != "e820" else stage
                m = E820_RE.search(text)
                if m:
                    self._set(int(m.group(1), 16), int(m.group(2), 16) + 1,
                              KIND.get(m.group(3), m.group(3)))
                    continue
                m = UPDATE_RE.search(text)
                if m and stage == "e820" or m and stage == "zones":
                    self._update(int(m.group(1), 16), int(m.group(2), 16) + 1, m.group(3), m.group(4))
                    continue
                m = REMOVE_RE.search(text)
                if m and stage in ("e820", "zones"):
                    self._update(int(m.group(1), 16), int(m.group(2), 16) + 1, m.group(3), None)
                    continue
                if stage == "zones":
                    m = ZONE_RE.match(text)
                    if m:
                        self.zones.append((m.group(1), int(m.group(2), 16) if m.group(2) else None,
                                           int(m.group(3), 16) + 1 if m.group(3) else None))
                        continue
                if stage == "early":
                    m = NODE_RE.search(text)
                    if m:
                        self.early.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16) + 1))
                        continue
                    if re.search(r"node\s+\d+:", text):
                        self.notes.append("the log's early ranges end at a garbled line (%s): "
                                          "replayed up to it" % text.strip()[:60])
                    stage = "after"
        if not self.early:
            raise ValueError(f"{self.path}: no 'Early memory node ranges' block")
        if self.arch == "arm64":
            return
        if not self.e820:
            raise ValueError(f"{self.path}: no BIOS-e820 table")
        if not self.early:
            raise ValueError(f"{self.path}: no 'Early memory node ranges' block")

    def _set(self, start, end, kind):
        self.e820.append([start, end, kind])

    def _update(self, start, end, old, new):
        """e820__range_update()/e820__range_remove(): the parts of entries
        of type old inside [start, end) become new (None: removed)."""
        out = []
        for s, e, k in self.e820:
            if k != old or e <= start or s >= end:
                out.append([s, e, k])
                continue
            if s < start:
                out.append([s, start, k])
            if new is not None:
                out.append([max(s, start), min(e, end), new])
            if e > end:
                out.append([end, e, k])
        out.sort()
        self.e820 = out

    def usable(self):
        """Usable ranges: adjacent entries merged (as the kernel's e820
        sanitising does), then page-aligned inward as memblock takes them."""
        raw = []
        for s, e, k in sorted(self.e820):
            if k != "usable":
                continue
            if raw and raw[-1][1] == s:
                raw[-1][1] = e
            else:
                raw.append([s, e])
        r = []
        for s, e in raw:
            s, e = (s + 4095) & ~4095, e & ~4095
            if s < e:
                r.append([s, e])
        return r

    # --- compressing the memory above 4 GiB ---------------------------------

    def _boundaries(self):
        pts = set()
        for s, e in self.usable():
            pts.update((s, e))
        for _, s, e in self.early:
            pts.update((s, e))
        return pts

    def cuts(self):
        """Sections cut above 4 GiB, as sorted (first section, count)."""
        pts = self._boundaries()
        top = max(e for _, _, e in self.early)
        busy = {p // SECTION for p in pts} | {(p - 1) // SECTION for p in pts}
        cuts, run = [], []
        sec = (4 * GiB) // SECTION
        while sec * SECTION < top:
            inside = any(s <= sec * SECTION and (sec + 1) * SECTION <= e for _, s, e in self.early)
            if inside and sec not in busy:
                run.append(sec)
            else:
                if len(run) > KEEP:
                    cuts.append((run[KEEP], len(run) - KEEP))
                run = []
            sec += 1
        if len(run) > KEEP:
            cuts.append((run[KEEP], len(run) - KEEP))
        return cuts

    def move(self, addr, cuts):
        """Where an address lands once the cut sections are gone."""
        down = 0
        for first, n in cuts:
            if addr >= (first + n) * SECTION:
                down += n * SECTION
            elif addr > first * SECTION:
                down += addr - first * SECTION
        return addr - down

    def replay(self):
        if self.arch == "arm64":
            return self.replay_dt()
        cuts = self.cuts()
        usable = [(self.move(s, cuts), self.move(e, cuts)) for s, e in self.usable()]
        early = [(n, self.move(s, cuts), self.move(e, cuts)) for n, s, e in self.early]
        low_top = max((e for s, e in usable if e <= 4 * GiB), default=0)
        high = [(s, e) for s, e in usable if s >= 4 * GiB]
        if any(s < 4 * GiB < e for s, e in usable):
            raise ValueError("a usable range crosses 4 GiB")
        # QEMU's ACPI tables and the initrd go at the top of RAM below
        # 4 GiB: leave them above every usable range, in a hole.
        below = min(((low_top + (64 << 20)) + (128 << 20) - 1) // (128 << 20) * (128 << 20), 0xe0000000)
        if below < low_top:
            raise ValueError("usable memory below 4 GiB reaches past 3.5 GiB")
        # Newer pc machine types put at most 3 GiB below 4 GiB once the
        # guest has that much; pc-i440fx-1.7 does not, and boots only
        # with a CPU model of its time.
        machine = "pc" if below <= 3 * GiB else "pc-i440fx-1.7"
        high_top = max((e for s, e in high), default=4 * GiB)
        # -m takes MiB: round up, or the top of the last usable range
        # has no RAM behind it (and no node: sparse_init() oopses).
        total = (below + (high_top - 4 * GiB) + (1 << 20) - 1) >> 20 << 20
        nodes = sorted({n for n, _, _ in early})
        qemu = [f"-machine {machine},max-ram-below-4g={below}"]
        if machine != "pc":
            qemu.append("-cpu qemu64")
        notes = []
        if cuts:
            notes.append("above 4 GiB, %d run(s) of plain memory cut to %d section(s) each: %d GiB less"
                         % (len(cuts), KEEP, sum(n for _, n in cuts) * SECTION // GiB))
        if len(nodes) > 1:
            sizes = self._node_sizes(early, nodes, below, total)
            if sizes is None:
                notes.append("nodes not in address order: replayed as one node")
                qemu.append(f"-m {total >> 20}M")
            else:
                qemu.append(f"-m {total >> 20}M")
                for n, size in zip(nodes, sizes):
                    if size:
                        qemu.append(f"-object memory-backend-ram,id=lm{n},size={size >> 20}M")
                        qemu.append(f"-numa node,nodeid={n},memdev=lm{n}")
                    else:
                        qemu.append(f"-numa node,nodeid={n}")
        else:
            qemu.append(f"-m {total >> 20}M")
        append = ["memmap=exactmap"] + [f"memmap={e - s:#x}@{s:#x}" for s, e in usable]
        return {"qemu": " ".join(qemu), "append": " ".join(append), "early": early,
                "notes": notes, "cuts": cuts}

    # --- arm64: the memory nodes of a device tree ---------------------------

    def dt_cuts(self):
        """Sections cut anywhere, as sorted (first section, count): runs of
        whole sections that are all memory of one range, or no memory at
        all, cut to KEEP sections each.  4 GiB, the end of ZONE_DMA on
        arm64, stays a boundary."""
        pts = self._boundaries() | {4 * GiB}
        busy = {p // SECTION for p in pts} | {(p - 1) // SECTION for p in pts}
        top = max(e for _, _, e in self.early)
        first = min(s for _, s, _ in self.early) // SECTION
        cuts, run, kind = [], [], None
        sec = first
        while sec * SECTION < top:
            lo, hi = sec * SECTION, (sec + 1) * SECTION
            if any(s <= lo and hi <= e for _, s, e in self.early):
                k = "memory"
            elif not any(s < hi and lo < e for _, s, e in self.early):
                k = "hole"
            else:
                k = None
            if k and sec not in busy and k == kind:
                run.append(sec)
            else:
                if len(run) > KEEP:
                    cuts.append((run[KEEP], len(run) - KEEP))
                run, kind = ([sec], k) if k and sec not in busy else ([], None)
            sec += 1
        if len(run) > KEEP:
            cuts.append((run[KEEP], len(run) - KEEP))
        return cuts

    def replay_dt(self):
        """The log's early memory ranges as memory nodes of QEMU virt's own
        device tree (RAM from 1 GiB).  Addresses move by whole sections:
        runs of plain memory or of nothing are cut (dt_cuts()), memory
        below 4 GiB moves up to start at 1 GiB, memory above stays above.
        Adjacent ranges the log printed apart (nomap or node boundaries)
        stay apart: every other one of a run of adjacent ranges is a
        no-map reserved-memory region.  QEMU loads the kernel at 1 GiB +
        2 MiB and the initrd at 1 GiB + 128 MiB: when the log's first
        memory does not cover that, the first 256 MiB from 1 GiB are
        memory of their own, below the log's."""
        cuts = self.dt_cuts()
        early = sorted(self.early, key=lambda r: r[1])
        low = [r for r in early if r[2] <= 4 * GiB]
        # A map with a range across 4 GiB (powerpc's, whose memory is one
        # Normal zone from 0) moves as a whole, by the whole sections that
        # put its first section at 1 GiB.
        whole = any(s < 4 * GiB < e for _, s, e in early)
        if not low and not whole:
            raise ValueError("no memory below 4 GiB, where QEMU virt loads the kernel")
        base = early[0][1] // SECTION * SECTION
        load = (1 * GiB + (2 << 20), 1 * GiB + (192 << 20))
        notes = list(self.notes)
        if cuts:
            notes.append("%d run(s) of whole sections of plain memory or of no memory cut to %d "
                         "section(s) each: %d GiB less" % (len(cuts), KEEP,
                                                          sum(n for _, n in cuts) * SECTION // GiB))
        for filler in (0, 256 << 20):
            at = 1 * GiB + filler

            def where(addr, below):
                if below or whole:
                    return self.move(addr, cuts) - self.move(base, cuts) + at
                return self.move(addr, cuts) - self.move(4 * GiB, cuts) + 4 * GiB

            ranges = [[n, where(s, e <= 4 * GiB), where(e, e <= 4 * GiB), False] for n, s, e in early]
            if filler:
                ranges.insert(0, [early[0][0], 1 * GiB, at, False])
            # Which range holds the load area, and whether it does all of it.
            hold = [i for i, r in enumerate(ranges) if r[1] <= load[0] and load[1] <= r[2]]
            if hold:
                break
        else:
            raise ValueError("no replay puts QEMU's kernel and initrd into memory")
        if filler:
            notes.append("memory at [1 GiB, +256 MiB) added below the log's, for QEMU's "
                         "kernel and initrd (the log's first memory does not cover them)")
        if not whole and any(where(e, True) > 4 * GiB for _, _, e in low):
            raise ValueError("memory below 4 GiB does not fit between 1 GiB and 4 GiB")
        # Runs of adjacent ranges: alternate no-map, the range holding
        # the load area mapped.
        runs, cur = [], [0]
        for i in range(1, len(ranges)):
            if ranges[i][1] == ranges[i - 1][2] and ranges[i][0] == ranges[i - 1][0]:
                cur.append(i)
            else:
                runs.append(cur)
                cur = [i]
        runs.append(cur)
        for run in runs:
            keep = run.index(hold[0]) % 2 if hold[0] in run else \
                max(range(len(run)), key=lambda k: ranges[run[k]][2] - ranges[run[k]][1]) % 2
            for k, i in enumerate(run):
                ranges[i][3] = (k % 2) != keep
        nomap = sum(1 for r in ranges if r[3])
        if nomap:
            notes.append(f"{nomap} range(s) no-map, to keep adjacent ranges apart as the log printed them")
        top = max(r[2] for r in ranges)
        total = (top - 1 * GiB + (1 << 20) - 1) >> 20
        nodes = sorted({r[0] for r in ranges})
        qemu = [f"-m {total}M"]
        expect = [(n, s, e) for n, s, e, _ in ranges]
        if filler and ranges[1][1] == ranges[0][2] and not ranges[1][3]:
            # memblock merges the filler with the log's first range.
            expect = [(ranges[0][0], ranges[0][1], ranges[1][2])] + expect[2:]
        return {"qemu": " ".join(qemu), "append": "", "early": expect, "notes": notes,
                "cuts": cuts,
                "dt": {"memory": [(n, s, e, nm) for n, s, e, nm in ranges],
                       "cpu_node": min(nodes) if nodes != [0] else None}}

    @staticmethod
    def _node_sizes(early, nodes, below, total):
        """Memory per QEMU node so that node k's memory starts where the
        log's does: QEMU hands out guest RAM in node order, the first
        'below' bytes below 4 GiB, the rest from 4 GiB."""
        if nodes != list(range(len(nodes))):
            return None
        first = {n: min(s for m, s, _ in early if m == n) for n in nodes}
        last = {n: max(e for m, _, e in early if m == n) for n in nodes}
        for a, b in zip(nodes, nodes[1:]):
            if first[b] < last[a]:
                return None

        def offset(phys):
            return phys if phys < 4 * GiB else below + phys - 4 * GiB

        starts = [0]
        for n in nodes[1:]:
            s = offset(first[n]) // NODE_ALIGN * NODE_ALIGN
            if s < offset(last[n - 1]) or s < starts[-1]:
                return None
            starts.append(s)
        return [b - a for a, b in zip(starts, starts[1:] + [total])]


def guest_early(log):
    """The guest's "Early memory node ranges", from its console log."""
    out, on = [], False
    with open(log, errors="replace") as f:
        for line in f:
            if "Early memory node ranges" in line:
                on, out = True, []
                continue
            if on:
                m = NODE_RE.search(line)
                if m:
                    out.append((int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16) + 1))
                else:
                    on = False
    return out


def fmt(r):
    return "node %d: [mem %#018x-%#018x]" % (r[0], r[1], r[2] - 1)


def check(path, log, arch="x86_64"):
    lay = Layout(path, arch)
    want, got = lay.replay()["early"], guest_early(log)
    if not got:
        return False, "the guest printed no 'Early memory node ranges'"
    for i in range(max(len(want), len(got))):
        w = fmt(want[i]) if i < len(want) else "nothing"
        g = fmt(got[i]) if i < len(got) else "nothing"
        if w != g:
            return False, f"range {i + 1}: log {w}, guest {g}"
    return True, f"{len(got)} early memory ranges as in the log"


def main():
    if len(sys.argv) in (4, 5) and sys.argv[1] == "--check":
        ok, why = check(*sys.argv[2:])
        print(why)
        sys.exit(0 if ok else 1)
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    # layouts/arm64-*.log and ppc64-*.log are device-tree maps, the rest e820 tables.
    arch = "arm64" if os.path.basename(sys.argv[1]).startswith(("arm64-", "ppc64-")) else "x86_64"
    lay = Layout(sys.argv[1], arch)
    r = lay.replay()
    print("qemu:", r["qemu"])
    print("append:", r["append"])
    for n in r["notes"]:
        print("note:", n)
    for e in r["early"]:
        print("expect:", fmt(e))


if __name__ == "__main__":
    main()
