# Two NUMA nodes of 2000 MiB each: the node boundary falls in the middle of
# a section (2000 MiB is 15.6 sections), node 1 spans the PCI hole.
#@ qemu: -m 4000 -smp 2,sockets=2,cores=1,threads=1
#@ qemu: -object memory-backend-ram,id=m0,size=2000M -numa node,nodeid=0,cpus=0,memdev=m0
#@ qemu: -object memory-backend-ram,id=m1,size=2000M -numa node,nodeid=1,cpus=1,memdev=m1
#@ timeout: 300
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone
#@ base-xfail@6.1/distro: boot.mminit-holes boot.i1b.zone boot.i1b.node
# With deferred struct page init (distro), 6.1 initialises two reserved
# hole pages below 3 GiB late, with node 0 and zone index MAX_NR_ZONES.
# 7.2 gives those reserved pages the node of the memory regions around
# them (memmap_init_reserved_pages()), node 1, whose DMA32 spans them.
report_boot
memmap_check boot
