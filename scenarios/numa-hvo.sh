# A node whose memory starts after a hole in its first section, and
# HugeTLB vmemmap optimisation (HVO).  Node 1 is the memory above 4 GiB;
# memmap=64M$4G reserves its first 64 MiB (no memblock memory), so its
# first memory pfn, 0x104000, lies in the middle of section 32.  At boot
# register_page_bootmem_info_node() takes a reference on the memmap pages
# of every section of a node, sampling one pfn per section from the node's
# start and keeping those early_pfn_to_nid() places on the node; HVO
# drops that reference when it frees the memmap of a HugeTLB page, and
# insists on it (free_bootmem_page(): VM_BUG_ON_PAGE unless the count is
# 2).  A node start grown down over the hole must not make that sample a
# hole pfn, which early_pfn_to_nid() places on node 0.  2 MiB HugeTLB
# pages are allocated on node 1 from the lowest pfns up (the 32 of
# section 32 among them) and freed again.
#@ qemu: -m 4096 -smp 2,sockets=2,cores=1,threads=1
#@ qemu: -object memory-backend-ram,id=m0,size=3G -numa node,nodeid=0,cpus=0,memdev=m0
#@ qemu: -object memory-backend-ram,id=m1,size=1G -numa node,nodeid=1,cpus=1,memdev=m1
#@ append: memmap=64M$0x100000000 hugetlb_free_vmemmap=on
#@ timeout: 300
#@ base-xfail@7.3/distro: boot.i2.zone end.i2.zone
#@ base-xfail@6.1/distro: boot.i2.zone end.i2.zone
report_boot
memmap_check boot
hp=/sys/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages
if [ ! -w "$hp" ]; then
	ktap_fail hvo.alloc "no $hp"
else
	# Node 1 holds 960 MiB.  All of its free memory but 64 MiB becomes
	# HugeTLB pages: the buddy hands out the lowest pfns first, section
	# 32's among them, and freeing a page again restores its vmemmap
	# with memory of node 1 (__GFP_THISNODE), which must be there.
	free=$(awk '$3 == "MemFree:" {print $4}' /sys/devices/system/node/node1/meminfo)
	want=$(( (free - 65536) / 2048 ))
	echo "$want" > "$hp"
	n=$(cat "$hp")
	if [ "$want" -ge 350 ] && [ "$n" -ge $((want - 8)) ]; then
		ktap_ok hvo.alloc "$n of $want HugeTLB pages on node 1"
	else
		ktap_fail hvo.alloc "$n of $want HugeTLB pages on node 1 (MemFree $free kB)"
	fi
	echo 0 > "$hp"
	n=$(cat "$hp")
	if [ "$n" -eq 0 ]; then ktap_ok hvo.free; else ktap_fail hvo.free "$n left"; fi
fi
memmap_check end
