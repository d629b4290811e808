# -m 4000: a hole at pfn 0, a hole below 3 GiB, and the tail of the last
# section beyond the end of RAM.
#@ qemu: -m 4000 -smp 2
#@ timeout: 300
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone
#@ base-xfail@7.3/nohotplug: boot.mminit-holes boot.i1b.zone
report_boot
memmap_check boot
kunit_results mm_init_holes
