# 32-bit x86 with -m 2048 and highmem=256M: HighMem ends 256 MiB above
# max_low_pfn, where the parameter put it, but memblock still holds the
# memory beyond.  HighMem must not grow over that memory (I9): present and
# managed pages as on the base, the memory beyond reserved and outside
# every zone (i9.unzoned); without HighMem (NOHIGHMEM) the parameter does
# nothing.
# 7.2's x86-32 discards the RAM above max_pfn from memblock at boot (e820):
# to mm it is a hole, initialised reserved like one on base and series, and
# the last zone may span it (zones.vs-base counts RAM below the base's
# highest zone end there).
#@ arch: i386
#@ qemu: -m 2048 -smp 2
#@ append: highmem=256M
#@ timeout: 300
report_boot
memmap_check boot
