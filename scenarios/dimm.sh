# A 128 MiB pc-dimm hot-added over QMP with memmap_on_memory: the block
# hosts its own vmemmap in its first 512 pfns (I4).  The DIMM lands right
# after the tail hole of the last boot section, so adding it grows Normal
# over that hole and removing it shrinks Normal back (I1 at every step).
#@ qemu: -m 4000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memory_hotplug.memmap_on_memory=1 memhp_default_state=online_movable
#@ timeout: 400
#@ base-xfail: boot.i1.zone boot.i1.node add.i1.zone add.i1.node del.i1.zone del.i1.node
#@ base-xfail: dimm.going-online.reserved dimm.going-online.offline
#@ base-xfail: dimm.state.vmemmap_reserved dimm.state.reserved dimm.vmemmap.reserved
#@ base-expect: dimm.vmemmap.reserved=512 dimm.going-online.reserved=32256
#@ base-xfail@7.2: boot.i1.zone boot.i1.node add.i1.zone add.i1.node del.i1.zone del.i1.node
report_boot
memmap_check boot
blocks0=$(ls -d /sys/devices/system/memory/memory* | wc -l)
mem0=$(memtotal_kb)
zones0=$(zone_table)
"$KSFT_MH/memmap_check.sh" -c
qmp_step "dimm.add" '{"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d0","memdev":"dimm0"}}'
dimm_online() { [ "$(memtotal_kb)" -gt "$mem0" ]; }
if wait_for 60 dimm_online; then
	ktap_ok "dimm.online" "MemTotal +$(( $(memtotal_kb) - mem0 )) kB, blocks $(block_states)"
else
	ktap_fail "dimm.online" "MemTotal did not grow within 60s; blocks $(block_states)"
fi
addr=$(device_addr d0 addr)
start=$(pfn_hex "$addr")
end=$(pfn_hex $((addr + 128 * 1048576)))
vend=$(printf '0x%x' $((start + 512)))
report "hotplug added a 128 MiB pc-dimm at pfn $start: MemTotal $mem0 -> $(memtotal_kb) kB"
zone_table | while read -r l; do report "zone-after-add $l"; done
memmap_check add
# Pages of the range at MEM_GOING_ONLINE: PageOffline(), not reserved (I3).
run_ktap "$KSFT_MH/memmap_check.sh" -t dimm -o
# Self-hosted vmemmap: 512 pages, neither reserved nor offline (I4).
memmap_check dimm -n -r "$start" "$end" -e state.vmemmap=512 \
	-e state.vmemmap_reserved=0 -e state.vmemmap_offline=0 -e state.reserved=0
kpageflags dimm.vmemmap "$start" "$vend" reserved=0 offline=0
qmp_step "dimm.del" '{"execute":"device_del","arguments":{"id":"d0"}}'
dimm_gone() { [ "$(ls -d /sys/devices/system/memory/memory* | wc -l)" -eq "$blocks0" ]; }
if wait_for 60 dimm_gone; then
	ktap_ok "dimm.removed" "MemTotal $(memtotal_kb) kB"
else
	ktap_fail "dimm.removed" "block still present after 60s: $(block_states)"
fi
report "hotplug removed the pc-dimm: MemTotal $(memtotal_kb) kB"
expect_memtotal "dimm.memtotal" "$mem0"
expect_zones "dimm.zones" "$zones0"
memmap_check del
