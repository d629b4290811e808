# 'make bench' (configuration "scale"): memmap init at scale.  64 GiB in
# four NUMA nodes of 16 GiB (host memory backs only what the guest
# touches), the distro configuration's memory options (deferred struct
# page init) without DEBUG_VM, one CPU, -icount shift=0 (guest ns are
# guest instructions, so the figures repeat).  Reports "# bench:
# key=value": memmap_init_64g_ns (boot memmap init, from the last
# "Initmem setup node" line to the end of memmap_init()), deferred_64g_ns
# (from "smp: Brought up" to the last node's "deferred pages initialised"
# line: the pgdatinit threads, which start right after SMP bring-up and
# which the boot waits for) and deferred_64g_ms (the nodes' own jiffy
# figures, summed: shown only).
#@ qemu: -m 64G -smp 1 -icount shift=0,sleep=off
#@ qemu: -object memory-backend-ram,id=m0,size=16G -numa node,nodeid=0,cpus=0,memdev=m0
#@ qemu: -object memory-backend-ram,id=m1,size=16G -numa node,nodeid=1,memdev=m1
#@ qemu: -object memory-backend-ram,id=m2,size=16G -numa node,nodeid=2,memdev=m2
#@ qemu: -object memory-backend-ram,id=m3,size=16G -numa node,nodeid=3,memdev=m3
#@ timeout: 1800
#@ idle-timeout: 900
#@ variants: patched base
bench() { ctl "# bench: $1=$2"; }

t=$(memmap_init_ns)
if [ -n "$t" ] && [ "$t" -gt 0 ]; then
	bench memmap_init_64g_ns "$t"
	ktap_ok "bench.memmap-init-64g" "$t ns"
else
	ktap_fail "bench.memmap-init-64g" "could not find memmap init in the boot log"
fi

nodes=$(dmesg | grep -c 'deferred pages initialised in')
d=$(dmesg | awk '
	{ ts = $0; sub(/^\[ */, "", ts); sub(/\].*/, "", ts) }
	/smp: Brought up/ { start = ts }
	/deferred pages initialised in/ { end = ts; ms += $(NF) }
	END { if (start != "" && end != "") printf "%d %d\n", (end - start) * 1e9, ms }')
set -- $d
if [ "$nodes" -eq 4 ] && [ -n "${1:-}" ] && [ "$1" -gt 0 ]; then
	bench deferred_64g_ns "$1"
	bench deferred_64g_ms "$2"
	ktap_ok "bench.deferred-64g" "4 nodes, $1 ns from SMP bring-up, $2 ms by the nodes' own count"
else
	ktap_fail "bench.deferred-64g" "$nodes node(s) reported deferred init (want 4)"
fi
expect_memtotal_min() {
	local kb
	kb=$(memtotal_kb)
	if [ "$kb" -ge "$1" ]; then
		ktap_ok "bench.memtotal-64g" "MemTotal $kb kB"
	else
		ktap_fail "bench.memtotal-64g" "MemTotal $kb kB, less than $1 kB"
	fi
}
expect_memtotal_min $((60 * 1024 * 1024))
