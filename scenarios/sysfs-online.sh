# Twenty offline/online cycles through sysfs of a movable boot memory block
# (movablecore=), as online_movable and online_kernel, and the upstream
# memory-hotplug kselftest with the notifier error injector.  MemTotal and
# every zone's present/managed/spanned must return.
#@ qemu: -m 4000 -smp 2
#@ append: movablecore=512M
#@ timeout: 600
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone end.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone end.i1b.zone
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
blk=$(online_blocks_in Movable | head -n 1)
if [ -z "$blk" ]; then
	ktap_fail "sysfs.cycle" "no online movable block"
else
	ok=0 n=0
	# online_kernel last but one: kernel allocations may pin the block for
	# a moment, so offlining is retried (block_offline_retry).
	for t in $(seq 9 | sed 's/.*/online_movable/') online_kernel \
		$(seq 10 | sed 's/.*/online_movable/'); do
		n=$((n + 1))
		block_offline_retry "$blk" && block_set "$blk" "$t" && ok=$((ok + 1))
	done
	expect_all "sysfs.cycle" $ok $n \
		"offline/online cycles of memory$blk (now $(cat /sys/devices/system/memory/memory$blk/valid_zones))"
fi
run_kselftest memory-hotplug/mem-on-off-test.sh
# Bring everything back online, then compare.
online_all_blocks
expect_memtotal "sysfs.memtotal" "$mem0"
expect_zones "sysfs.zones" "$zones0"
memmap_check end
