# Unpoisoning a page that virtio-mem keeps unplugged.  The device is
# plugged for 2 MiB, the last page of its first block is unplugged:
# PageOffline() with a reference and no memory behind it for the guest to
# use.  Memory failure marks it hwpoisoned; unpoison_memory() must refuse
# it, as it refuses PG_reserved pages, instead of dropping the reference
# and freeing it to the page allocator.
#@ qemu: -m 2000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=1G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memhp_default_state=online_movable
#@ timeout: 400
#@ base-xfail: boot.i1.zone boot.i1.node vmem.unpoison-refused vmem.bad-after.offline vmem.bad-after.hwpoison
#@ splat-ok: base
#@ base-xfail@7.2: boot.i1.zone boot.i1.node
#@ splat-ok@7.2:
report_boot
memmap_check boot
mem0=$(memtotal_kb)
vmem_resize "vmem.plug-2M" vm0 $((2 * MiB))
addr=$(device_addr vm0)
bad=$(( (addr + 128 * MiB) / 4096 - 1 ))
echo $((bad * 4096)) > /sys/devices/system/memory/hard_offline_page 2>/dev/null
kpageflags vmem.bad-poisoned "$bad" $((bad + 1)) offline=1 hwpoison=1
expect_unpoison_refused vmem.unpoison-refused "$bad" "an unplugged virtio-mem page"
kpageflags vmem.bad-after "$bad" $((bad + 1)) offline=1 hwpoison=1 buddy=0
expect_memtotal "vmem.memtotal" $((mem0 + 2048))
