# -m 4000: a hole at pfn 0, a hole below 3 GiB, and the tail of the last
# section beyond the end of RAM.
#@ qemu: -m 4000 -smp 2
#@ timeout: 300
#@ base-xfail: boot.i1.zone boot.i1.node
#@ base-expect: boot.i1.zone=24609 boot.i1.node=24577
report_boot
memmap_check boot
