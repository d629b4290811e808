# -m 3000: an odd size; the last section of RAM is only partly populated.
#@ qemu: -m 3000 -smp 2
#@ timeout: 300
report_boot
memmap_check boot
