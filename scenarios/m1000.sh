# -m 1000: an odd size; the last section of RAM is only partly populated.
#@ qemu: -m 1000 -smp 2
#@ timeout: 300
#@ base-xfail: boot.i1.zone boot.i1.node
#@ base-expect: boot.i1.zone=6177 boot.i1.node=6177
report_boot
memmap_check boot
