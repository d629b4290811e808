#!/usr/bin/env python3
"""Stage "boot": run one scenario in one QEMU guest.

The guest's console (ttyS0) is logged to build/logs/<variant>/<scenario>.log.
A second serial port (ttyS1) is the control channel: the guest writes its
KTAP lines there, and lines of the form

    @@qmp {"execute": ...}

which this runner forwards, once each, to QEMU's QMP socket; the reply goes
back to the guest as one line "@@qmp-reply ok <json>" or
"@@qmp-reply error <message>".  "@@done" ends the run.

Exit status: 0 the guest reported and powered off; 1 usage or setup error;
2 kernel panic; 3 guest hung (timeout); 4 guest never reported; 5 QEMU
failed to start or died.  The reason is printed on stderr and recorded in
<scenario>.json next to the log.
"""

import argparse
import json
import os
import re
import selectors
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

EXIT_OK, EXIT_SETUP, EXIT_PANIC, EXIT_HANG, EXIT_NOREPORT, EXIT_QEMU = range(6)

PANIC_RE = re.compile(r"Kernel panic - not syncing.*")


def parse_scenario(path, config=None, arch=None, base=None):
    """Header lines '#@ key: value' of a scenario file, values of repeated
    keys joined with a space.  A key written 'key@NAME' applies only to the
    architecture, base, matrix configuration or BASE/CONFIG pair NAME and,
    given those, replaces 'key'; the later of these names wins."""
    hdr = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"#@\s*([\w.@/-]+):\s?(.*)$", line.rstrip("\n"))
            if m:
                k, v = m.group(1), m.group(2).strip()
                hdr[k] = (hdr[k] + " " + v).strip() if k in hdr else v
    if config is None and arch is None:
        return hdr
    out = {k: v for k, v in hdr.items() if "@" not in k}
    for name in (arch, base, config, f"{base}/{config}"):
        for k, v in hdr.items():
            if "@" in k and k.split("@", 1)[1] == name:
                out[k.split("@", 1)[0]] = v
    if out.get("layout") and (arch is None or arch in out.get("arch", "x86_64").split()):
        # A real machine's memory map (layouts/*.log, scripts/layout.py):
        # its QEMU options and memmap= come first.
        from layout import Layout
        try:
            r = Layout(os.path.join(TOP, out["layout"]), arch).replay()
        except ValueError as e:
            # A map this bench cannot replay: reported as a skip naming why.
            out["unfit"] = str(e)
            return out
        out["qemu"] = (r["qemu"] + " " + out.get("qemu", "")).strip()
        out["append"] = (r["append"] + " " + out.get("append", "")).strip()
        if r.get("dt"):
            out["dt"] = r["dt"]
    return out


TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def scenario_names():
    """Every scenario: scenarios/*.sh, and layout-NAME for every real
    machine's memory map layouts/NAME.log (scenarios/layout.sh is their
    template, not a scenario of its own)."""
    names = sorted(f[:-3] for f in os.listdir(os.path.join(TOP, "scenarios"))
                   if f.endswith(".sh") and f != "layout.sh")
    ldir = os.path.join(TOP, "layouts")
    if os.path.isdir(ldir):
        names += sorted("layout-" + f[:-4] for f in os.listdir(ldir) if f.endswith(".log"))
    return names


def scenario_path(name, workdir):
    """The file of scenario NAME; for layout-X one written into workdir:
    '#@ layout: layouts/X.log', the layout's own '#@' lines (what the base
    must fail there), then scenarios/layout.sh."""
    if not name.startswith("layout-"):
        return os.path.join(TOP, "scenarios", name + ".sh")
    src = os.path.join(TOP, "layouts", name[len("layout-"):] + ".log")
    if not os.path.exists(src):
        raise FileNotFoundError(f"no layout {os.path.relpath(src, TOP)}")
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, name + ".sh")
    with open(src) as f:
        own = [line for line in f if line.startswith("#@")]
    with open(os.path.join(TOP, "scenarios", "layout.sh")) as f:
        body = f.read()
    # The machine's architecture, from the file name: x86-* replays on
    # x86-64 (e820), arm64-* on arm64 (device tree), and so does ppc64-*:
    # a device tree carries powerpc's node ranges as they are, interleaved
    # nodes included.
    arch = {"x86": "x86_64", "arm64": "arm64", "ppc64": "arm64"}.get(
        os.path.basename(src).split("-", 1)[0], "none")
    text = "#@ layout: %s\n#@ arch: %s\n%s%s" % (os.path.relpath(src, TOP), arch, "".join(own), body)
    if not os.path.exists(path) or open(path).read() != text:
        with open(path, "w") as f:
            f.write(text)
    return path


