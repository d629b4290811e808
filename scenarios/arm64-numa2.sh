# arm64 with two NUMA nodes of 2000 MiB each (device tree numa-node-id):
# node 0 ends and node 1 starts in the middle of a section, node 1 ends
# inside its last section.
#@ arch: arm64
#@ qemu: -m 4000 -smp 2
#@ qemu: -object memory-backend-ram,id=m0,size=2000M -numa node,nodeid=0,cpus=0,memdev=m0
#@ qemu: -object memory-backend-ram,id=m1,size=2000M -numa node,nodeid=1,cpus=1,memdev=m1
#@ timeout: 400
report_boot
memmap_check boot
