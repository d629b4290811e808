# virtio-mem on arm64 (virtio-mem-pci on QEMU virt): plug 1 GiB, shrink to
# 130 MiB (the second memory block stays plugged for 2 MiB), offline and
# online that block, unplug.  Pages going online are PageOffline(), not
# reserved (I3); the unplugged part of the partly plugged block stays
# PageOffline() with a reference; MemTotal follows exactly and every zone
# comes back (I5); no pfn breaks I1/I2 at any step.
#@ arch: arm64
#@ qemu: -m 2000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=2G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memhp_default_state=online_movable
#@ timeout: 900
#@ base-xfail@6.1: vmem.going-online.reserved vmem.going-online.offline
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
addr=$(device_addr vm0)
bsize=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
b1=$(( (addr + bsize) / bsize ))
b1s=$(pfn_hex $((addr + bsize)))
b1e=$(pfn_hex $((addr + 2 * bsize)))
"$KSFT_MH/memmap_check.sh" -c
vmem_resize "vmem.plug-1G" vm0 $((1024 * MiB)) &&
	expect_memtotal "vmem.memtotal-1G" $((mem0 + 1024 * 1024))
run_ktap "$KSFT_MH/memmap_check.sh" -t vmem -o
memmap_check plug
vmem_resize "vmem.shrink-130M" vm0 $((130 * MiB)) &&
	expect_memtotal "vmem.memtotal-130M" $((mem0 + 130 * 1024))
memmap_check shrink
unplugged=$(( (bsize - 2 * MiB) / 4096 ))
memmap_check "vmem.block1" -n -r "$b1s" "$b1e" -e state.offline=$unplugged \
	-e state.offline_reserved=0 -e state.offline_badref=0
if block_offline_retry "$b1"; then
	expect_memtotal "vmem.offline-partial" $((mem0 + bsize / 1024))
else
	ktap_fail "vmem.offline-partial" "memory$b1 did not go offline"
fi
block_set "$b1" online_movable
expect_memtotal "vmem.online-partial" $((mem0 + 130 * 1024))
vmem_resize "vmem.unplug" vm0 0 &&
	expect_memtotal "vmem.memtotal-0" "$mem0"
expect_zones "vmem.zones" "$zones0"
memmap_check end
