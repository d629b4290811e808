# Three NUMA nodes of odd sizes (700, 1300, 1000 MiB), one without CPUs:
# every node boundary and the end of RAM fall inside a section.
#@ qemu: -m 3000 -smp 2,sockets=2,cores=1,threads=1
#@ qemu: -object memory-backend-ram,id=m0,size=700M -numa node,nodeid=0,cpus=0,memdev=m0
#@ qemu: -object memory-backend-ram,id=m1,size=1300M -numa node,nodeid=1,cpus=1,memdev=m1
#@ qemu: -object memory-backend-ram,id=m2,size=1000M -numa node,nodeid=2,memdev=m2
#@ timeout: 300
#@ base-xfail@7.3/distro: boot.i2.zone
#@ base-xfail@6.1/distro: boot.i2.zone
report_boot
memmap_check boot
