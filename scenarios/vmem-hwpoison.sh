# A virtio-mem device plugged for 2 MiB: its first memory block holds 512
# plugged pages and 32256 unplugged ones, PageOffline() with a reference,
# never managed.  Memory failure hits an unplugged page (hard_offline_page):
# it becomes hwpoisoned and stays PageOffline().  Unplugging the device
# offlines and removes the block: offlining must subtract only the pages
# that were managed (not the hwpoisoned unplugged one), so every zone's
# managed pages and MemTotal come back exactly, and removal must take the
# hwpoisoned page out of HardwareCorrupted exactly once.  6.1's base
# gets the managed pages right and HardwareCorrupted wrong; mainline's
# base (7.3) subtracts the page from managed although it never was:
# ZONE_MOVABLE's managed pages wrap to ULONG_MAX, DMA32's lowmem_reserve
# for Movable becomes huge, and the guest panics out of memory ("System
# is deadlocked on memory") as the unplug ends.  With Debian's memory
# options the unplug completes and MemTotal ends one page (4 kB) short.
# No test module: QMP qom-set, hard_offline_page, /proc/zoneinfo,
# /proc/meminfo and dd of /proc/kpageflags.
#@ qemu: -m 2000,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=vmem0,size=1G
#@ qemu: -device virtio-mem-pci,id=vm0,memdev=vmem0,requested-size=0
#@ append: memhp_default_state=online_movable
#@ timeout: 400
#@ splat-ok@7.3: base
#@ base-xfail@7.3/distro: vmem.memtotal-0
#@ base-xfail@6.1: vmem.hwcorrupted-after
#@ base-xfail@7.3: vmem.unplug vmem.zones
ZONE_SOURCE=zoneinfo
report_boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
hwc0=$(hwcorrupted_kb)
vmem_resize "vmem.plug-2M" vm0 $((2 * MiB)) &&
	expect_memtotal "vmem.memtotal-2M" $((mem0 + 2048))
addr=$(device_addr vm0)
# The last pfn of the device's first block is not plugged.
bad=$(( (addr + 128 * MiB) / 4096 - 1 ))
expect_kpf vmem.bad-before "$bad" offline=1 reserved=0 hwpoison=0
echo $((bad * 4096)) > /sys/devices/system/memory/hard_offline_page 2>/dev/null
expect_kpf vmem.bad-poisoned "$bad" offline=1 hwpoison=1
expect_hwcorrupted "vmem.hwcorrupted" $((hwc0 + 4))
vmem_resize "vmem.unplug" vm0 0 &&
	expect_memtotal "vmem.memtotal-0" "$mem0"
expect_zones "vmem.zones" "$zones0"
expect_hwcorrupted "vmem.hwcorrupted-after" "$hwc0"
