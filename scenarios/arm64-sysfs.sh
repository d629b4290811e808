# Offline/online cycles of a movable boot memory block on arm64 through
# sysfs (movablecore=): MemTotal and every zone come back (I5).  arm64
# refuses to offline boot memory (prevent_bootmem_remove_notifier() says
# NOTIFY_BAD at MEM_GOING_OFFLINE, so the write fails with EPERM): the
# cycle is then reported as a skip naming that, and only the memmap
# checks of boot and end remain.  Any other failure to find a block that
# goes offline is a failure.
#@ arch: arm64
#@ qemu: -m 3000 -smp 2
#@ append: movablecore=512M
#@ timeout: 900
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
blk=$(offlinable_blocks 1)
if [ -z "$blk" ]; then
	first=$(online_blocks_in Movable | head -n 1)
	err=$( (echo offline > "/sys/devices/system/memory/memory$first/state") 2>&1)
	case $err in
	*"not permitted"*)
		# arm64 refuses to offline boot memory at MEM_GOING_OFFLINE
		# (prevent_bootmem_remove_notifier(), NOTIFY_BAD: -EPERM).
		ktap_skip "sysfs.cycle" "arm64 refuses to offline boot memory (memory$first: $err)" ;;
	*)
		ktap_fail "sysfs.cycle" "no online movable block could go offline (memory$first: $err)" ;;
	esac
else
	ok=0 n=0
	for t in online_movable online_movable online_movable online_kernel online_movable; do
		n=$((n + 1))
		block_offline_retry "$blk" && block_set "$blk" "$t" && ok=$((ok + 1))
	done
	expect_all "sysfs.cycle" $ok $n "offline/online cycles of memory$blk"
fi
online_all_blocks
expect_memtotal "sysfs.memtotal" "$mem0"
expect_zones "sysfs.zones" "$zones0"
memmap_check end
