# -m 4097: an odd size; the last section of RAM is only partly populated.
#@ qemu: -m 4097 -smp 2
#@ timeout: 300
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone
report_boot
memmap_check boot
