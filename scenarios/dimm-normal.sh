# A 128 MiB pc-dimm onlined to ZONE_NORMAL right after the 96 MiB tail
# hole of the last boot section, then removed.  Adding it grows Normal
# over the hole, removing it shrinks Normal again: at every step each
# hole page must stay inside its zone's and node's span (I1), and zones
# and MemTotal must come back (I5).
#@ qemu: -m 4000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memhp_default_state=online_kernel
#@ timeout: 400
#@ base-xfail: boot.i1.zone boot.i1.node add.i1.zone add.i1.node del.i1.zone del.i1.node
#@ base-expect: boot.i1.zone=24609 add.i1.zone=33 del.i1.zone=24609
report_boot
memmap_check boot
blocks0=$(ls -d /sys/devices/system/memory/memory* | wc -l)
mem0=$(memtotal_kb)
zones0=$(zone_table)
qmp_step "dimm.add" '{"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d0","memdev":"dimm0"}}'
dimm_online() { [ "$(memtotal_kb)" -gt "$mem0" ]; }
if wait_for 60 dimm_online; then
	ktap_ok "dimm.online" "MemTotal +$(( $(memtotal_kb) - mem0 )) kB, blocks $(block_states)"
else
	ktap_fail "dimm.online" "MemTotal did not grow within 60s; blocks $(block_states)"
fi
zone_table | while read -r l; do report "zone-after-add $l"; done
memmap_check add
qmp_step "dimm.del" '{"execute":"device_del","arguments":{"id":"d0"}}'
dimm_gone() { [ "$(ls -d /sys/devices/system/memory/memory* | wc -l)" -eq "$blocks0" ]; }
if wait_for 90 dimm_gone; then
	ktap_ok "dimm.removed" "MemTotal $(memtotal_kb) kB"
else
	ktap_fail "dimm.removed" "block still present after 90s: $(block_states)"
fi
expect_memtotal "dimm.memtotal" "$mem0"
expect_zones "dimm.zones" "$zones0"
memmap_check del
