# A driver that keeps pages of the memory it onlines back from the page
# allocator, as Hyper-V and the Xen balloon do for memory the host has not
# backed: the bench's race module (module/memmap_race.c) sets an
# online_page callback that keeps the first 64 pages of a 128 MiB pc-dimm.
# Kept pages are PageOffline(), not PG_reserved,
# with a reference (I3); offlining the block must then fail at once, as
# the driver will not give them up, and not retry for as long as it is
# let.
#@ qemu: -m 4000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memhp_default_state=offline
#@ timeout: 400
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone dimm.kept.reserved dimm.kept.state.offline_reserved end.i1b.zone
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone end.i1b.zone
blocks0=$(ls -d /sys/devices/system/memory/memory* | wc -l)
report_boot
memmap_check boot
qmp_step "dimm.add" '{"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d0","memdev":"dimm0"}}'
dimm_added() { [ "$(ls -d /sys/devices/system/memory/memory* | wc -l)" -gt "$blocks0" ]; }
wait_for 60 dimm_added || ktap_fail "dimm.added" "no new memory block within 60s"
addr=$(device_addr d0 addr)
start=$((addr / 4096))
bsize=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
blk=$((addr / bsize))
keepback $start $((start + 64)) || ktap_fail dimm.keepback "no online_page callback: no race module"
if block_set "$blk" online_movable; then
	ktap_ok "dimm.online" "memory$blk online, 64 pages kept back"
else
	ktap_fail "dimm.online" "memory$blk did not go online"
fi
kpageflags dimm.kept $start $((start + 64)) offline=64 reserved=0 buddy=0
memmap_check dimm.kept -n -r $start $((start + 32768)) -e state.offline=64 \
	-e state.offline_reserved=0 -e state.offline_badref=0
t0=$(nsclock)
if echo offline > /sys/devices/system/memory/memory$blk/state 2>/dev/null; then
	ktap_fail "dimm.offline-refused" "memory$blk went offline with pages a driver holds"
else
	ms=$(( ($(nsclock) - t0) / 1000000 ))
	if [ $ms -lt 10000 ]; then
		ktap_ok "dimm.offline-refused" "refused after $ms ms"
	else
		ktap_fail "dimm.offline-refused" "refused only after $ms ms"
	fi
fi
keepback stop
memmap_check end
