# 32-bit x86 with -m 1000, 64 MiB sections: ZONE_NORMAL ends at max_low_pfn
# (896 MiB less the vmalloc area); memory above it is HighMem (HIGHMEM4G) or
# outside every zone (NOHIGHMEM).  Spans may grow over holes only (I9): a
# zone an architecture limit ends does not grow over the memory beyond,
# which stays reserved and outside every zone (i9.unzoned).
#@ arch: i386
#@ qemu: -m 1000 -smp 2
#@ timeout: 300
#@ base-xfail: boot.i1.zone boot.i1.node
report_boot
memmap_check boot
