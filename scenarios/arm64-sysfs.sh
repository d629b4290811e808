# Offline/online cycles of a movable boot memory block on arm64 through
# sysfs (movablecore=): MemTotal and every zone come back (I5).  On QEMU
# virt, boot allocations (the memmap among them) sit at the top of memory,
# inside ZONE_MOVABLE, so only some movable blocks can go offline: the
# scenario takes the first that can, and leaves out the upstream
# mem-on-off-test.sh, whose random offlining fails there on the base too.
#@ arch: arm64
#@ qemu: -m 3000 -smp 2
#@ append: movablecore=512M
#@ timeout: 900
#@ base-xfail: boot.i1.zone boot.i1.node end.i1.zone end.i1.node
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
blk=$(offlinable_blocks | head -n 1)
if [ -z "$blk" ]; then
	ktap_fail "sysfs.cycle" "no online movable block"
else
	ok=0 n=0
	for t in online_movable online_movable online_movable online_kernel online_movable; do
		n=$((n + 1))
		block_offline_retry "$blk" && block_set "$blk" "$t" && ok=$((ok + 1))
	done
	if [ $ok -eq $n ]; then
		ktap_ok "sysfs.cycle" "memory$blk: $n offline/online cycles"
	else
		ktap_fail "sysfs.cycle" "memory$blk: $ok of $n offline/online cycles succeeded"
	fi
fi
for b in /sys/devices/system/memory/memory*; do
	grep -q offline "$b/state" && echo online_movable > "$b/state" 2>/dev/null
done
expect_memtotal "sysfs.memtotal" "$mem0"
expect_zones "sysfs.zones" "$zones0"
memmap_check end
