# -m 4097: an odd size; the last section of RAM is only partly populated.
#@ qemu: -m 4097 -smp 2
#@ timeout: 300
#@ base-xfail: boot.i1.zone boot.i1.node
#@ base-expect: boot.i1.zone=32545 boot.i1.node=32513
report_boot
memmap_check boot
