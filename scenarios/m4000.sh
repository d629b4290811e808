# -m 4000: a hole at pfn 0, a hole below 3 GiB, and the tail of the last
# section beyond the end of RAM.
#@ qemu: -m 4000 -smp 2
#@ timeout: 300
report_boot
