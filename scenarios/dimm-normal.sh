# A 128 MiB pc-dimm onlined to ZONE_NORMAL right after the 96 MiB tail
# hole of the last boot section, then removed.  Adding it grows Normal
# over the hole, removing it shrinks Normal again: at every step each
# hole page must stay inside its zone's and node's span (I1), and zones
# and MemTotal must come back (I5).
#@ qemu: -m 4000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memhp_default_state=online_kernel
#@ timeout: 400
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone add.i1b.zone del.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone add.i1b.zone del.i1b.zone
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
dimm_add d0 dimm0
report_zones zone-after-add
memmap_check add
dimm_del d0 90
expect_memtotal "dimm.memtotal" "$mem0"
expect_zones "dimm.zones" "$zones0"
memmap_check del
