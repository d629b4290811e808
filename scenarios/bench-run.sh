# 'make bench': one measuring guest.  16 GiB in two NUMA nodes, legacy pmem
# sharing section 16 with RAM, a 4 GiB virtio-mem device.  Under -icount
# shift=0 guest nanoseconds are guest instructions, so the figures repeat.
# Reports "# bench: key=value" lines: memmap_init_ns (boot log, from the
# last "Initmem setup node" to the end of memmap init), vmem_plug_ns and
# vmem_unplug_ns (what the guest executed from the qom-set request until
# MemTotal reaches its new size, memwait's own reads taken out; the whole
# interval as vmem_plug_wall_ns and vmem_unplug_wall_ns), kpf_shared_ns,
# kpf_clean_ns and kpf_ratio (/proc/kpageflags per pfn).
#@ qemu: -m 16G,maxmem=24G -smp 1 -icount shift=0,sleep=off
#@ qemu: -object memory-backend-ram,id=m0,size=8G -numa node,nodeid=0,cpus=0,memdev=m0
#@ qemu: -object memory-backend-ram,id=m1,size=8G -numa node,nodeid=1,memdev=m1
#@ qemu: -object memory-backend-ram,id=vmem0,size=4G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,node=1,requested-size=0
#@ append: memmap=62M!2050M memhp_default_state=online_movable
#@ timeout: 1800
#@ idle-timeout: 900
#@ variants: patched base
bench() { ctl "# bench: $1=$2"; }

# Memmap init: printk timestamps (guest time) around memmap_init().
t=$(memmap_init_ns)
if [ -n "$t" ] && [ "$t" -gt 0 ]; then
	bench memmap_init_ns "$t"
	ktap_ok "bench.memmap-init" "$t ns"
else
	ktap_fail "bench.memmap-init" "could not find memmap init in the boot log"
fi

# vmem_timed NAME ID BYTES KB: resize virtio-mem device ID to BYTES and
# time, in guest ns, from the request to MemTotal reading KB; then check
# the device settled, outside the timing.  memwait starts first: it keeps
# the CPU busy at SCHED_IDLE, so the wait for the host (QMP, virtio-mem
# requests) does not let -icount virtual time jump by timer ticks (see
# memwait.c).  Its reads are then taken out: VMEM_NS is what the rest of
# the guest executed, VMEM_WALL_NS the whole interval.
vmem_timed() {
	VMEM_NS= VMEM_WALL_NS=
	memwait "$4" 900 >/tmp/memwait.out 2>/tmp/memwait.err &
	waiter=$!
	t0=$(nsclock)
	if ! qmp "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine/peripheral/$2\",\"property\":\"requested-size\",\"value\":$3}}"; then
		kill "$waiter" 2>/dev/null
		ktap_fail "$1" "QMP qom-set: $QMP_REPLY"
		return 1
	fi
	if ! wait "$waiter"; then
		ktap_fail "$1" "$(cat /tmp/memwait.err)"
		return 1
	fi
	read -r t1 reads < /tmp/memwait.out
	VMEM_WALL_NS=$((t1 - t0))
	VMEM_NS=$(awk -v w="$VMEM_WALL_NS" -v n="$reads" -v c="$READ_NS" 'BEGIN { printf "%.0f", w - n * c }')
	if vmem_set "$2" "$3" 120; then
		ktap_ok "$1" "MemTotal $4 kB after $VMEM_WALL_NS ns, $reads reads of $READ_NS ns, guest work $VMEM_NS ns"
	else
		ktap_fail "$1" "$VMEM_ERR"
		return 1
	fi
}

# The cost of one memwait read, alone, before anything is plugged.
if READ_NS=$(memwait -c 500 2>&1); then
	ktap_ok "bench.memwait-read" "$READ_NS ns per read"
	bench memwait_read_ns "$READ_NS"
else
	ktap_fail "bench.memwait-read" "calibration failed: $READ_NS"
	READ_NS=0
fi

mem0=$(memtotal_kb)
if vmem_timed "bench.vmem-plug-4G" vm0 $((4096 * MiB)) $((mem0 + 4096 * 1024)); then
	bench vmem_plug_ns "$VMEM_NS"
	bench vmem_plug_wall_ns "$VMEM_WALL_NS"
fi
if vmem_timed "bench.vmem-unplug" vm0 0 "$mem0"; then
	bench vmem_unplug_ns "$VMEM_NS"
	bench vmem_unplug_wall_ns "$VMEM_WALL_NS"
fi
expect_memtotal "bench.memtotal" "$mem0"

if pmem_load; then
	out=$(kpfbench 0x84000 0x7c000 0x4000 "${KPF_READS:-50}" "${KPF_PAIRS:-4}")
	last=$(echo "$out" | tail -n 1)
	set -- $last
	for kv in "$@"; do
		case $kv in
		a=*) bench kpf_shared_ns "${kv#a=}" ;;
		b=*) bench kpf_clean_ns "${kv#b=}" ;;
		ratio=*) bench kpf_ratio "${kv#ratio=}" ;;
		esac
	done
	ktap_ok "bench.kpageflags" "${last#kpfbench: }"
else
	ktap_fail "bench.kpageflags" "nd_pmem did not bind"
fi
