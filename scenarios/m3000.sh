# -m 3000: an odd size; the last section of RAM is only partly populated.
#@ qemu: -m 3000 -smp 2
#@ timeout: 300
#@ base-xfail: boot.i1.zone boot.i1.node
#@ base-expect: boot.i1.zone=18465 boot.i1.node=18465
report_boot
memmap_check boot
