# kernelcore=mirror where no memory above 4 GiB is mirrored (efi_fake_mem
# marks [1 GiB, 1.5 GiB)), booted through UEFI (OVMF) with deferred struct
# page init: all memory above 4 GiB goes to ZONE_MOVABLE.  memmap=64M$4G
# makes the first 64 MiB above 4 GiB a hole, so ZONE_MOVABLE starts at
# 0x104000 while ZONE_NORMAL spans [0x100000, end) without a present page;
# memmap=2M$0x150100000 makes a hole in the middle of section 42, inside
# both spans.  Holes go to the populated zone that spans them,
# ZONE_MOVABLE, where one does; the empty ZONE_NORMAL neither grows nor
# receives memory from deferred init (zones.vs-base).
#@ qemu: -m 6000 -smp 2 -bios /usr/share/ovmf/OVMF.fd
#@ append: efi_fake_mem=512M@1G:0x10000 kernelcore=mirror memmap=64M$0x100000000 memmap=2M$0x150100000
#@ configs: distro
# Linux 7.2 has no efi_fake_mem= on x86, and counts a node's span from its
# start to its end: nothing of this to see there.
#@ arch: x86_64
#@ timeout: 400
#@ configs@7.3: none
#@ base-xfail@6.1/distro: boot.i1b.zone boot.mminit-holes
report_boot
memmap_check boot
memmap_check sec42 -r 0x150000 0x158000
