# 32-bit x86 with -m 2048, 64 MiB sections: ZONE_NORMAL ends at max_low_pfn
# (896 MiB less the vmalloc area); memory above it is HighMem (HIGHMEM4G) or
# outside every zone (NOHIGHMEM).  Spans may grow over holes only (I9): a
# zone an architecture limit ends does not grow over the memory beyond,
# which stays reserved and outside every zone (i9.unzoned).
# 7.2's x86-32 discards the RAM above max_pfn from memblock at boot (e820):
# to mm it is a hole, initialised reserved like one on base and series, and
# the last zone may span it (zones.vs-base counts RAM below the base's
# highest zone end there).
#@ arch: i386
#@ qemu: -m 2048 -smp 2
#@ timeout: 300
report_boot
memmap_check boot
