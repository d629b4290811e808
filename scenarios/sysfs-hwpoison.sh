# Offlining a movable memory block that holds a hwpoisoned page: memory
# failure took a free page of the block off the free lists, still counted
# as managed.  Offlining must take exactly the block's pages out of its
# zone's present and managed pages and of MemTotal, and forget the page's
# hwpoison, as the block's memmap is uninitialized from then on: onlining
# the block again initializes it anew, and every count is back.  That is
# the 6.1 series; mainline since 6.2 (the 7.2 base) counts hwpoisoned
# pages per memory block instead: the page stays poisoned and counted in
# HardwareCorrupted while the block is offline, and the block refuses to
# go online again (-EHWPOISON) until it is removed.
#@ qemu: -m 4000 -smp 2
#@ append: movablecore=512M
#@ timeout: 400
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone sysfs.hwcorrupted-offline sysfs.hwcorrupted-online end.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone end.i1b.zone
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
hwc0=$(hwcorrupted_kb)
bsize=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
bpages=$((bsize / 4096))
blk=$(offlinable_blocks 1)
if [ -z "$blk" ]; then
	ktap_fail "sysfs.block" "no offlinable movable block"
else
	start=$((blk * bpages))
	pfn=$("$KSFT_MH/kpageflags_count" -f buddy $start $((start + bpages)))
	echo $((pfn * 4096)) > /sys/devices/system/memory/hard_offline_page
	kpageflags sysfs.poisoned "$pfn" $((pfn + 1)) hwpoison=1 buddy=0
	expect_hwcorrupted "sysfs.hwcorrupted" $((hwc0 + 4))
	zone_line() { zone_table | grep ' zone=Movable '; }
	z0=$(zone_line)
	if block_offline_retry "$blk"; then
		ktap_ok "sysfs.offline" "memory$blk with hwpoisoned pfn $pfn offline"
	else
		ktap_fail "sysfs.offline" "memory$blk did not go offline"
	fi
	expect_memtotal "sysfs.memtotal-offline" $((mem0 - bsize / 1024))
	field() { echo "$1" | sed -n "s/.* $2=\([0-9]*\).*/\1/p"; }
	z1=$(zone_line)
	for f in present managed; do
		d=$(( $(field "$z0" $f) - $(field "$z1" $f) ))
		if [ "$d" -eq "$bpages" ]; then
			ktap_ok "sysfs.$f-offline" "Movable $f dropped by $d pages"
		else
			ktap_fail "sysfs.$f-offline" "Movable $f dropped by $d pages, not $bpages"
		fi
	done
	case $(uname -r) in
	6.1.*)
		expect_hwcorrupted "sysfs.hwcorrupted-offline" "$hwc0"
		block_set "$blk" online_movable
		expect_memtotal "sysfs.memtotal-online" "$mem0"
		expect_zones "sysfs.zones" "$zones0"
		expect_hwcorrupted "sysfs.hwcorrupted-online" "$hwc0"
		;;
	*)
		expect_hwcorrupted "sysfs.hwcorrupted-offline" $((hwc0 + 4))
		if block_set "$blk" online_movable; then
			ktap_fail "sysfs.online-refused" "memory$blk went online with a hwpoisoned page"
		else
			ktap_ok "sysfs.online-refused" "memory$blk stays offline"
		fi
		expect_memtotal "sysfs.memtotal-refused" $((mem0 - bsize / 1024))
		expect_hwcorrupted "sysfs.hwcorrupted-refused" $((hwc0 + 4))
		;;
	esac
fi
memmap_check end
