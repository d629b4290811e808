# Soak: a virtio-mem device grown and shrunk from the host 16 times while
# a memory load runs and two readers walk /proc/kpageflags and
# /proc/zoneinfo.  Nothing may splat; MemTotal and every zone's counters
# must be back at the end; the memmap invariants must hold.
#@ qemu: -m 2000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=2G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memhp_default_state=online_movable debug_pagealloc=on page_owner=on
#@ timeout: 3600
#@ idle-timeout: 900
#@ variants: patched
report_boot
state0=$(state_snapshot)
memload 100000 128 > /tmp/memload.out & load=$!
start_readers
n=0 ok=0 fails=
for size in 1024 130 768 0 512 1536 66 0 1024 130 768 0 512 1536 66 0; do
	n=$((n + 1))
	if vmem_set vm0 $((size * MiB)) 300; then
		ok=$((ok + 1))
	else
		fails="$fails ${size}M:$VMEM_ERR"
		echo w > /proc/sysrq-trigger	# blocked tasks, for the log
		break
	fi
done
kill $load; wait $load 2>/dev/null
stop_readers
expect_all "soak.vmem.resizes" $ok $n "resizes settled under load" "failed:$fails"
expect_state "soak.vmem.state" "$state0"
memmap_check soak-vmem