def scenario_applies(hdr, config, arch):
    """Whether a (resolved) scenario header runs on this configuration:
    'arch:' lists architectures (default x86_64), 'configs:' if given
    lists configurations."""
    if arch not in hdr.get("arch", "x86_64").split():
        return False
    configs = hdr.get("configs", "").split()
    return not configs or config in configs


class Guest:
    def __init__(self, args, hdr):
        self.t0 = time.monotonic()
        self.args = args
        self.hdr = hdr
        self.tmp = tempfile.mkdtemp(prefix="bench-qemu-")
        self.status = None
        self.reason = ""
        self.done = False
        self.ktap = []
        self.qmp_log = []

    def listen(self, name):
        path = os.path.join(self.tmp, name)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.listen(1)
        return s, path

    def qemu_cmd(self, ctl_path, qmp_path, interactive=False):
        a = self.args
        append = " ".join(
            x
            for x in [
                f"console={a.console},115200 panic=-1 oops=panic" if a.panic_on_oops
                else f"console={a.console},115200 panic=-1",
                # Emulated CPUs run slowly and share the host's cores: an RCU
                # stall is reported only after 5 minutes.
                "printk.time=1 rcupdate.rcu_cpu_stall_timeout=300",
                # CONFIG_DEBUG_MEMORY_INIT's checks report a clean result
                # too (the memmap hole check of the holes posting).
                "mminit_loglevel=2",
                f"bench.scenario={a.scenario_name} bench.variant={a.variant}",
                f"bench.config={a.config} bench.ctl={'hvc0' if a.ctl == 'virtio' else 'ttyS1'}",
                self.hdr.get("append", ""),
                a.append,
            ]
            if x
        )
        machine = shlex.split(a.machine)
        cpu = [] if "-cpu" in machine + shlex.split(self.hdr.get("qemu", "")) \
            else ["-cpu", "max" if a.accel == "tcg" else "host"]
        cmd = [a.qemu] + machine + ["-nodefaults", "-no-reboot", "-display", "none"] + cpu + [
            "-accel", a.accel,
        ]
        if not self.hdr.get("dt"):
            cmd += ["-kernel", a.kernel, "-initrd", a.initrd, "-append", append]
        if interactive:
            cmd += ["-serial", "mon:stdio"]
            if a.ctl == "serial":
                cmd += ["-serial", "null"]
            cmd += ["-qmp", f"unix:{qmp_path},server=on,wait=off"]
        else:
            cmd += ["-chardev", "stdio,id=con,signal=off", "-serial", "chardev:con",
                    "-chardev", f"socket,id=ctl,path={ctl_path}"]
            if a.ctl == "virtio":
                # Machines with one UART: the control channel is a virtio
                # console (hvc0 in the guest).
                cmd += ["-device", "virtio-serial-device,id=bench-vser",
                        "-device", "virtconsole,chardev=ctl,bus=bench-vser.0"]
            else:
                cmd += ["-serial", "chardev:ctl"]
            cmd += ["-chardev", f"socket,id=qmp,path={qmp_path}",
                    "-mon", "chardev=qmp,mode=control"]
        cmd += shlex.split(self.hdr.get("qemu", "-m 1000"))
        cmd += shlex.split(a.qemu_extra)
        if a.accel != "tcg" and "-icount" in cmd:
            # icount is a TCG feature: under KVM, measure in wall-clock time.
            i = cmd.index("-icount")
            del cmd[i:i + 2]
        if self.hdr.get("dt"):
            cmd += self.replay_boot(machine + cpu, append)
        if a.accel == "tcg":
            # icount needs the single-threaded TCG; otherwise one thread per vCPU.
            mode = "single" if "-icount" in cmd else "multi"
            cmd[cmd.index("-accel") + 1] = f"tcg,thread={mode}"
        return cmd

    # Where replay_boot() puts what QEMU's own arm64 direct boot would:
    # the kernel where QEMU puts an Image whose text_offset is 0 (RAM + 2
    # MiB), the initrd where QEMU puts it (RAM + 128 MiB), then the device
    # tree and the entry stub, all inside the window layout.py's
    # replay_dt() keeps as memory.
    RAM = 1 << 30
    KERNEL_AT = RAM + (2 << 20)
    INITRD_AT = RAM + (128 << 20)
    DTB_AT = RAM + (184 << 20)
    STUB_AT = RAM + (190 << 20)

    def replay_boot(self, machine, append):
        """Boot a replayed device tree without QEMU's direct kernel boot.
        QEMU's arm_load_dtb() drops every /memory node of a -dtb and writes
        its own, one range over all of -m (or one per -numa node): the
        log's ranges, holes and node ids would be lost.  So the kernel,
        the initrd, the tree and a six-instruction entry stub are loaded
        as raw images by QEMU's generic loader, which sets CPU 0's PC to
        the stub; the stub enters the kernel as arm64's boot protocol
        says (x0 = the tree, x1-x3 = 0, MMU off).  The command line and
        the initrd's place go into the tree's /chosen."""
        a = self.args
        size = os.path.getsize(a.initrd)
        if self.KERNEL_AT + os.path.getsize(a.kernel) > self.INITRD_AT or \
                self.INITRD_AT + size > self.DTB_AT:
            raise RuntimeError(f"kernel or initrd too large for the replay's load window "
                               f"({os.path.getsize(a.kernel)} and {size} bytes)")
        dtb = self.replay_dtb(machine, append, (self.INITRD_AT, self.INITRD_AT + size))
        # ldr x0, [pc, #24]; mov x1, xzr; mov x2, xzr; mov x3, xzr;
        # ldr x4, [pc, #16]; br x4; then the two addresses.
        words = [0x580000c0, 0xaa1f03e1, 0xaa1f03e2, 0xaa1f03e3, 0x58000084, 0xd61f0080]
        stub = os.path.join(self.tmp, "entry.bin")
        with open(stub, "wb") as f:
            f.write(b"".join(w.to_bytes(4, "little") for w in words))
            f.write(self.DTB_AT.to_bytes(8, "little") + self.KERNEL_AT.to_bytes(8, "little"))
        return ["-device", f"loader,file={a.kernel},addr={self.KERNEL_AT:#x},force-raw=on",
                "-device", f"loader,file={a.initrd},addr={self.INITRD_AT:#x},force-raw=on",
                "-device", f"loader,file={dtb},addr={self.DTB_AT:#x},force-raw=on",
                "-device", f"loader,file={stub},addr={self.STUB_AT:#x},force-raw=on,cpu-num=0"]

    def replay_dtb(self, machine, append, initrd):
        """A real machine's memory map as a device tree (layout.py's
        replay_dt()): QEMU's own tree for this machine, its memory nodes
        replaced by the log's ranges, adjacent ones kept apart by no-map
        reserved-memory regions, the CPUs on the first node with memory
        when there are several nodes, and /chosen with the command line
        and the initrd."""
        a, dt = self.args, self.hdr["dt"]
        qemu_dtb, dts, dtb = (os.path.join(self.tmp, x) for x in ("qemu.dtb", "replay.dts", "replay.dtb"))
        opts = [o for o in shlex.split(self.hdr.get("qemu", "")) + shlex.split(a.qemu_extra)]
        dump = [a.qemu] + machine + ["-nodefaults", "-display", "none", "-accel", "tcg",
                                     "-machine", f"dumpdtb={qemu_dtb}"] + opts
        r = subprocess.run(dump, capture_output=True, text=True, timeout=60)
        if r.returncode != 0 or not os.path.exists(qemu_dtb):
            raise RuntimeError(f"QEMU did not dump its device tree: {r.stderr.strip()[:200]}")
        r = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", qemu_dtb],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"dtc cannot read QEMU's device tree: {r.stderr.strip()[:200]}")
        text = re.sub(r"^\tmemory@[0-9a-f]+ \{\n(?:\t\t.*\n)*?\t\};\n", "", r.stdout, flags=re.M)

        def cells(v):
            return "0x%x 0x%x" % (v >> 32, v & 0xffffffff)

        nodes, rsv = [], []
        multi = dt.get("cpu_node") is not None
        # One memory node per run of adjacent ranges of one node: each
        # node is a NUMA memblk, and a kernel has only 2 * MAX_NUMNODES of
        # them ("too many memblk ranges" on a 36-range map otherwise).
        # The no-map regions keep the ranges of a run apart.
        spans = []
        for n, start, end, _ in dt["memory"]:
            if spans and spans[-1][0] == n and spans[-1][2] == start:
                spans[-1][2] = end
            else:
                spans.append([n, start, end])
        for n, start, end in spans:
            nodes.append("\tmemory@%x {\n\t\tdevice_type = \"memory\";\n\t\treg = <%s %s>;\n%s\t};\n"
                         % (start, cells(start), cells(end - start),
                            "\t\tnuma-node-id = <%d>;\n" % n if multi else ""))
        for n, start, end, nomap in dt["memory"]:
            if nomap:
                rsv.append("\t\tnomap@%x {\n\t\t\treg = <%s %s>;\n\t\t\tno-map;\n\t\t};\n"
                           % (start, cells(start), cells(end - start)))
        if rsv:
            nodes.append("\treserved-memory {\n\t\t#address-cells = <2>;\n\t\t#size-cells = <2>;\n"
                         "\t\tranges;\n%s\t};\n" % "".join(rsv))
        if multi:
            text = re.sub(r"^(\t\tcpu@[0-9a-f]+ \{\n)", r"\1\t\t\tnuma-node-id = <%d>;\n" % dt["cpu_node"],
                          text, flags=re.M)
        end = text.rstrip().rfind("};")
        text = text[:end] + "".join(nodes) + text[end:]
        chosen = '\t\tbootargs = "%s";\n\t\tlinux,initrd-start = <%s>;\n\t\tlinux,initrd-end = <%s>;\n' \
            % (append.replace("\\", "\\\\").replace('"', '\\"'), cells(initrd[0]), cells(initrd[1]))
        text, n = re.subn(r"^(\tchosen \{\n)", lambda m: m.group(1) + chosen, text, count=1, flags=re.M)
        if n != 1:
            raise RuntimeError("QEMU's device tree has no /chosen node")
        with open(dts, "w") as f:
            f.write(text)
        r = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, dts],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"dtc cannot build the replayed device tree {dts}: {r.stderr.strip()[:200]}")
        return dtb

    def interactive(self, qmp_path):
        self.args.scenario_name = "shell"
        cmd = self.qemu_cmd("/dev/null", qmp_path, interactive=True)
        print("# " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
        os.execvp(cmd[0], cmd)

    def run(self):
        a = self.args
        ctl_srv, ctl_path = self.listen("ctl.sock")
        qmp_srv, qmp_path = self.listen("qmp.sock")
        os.makedirs(os.path.dirname(a.log), exist_ok=True)
        try:
            cmd = self.qemu_cmd(ctl_path, qmp_path)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
            with open(a.log, "w") as f:
                f.write(f"# cannot make the QEMU command line: {e}\n")
            return self.finish(EXIT_QEMU, f"cannot make the QEMU command line: {e}")
        self.logf = open(a.log, "w", errors="replace")
        self.logf.write("# " + " ".join(shlex.quote(c) for c in cmd) + "\n")
        self.logf.flush()
        try:
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as e:
            return self.finish(EXIT_QEMU, f"cannot start QEMU ({a.qemu}): {e}")

        ctl_srv.settimeout(30)
        qmp_srv.settimeout(30)
        try:
            self.qmp, _ = qmp_srv.accept()
            self.ctl, _ = ctl_srv.accept()
        except socket.timeout:
            out = self.proc.stdout.read1(65536).decode(errors="replace") \
                if self.proc.poll() is not None else ""
            self.logf.write(out)
            return self.finish(EXIT_QEMU, "QEMU did not start: "
                               + (out.strip().splitlines() or ["no output"])[-1])
        self.qmp_buf = b""
        if "return" not in self.qmp_call({"execute": "qmp_capabilities"}, timeout=30):
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            out = ""
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode(errors="replace")
                self.logf.write(out)
            return self.finish(EXIT_QEMU, "QEMU died at start: "
                               + (out.strip().splitlines() or ["no output"])[-1])

        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ, "con")
        sel.register(self.ctl, selectors.EVENT_READ, "ctl")
        con_buf = b""
        ctl_buf = b""
        start = last = time.monotonic()
        self.panic_line = None
        self.last_console = ""
        timeout = float(self.hdr.get("timeout", a.timeout)) * a.timeout_scale
        idle = float(self.hdr.get("idle-timeout", a.idle_timeout)) * a.timeout_scale
        while True:
            now = time.monotonic()
            if now - start > timeout:
                return self.finish(EXIT_HANG, f"guest hung: scenario timeout of {timeout:.0f}s "
                                   f"reached (last console line: {self.last_console!r})")
            if now - last > idle:
                return self.finish(EXIT_HANG, f"guest hung: no output for {idle:.0f}s "
                                   f"(last console line: {self.last_console!r})")
            events = sel.select(timeout=1.0)
            for key, _ in events:
                if key.data == "con":
                    chunk = os.read(self.proc.stdout.fileno(), 65536)
                    if not chunk:
                        sel.unregister(self.proc.stdout)
                        continue
                    last = time.monotonic()
                    con_buf += chunk
                    *lines, con_buf = con_buf.split(b"\n")
                    for raw in lines:
                        self.console_line(raw.decode(errors="replace").rstrip("\r"))
                else:
                    try:
                        chunk = self.ctl.recv(65536)
                    except OSError:
                        chunk = b""
                    if not chunk:
                        sel.unregister(self.ctl)
                        continue
                    last = time.monotonic()
                    ctl_buf += chunk
                    *lines, ctl_buf = ctl_buf.split(b"\n")
                    for raw in lines:
                        self.ctl_line(raw.decode(errors="replace").rstrip("\r"))
            if self.proc.poll() is not None:
                # Drain what is left of the console.
                rest = self.proc.stdout.read()
                for raw in (con_buf + rest).split(b"\n"):
                    if raw:
                        self.console_line(raw.decode(errors="replace").rstrip("\r"))
                break
        if self.done:
            return self.finish(EXIT_OK, "guest reported and powered off")
        if self.panic_line:
            return self.finish(EXIT_PANIC, f"kernel panic: {self.panic_line}")
        if self.proc.returncode not in (0, None):
            return self.finish(EXIT_QEMU, f"QEMU exited with status {self.proc.returncode}: "
                               f"{self.last_console!r}")
        if not self.ktap:
            return self.finish(EXIT_NOREPORT, "guest stopped without reporting anything "
                               f"(last console line: {self.last_console!r})")
        return self.finish(EXIT_NOREPORT, "guest stopped before finishing its report "
                           f"(last console line: {self.last_console!r})")

    def console_line(self, line):
        self.logf.write(line + "\n")
        self.logf.flush()
        if line.strip():
            self.last_console = line.strip()
        m = PANIC_RE.search(line)
        if m and not self.panic_line:
            self.panic_line = m.group(0)
        if self.args.echo:
            print(line, flush=True)

    def ctl_line(self, line):
        if line.startswith("@@qmp "):
            self.forward_qmp(line[len("@@qmp "):])
        elif line == "@@done":
            self.done = True
            try:
                self.ctl.sendall(b"@@ack\n")
            except OSError:
                pass
        else:
            self.ktap.append(line)

    def qmp_call(self, obj, timeout=60):
        try:
            self.qmp.sendall((json.dumps(obj) + "\n").encode())
        except OSError as e:
            return {"error": {"desc": f"QMP socket: {e}"}}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\n" in self.qmp_buf:
                raw, self.qmp_buf = self.qmp_buf.split(b"\n", 1)
                msg = json.loads(raw)
                if "return" in msg or "error" in msg:
                    return msg
                if "event" in msg:
                    self.qmp_log.append(msg)
            self.qmp.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                chunk = self.qmp.recv(65536)
            except (socket.timeout, OSError):
                break
            if not chunk:
                break
            self.qmp_buf += chunk
        return {"error": {"desc": "no reply from QMP"}}

    def forward_qmp(self, text):
        try:
            obj = json.loads(text)
        except ValueError as e:
            reply = f"error guest sent invalid JSON ({e})"
        else:
            msg = self.qmp_call(obj)
            if "error" in msg:
                reply = "error " + msg["error"].get("desc", json.dumps(msg["error"]))
            else:
                reply = "ok " + json.dumps(msg["return"])
        self.logf.write(f"# host: qmp {text} -> {reply}\n")
        self.logf.flush()
        self.ctl.sendall(("@@qmp-reply " + reply + "\n").encode())

    def finish(self, status, reason):
        self.status, self.reason = status, reason
        proc = getattr(self, "proc", None)
        if proc and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        a = self.args
        if hasattr(self, "logf"):
            self.logf.write(f"# bench: {reason}\n")
            self.logf.close()
        with open(a.ktap_out, "w") as f:
            f.write("\n".join(self.ktap) + ("\n" if self.ktap else ""))
        with open(a.result, "w") as f:
            json.dump({"status": status, "reason": reason, "accel": a.accel,
                       "variant": a.variant, "scenario": a.scenario_name,
                       "qmp_events": len(self.qmp_log),
                       "seconds": round(time.monotonic() - self.t0, 1)}, f)
        shutil.rmtree(self.tmp, ignore_errors=True)
        if status != EXIT_OK:
            print(f"{a.variant}/{a.scenario_name}: {reason}", file=sys.stderr)
        return status


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--path-of":
        # The file of a scenario name (layout-X written for layouts/X.log).
        try:
            print(scenario_path(sys.argv[2], os.path.join(TOP, "build", "scenarios")))
        except FileNotFoundError as e:
            sys.exit(f"error: {e}")
        return 0
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("scenario", help="scenario file")
    p.add_argument("--variant", required=True)
    p.add_argument("--name", help="scenario name (default: from the file name)")
    p.add_argument("--kernel", required=True)
    p.add_argument("--initrd", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--accel", default="tcg")
    p.add_argument("--qemu", default="qemu-system-x86_64")
    p.add_argument("--machine", default="", help="QEMU machine options first on its command line")
    p.add_argument("--console", default="ttyS0", help="the guest's console device")
    p.add_argument("--ctl", choices=("serial", "virtio"), default="serial",
                   help="control channel: second serial port, or a virtio console")
    p.add_argument("--config", default="default", help="matrix configuration")
    p.add_argument("--arch", default="x86_64", help="the configuration's scenario architecture")
    p.add_argument("--base", default=os.environ.get("BASE") or "6.1", help="the base kernel (6.1, 7.2)")
    p.add_argument("--qemu-extra", default="", help="more QEMU options")
    p.add_argument("--append", default="", help="more kernel options")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--idle-timeout", type=float, default=240)
    p.add_argument("--timeout-scale", type=float,
                   default=float(os.environ.get("BENCH_TIMEOUT_SCALE") or 1))
    p.add_argument("--panic-on-oops", action="store_true")
    p.add_argument("--echo", action="store_true", help="copy the console to stdout")
    p.add_argument("--interactive", metavar="QMP_SOCKET",
                   help="boot to a shell on this terminal (Ctrl-a x quits); "
                        "QMP listens on QMP_SOCKET")
    a = p.parse_args()
    if not shutil.which(a.qemu):
        pkg = "qemu-system-arm" if "aarch64" in a.qemu or "arm" in a.qemu else "qemu-system-x86"
        print(f"error: QEMU not found ('{a.qemu}'): install Debian package "
              f"{pkg} (make deps)", file=sys.stderr)
        return EXIT_SETUP
    for f in (a.kernel, a.initrd):
        if not os.path.exists(f):
            print(f"error: {f} does not exist", file=sys.stderr)
            return EXIT_SETUP
    if not os.path.exists(a.scenario):
        print(f"error: no scenario file {a.scenario}", file=sys.stderr)
        return EXIT_SETUP
    a.scenario_name = a.name or os.path.basename(a.scenario).rsplit(".", 1)[0]
    base = a.log[:-4] if a.log.endswith(".log") else a.log
    a.ktap_out, a.result = base + ".ktap", base + ".json"
    g = Guest(a, parse_scenario(a.scenario, a.config, a.arch, a.base))
    if a.interactive:
        return g.interactive(a.interactive)
    return g.run()


if __name__ == "__main__":
    sys.exit(main())
