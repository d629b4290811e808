# Two memremap_pages() of overlapping ranges of free physical address space
# (MEMORY_DEVICE_GENERIC, 128 MiB at 64 GiB and 64 MiB further), the second
# while the bench's race module (module/memmap_race.c) stalls the first
# inside its hot-add: the second must fail at pagemap_range()'s conflict
# check ("Conflicting mapping in same section"), before it tracks, shadows
# or maps any of the first one's range (it must never reach
# arch_add_memory()).
#@ qemu: -m 2000 -smp 2
#@ timeout: 300
#@ warn-ok: Conflicting mapping in same section
#@ base-xfail@7.3/distro: boot.i2.zone end.i2.zone
#@ base-xfail@6.1/distro: boot.i2.zone end.i2.zone
report_boot
memmap_check boot
memremap_stall 300 || ktap_skip memremap.stall "cannot stall hot-add (no race module or no ZONE_DEVICE)"
memremap_pair memremap 0x1000000000 0x8000000 0x4000000
memremap_stall 0
memmap_check end
