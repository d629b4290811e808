# virtio-mem resized from the host: plug 1 GiB, shrink to 130 MiB (the
# second memory block stays partly plugged), grow, unplug to 0, in five
# rounds (20 resizes).  MemTotal must follow the plugged size exactly and,
# with every zone's present/managed/spanned, come back (I5); pages going
# online are PageOffline(), not reserved (I3); the unplugged part of the
# partly plugged block stays PageOffline(), not reserved, refcount 1, and
# offlining that block through sysfs takes exactly its 2 MiB of managed
# memory out of MemTotal, onlining it puts them back.
#@ qemu: -m 2000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=4G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memhp_default_state=online_movable
#@ timeout: 1200
#@ base-xfail@6.1: vmem.r1.going-online.reserved vmem.r1.going-online.offline
#@ base-xfail@7.3/distro: boot.i2.zone end.i2.zone vmem.r1.130M.i2.zone vmem.r1.1G.i2.zone vmem.r2.130M.i2.zone vmem.r2.1G.i2.zone vmem.r3.130M.i2.zone vmem.r3.1G.i2.zone vmem.r4.130M.i2.zone vmem.r4.1G.i2.zone vmem.r5.130M.i2.zone vmem.r5.1G.i2.zone
#@ base-xfail@6.1/distro: vmem.r1.going-online.reserved vmem.r1.going-online.offline boot.i2.zone end.i2.zone vmem.r1.130M.i2.zone vmem.r1.1G.i2.zone vmem.r2.130M.i2.zone vmem.r2.1G.i2.zone vmem.r3.130M.i2.zone vmem.r3.1G.i2.zone vmem.r4.130M.i2.zone vmem.r4.1G.i2.zone vmem.r5.130M.i2.zone vmem.r5.1G.i2.zone
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
addr=$(device_addr vm0)
# The second 128 MiB block of the device.
b1s=$(pfn_hex $((addr + 128 * MiB)))
b1e=$(pfn_hex $((addr + 256 * MiB)))
rounds=${VMEM_ROUNDS:-5}
bsize=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
b1=$(( (addr + 128 * MiB) / bsize ))
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	"$KSFT_MH/memmap_check.sh" -c
	vmem_resize "vmem.r$r.plug-1G" vm0 $((1024 * MiB)) &&
		expect_memtotal "vmem.r$r.memtotal-1G" $((mem0 + 1024 * 1024))
	[ $r -eq 1 ] && run_ktap "$KSFT_MH/memmap_check.sh" -t "vmem.r$r" -o
	memmap_check "vmem.r$r.1G"
	vmem_resize "vmem.r$r.shrink-130M" vm0 $((130 * MiB)) &&
		expect_memtotal "vmem.r$r.memtotal-130M" $((mem0 + 130 * 1024))
	memmap_check "vmem.r$r.130M"
	# 2 MiB of the second block plugged, 126 MiB (32256 pages) not.
	[ $r -eq 1 ] && memmap_check "vmem.r$r.block1" -n -r "$b1s" "$b1e" \
		-e state.offline=32256 -e state.offline_reserved=0 \
		-e state.offline_badref=0 -e state.reserved=0
	if [ $r -eq 1 ]; then
		if block_offline_retry "$b1"; then
			expect_memtotal "vmem.r$r.offline-partial" $((mem0 + 128 * 1024))
		else
			ktap_fail "vmem.r$r.offline-partial" "memory$b1 did not go offline"
		fi
		block_set "$b1" online_movable
		expect_memtotal "vmem.r$r.online-partial" $((mem0 + 130 * 1024))
		memmap_check "vmem.r$r.block1-again" -n -r "$b1s" "$b1e" \
			-e state.offline=32256 -e state.offline_reserved=0 \
			-e state.offline_badref=0 -e state.reserved=0
	fi
	report "virtio-mem round $r: 1 GiB then 130 MiB plugged, blocks $(block_states)"
	vmem_resize "vmem.r$r.grow-512M" vm0 $((512 * MiB)) &&
		expect_memtotal "vmem.r$r.memtotal-512M" $((mem0 + 512 * 1024))
	vmem_resize "vmem.r$r.unplug" vm0 0 &&
		expect_memtotal "vmem.r$r.memtotal-0" "$mem0"
done
expect_zones "vmem.zones" "$zones0"
memmap_check end
report "virtio-mem: MemTotal $mem0 kB at start, $(memtotal_kb) kB after $rounds rounds"
