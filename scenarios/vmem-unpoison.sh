# Unpoisoning a page that virtio-mem keeps unplugged.  The device is
# plugged for 2 MiB, the last page of its first block is unplugged:
# PageOffline() with a reference and no memory behind it for the guest to
# use.  Memory failure marks it hwpoisoned; unpoison_memory() must refuse
# it, as it refuses PG_reserved pages, instead of dropping the reference
# and freeing it to the page allocator.  6.1's base accepts (the page
# is PG_reserved there only until virtio-mem clears it); mainline refuses
# PageOffline() pages since 7a8817f2c96e ("mm: memory-failure: add
# PageOffline() check", 6.6).  No test module.
#@ qemu: -m 2000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=1G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memhp_default_state=online_movable
#@ timeout: 400
#@ splat-ok@6.1: base
#@ base-xfail@6.1: vmem.unpoison-refused vmem.bad-after
ZONE_SOURCE=zoneinfo
report_boot
mem0=$(memtotal_kb)
vmem_resize "vmem.plug-2M" vm0 $((2 * MiB))
addr=$(device_addr vm0)
bad=$(( (addr + 128 * MiB) / 4096 - 1 ))
echo $((bad * 4096)) > /sys/devices/system/memory/hard_offline_page 2>/dev/null
expect_kpf vmem.bad-poisoned "$bad" offline=1 hwpoison=1
expect_unpoison_refused vmem.unpoison-refused "$bad" "an unplugged virtio-mem page"
expect_kpf vmem.bad-after "$bad" offline=1 hwpoison=1 buddy=0
expect_memtotal "vmem.memtotal" $((mem0 + 2048))
