# arm64 (QEMU virt, memory from 1 GiB) with -m 3000: the last section of
# memory is only partly populated; zones DMA, DMA32 and Normal as Debian's
# arm64 config has them.
#@ arch: arm64
#@ qemu: -m 3000 -smp 2
#@ timeout: 400
report_boot
memmap_check boot
