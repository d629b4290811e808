# kernelcore=mirror with deferred struct page init, booted through UEFI
# (OVMF) so that efi_fake_mem can mark memory mirrored: [4 GiB, 5 GiB)
# is mirrored and stays with the kernel zones, the memory above 5 GiB goes
# to ZONE_MOVABLE, which then lies inside ZONE_NORMAL's span (zones
# overlap).  6.1 counts a node's spanned pages as the sum of its zone
# spans, so this node ends beyond its last zone and defer_init() defers
# none of its memmap; growing the zones over the tail of the last section
# must keep it so: deferred_init_memmap() would hand all memory past the
# first deferred pfn to ZONE_NORMAL.  zones.vs-base compares every zone's
# present, managed and contiguous with the base's.
#@ qemu: -m 6000 -smp 2 -bios /usr/share/ovmf/OVMF.fd
#@ append: efi_fake_mem=1G@4G:0x10000 kernelcore=mirror
#@ configs: distro
# Linux 7.2 has no efi_fake_mem= on x86, and counts a node's span from its
# start to its end: nothing of this to see there.
#@ arch: x86_64
#@ timeout: 400
#@ configs@7.3: none
#@ base-xfail@6.1/distro: boot.i1b.zone boot.mminit-holes
report_boot
memmap_check boot
