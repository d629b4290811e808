# virtio-mem resized from the host: plug 1 GiB, shrink to 130 MiB (the
# second memory block stays partly plugged), grow again, unplug to 0,
# twice.  MemTotal must follow the plugged size exactly and come back.
#@ qemu: -m 2000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=4G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memhp_default_state=online_movable
#@ timeout: 600
report_boot
MiB=1048576
mem0=$(memtotal_kb)
for round in 1 2; do
	vmem_resize "vmem.r$round.plug-1G" vm0 $((1024 * MiB)) &&
		expect_memtotal "vmem.r$round.memtotal-1G" $((mem0 + 1024 * 1024))
	vmem_resize "vmem.r$round.shrink-130M" vm0 $((130 * MiB)) &&
		expect_memtotal "vmem.r$round.memtotal-130M" $((mem0 + 130 * 1024))
	report "virtio-mem round $round: 1 GiB then 130 MiB plugged, blocks $(block_states)"
	vmem_resize "vmem.r$round.grow-512M" vm0 $((512 * MiB)) &&
		expect_memtotal "vmem.r$round.memtotal-512M" $((mem0 + 512 * 1024))
	vmem_resize "vmem.r$round.unplug" vm0 0 &&
		expect_memtotal "vmem.r$round.memtotal-0" "$mem0"
done
report "virtio-mem: MemTotal $mem0 kB at start, $(memtotal_kb) kB after two rounds"
