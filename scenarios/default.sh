# The 'make run' guest: an odd size (-m 4000), legacy pmem sharing section
# 16 with boot RAM, and a virtio-mem device resized from the host.
#@ qemu: -m 4000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=2G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memmap=62M!2050M memhp_default_state=online_movable
#@ timeout: 400
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone vmem.going-online.reserved vmem.going-online.offline plug.i1b.zone end.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone plug.i1b.zone end.i1b.zone
pmem_load || diag "nd_pmem did not bind"
report_boot
memmap_check boot
"$KSFT_MH/memmap_check.sh" -c
mem0=$(memtotal_kb)
vmem_resize "vmem.plug-1G" vm0 $((1024 * MiB)) &&
	expect_memtotal "vmem.memtotal-1G" $((mem0 + 1024 * 1024))
run_ktap "$KSFT_MH/memmap_check.sh" -t vmem -o
memmap_check plug
report "virtio-mem plugged 1 GiB: MemTotal $mem0 -> $(memtotal_kb) kB, blocks $(block_states)"
report_zones zone-after-plug
vmem_resize "vmem.shrink-130M" vm0 $((130 * MiB)) &&
	expect_memtotal "vmem.memtotal-130M" $((mem0 + 130 * 1024))
report "virtio-mem shrunk to 130 MiB: MemTotal $(memtotal_kb) kB, blocks $(block_states)"
vmem_resize "vmem.unplug" vm0 0 &&
	expect_memtotal "vmem.memtotal-0" "$mem0"
report "virtio-mem unplugged: MemTotal $(memtotal_kb) kB, blocks $(block_states)"
memmap_check end
