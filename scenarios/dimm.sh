# A 128 MiB pc-dimm hot-added over QMP with memmap_on_memory: the block
# hosts its own vmemmap.  Then removed again with device_del.
#@ qemu: -m 4000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memory_hotplug.memmap_on_memory=1 memhp_default_state=online_movable
#@ timeout: 400
report_boot
blocks0=$(ls -d /sys/devices/system/memory/memory* | wc -l)
mem0=$(memtotal_kb)
qmp_step "dimm.add" '{"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d0","memdev":"dimm0"}}'
dimm_online() { [ "$(memtotal_kb)" -gt "$mem0" ]; }
if wait_for 60 dimm_online; then
	ktap_ok "dimm.online" "MemTotal +$(( $(memtotal_kb) - mem0 )) kB, blocks $(block_states)"
else
	ktap_fail "dimm.online" "MemTotal did not grow within 60s; blocks $(block_states)"
fi
report "hotplug added a 128 MiB pc-dimm: MemTotal $mem0 -> $(memtotal_kb) kB"
zone_table | while read -r l; do report "zone-after-add $l"; done
qmp_step "dimm.del" '{"execute":"device_del","arguments":{"id":"d0"}}'
dimm_gone() { [ "$(ls -d /sys/devices/system/memory/memory* | wc -l)" -eq "$blocks0" ]; }
if wait_for 60 dimm_gone; then
	ktap_ok "dimm.removed" "MemTotal $(memtotal_kb) kB"
else
	ktap_fail "dimm.removed" "block still present after 60s: $(block_states)"
fi
report "hotplug removed the pc-dimm: MemTotal $(memtotal_kb) kB"
