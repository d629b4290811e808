# -m 3000: an odd size; the last section of RAM is only partly populated.
#@ qemu: -m 3000 -smp 2
#@ timeout: 300
#@ base-xfail@7.3/distro: boot.i2.zone
#@ base-xfail@6.1/distro: boot.i2.zone
report_boot
memmap_check boot
