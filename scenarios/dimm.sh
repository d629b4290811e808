# A 128 MiB pc-dimm hot-added over QMP with memmap_on_memory: the block
# hosts its own vmemmap in its first 512 pfns (I4).  The DIMM lands right
# after the tail hole of the last boot section, so adding it grows Normal
# over that hole and removing it shrinks Normal back (I1 at every step).
#@ qemu: -m 4000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memory_hotplug.memmap_on_memory=1 memhp_default_state=online_movable
#@ timeout: 400
#@ base-expect@6.1: dimm.vmemmap.reserved=512 dimm.going-online.reserved=32256
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone add.i1b.zone dimm.going-online.reserved dimm.going-online.offline dimm.state.vmemmap_reserved dimm.state.reserved dimm.vmemmap.reserved del.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone add.i1b.zone del.i1b.zone
report_boot
memmap_check boot
mem0=$(memtotal_kb)
zones0=$(zone_table)
"$KSFT_MH/memmap_check.sh" -c
dimm_add d0 dimm0
addr=$(device_addr d0 addr)
start=$(pfn_hex "$addr")
end=$(pfn_hex $((addr + 128 * MiB)))
vend=$(printf '0x%x' $((start + 512)))
report "hotplug added a 128 MiB pc-dimm at pfn $start: MemTotal $mem0 -> $(memtotal_kb) kB"
report_zones zone-after-add
memmap_check add
# Pages of the range at MEM_GOING_ONLINE: PageOffline(), not reserved (I3).
run_ktap "$KSFT_MH/memmap_check.sh" -t dimm -o
# Self-hosted vmemmap: 512 pages, neither reserved nor offline (I4).
memmap_check dimm -n -r "$start" "$end" -e state.vmemmap=512 \
	-e state.vmemmap_reserved=0 -e state.vmemmap_offline=0 -e state.reserved=0
kpageflags dimm.vmemmap "$start" "$vend" reserved=0 offline=0
dimm_del d0 60
report "hotplug removed the pc-dimm: MemTotal $(memtotal_kb) kB"
expect_memtotal "dimm.memtotal" "$mem0"
expect_zones "dimm.zones" "$zones0"
memmap_check del
