# Legacy pmem in the tail hole of the last boot section, then a 128 MiB
# pc-dimm onlined to ZONE_NORMAL right after it, at 0x140000000.  Removing
# the DIMM shrinks Normal back; the ZONE_DEVICE pfns [0x13a000, 0x140000)
# are holes of the boot section that the device holds for a while only,
# so Normal must keep spanning them.  Unbinding the device afterwards
# makes them hole pages again, which must have a zone and node that span
# them (I1), and every zone must be as at boot (I5).
#@ qemu: -m 4000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memmap=96M!0x13a000000 memhp_default_state=online_kernel
#@ timeout: 400
#@ base-expect@6.1: unbound.i2.uninit=24576
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone bound.i1b.zone add.i1b.zone del.i1b.zone unbound.i1b.zone unbound.i2.uninit unbound.tail.pfns.poisoned
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone bound.i1b.zone add.i1b.zone del.i1b.zone unbound.i1b.zone unbound.i2.uninit unbound.tail.pfns.poisoned
report_boot
memmap_check boot
zones0=$(zone_table)
pmem_bind_checked
memmap_check bound
dimm_add d0 dimm0
report_zones zone-after-add
memmap_check add
dimm_del d0 90
report_zones zone-after-del
memmap_check del
pmem_unbind_checked
memmap_check unbound
memmap_check unbound.tail -n -r 0x138000 0x140000 -e pfns.device=0 -e pfns.poisoned=0
expect_zones "unbound.zones" "$zones0"
