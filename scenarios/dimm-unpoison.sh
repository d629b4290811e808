# Unpoisoning a self-hosted vmemmap page.  A 128 MiB pc-dimm is added with
# memmap_on_memory: its first 512 pfns hold the block's own struct pages,
# in use for as long as the block is there, neither reserved nor
# PageOffline() once the series (or mainline since 6.11) initialises
# hot-added memory PageOffline().  Memory failure marks the first of them
# hwpoisoned; unpoison_memory() must refuse it, as it refuses reserved
# and PageOffline() pages, instead of dropping a reference it never took
# and freeing the page to the page allocator while it still holds
# struct pages.  6.1's base keeps these pages reserved and refuses; 7.2's
# base accepts, clears PG_hwpoison and drops the block's reference with
# its second folio_put() (the page goes to the per-cpu free lists, which
# kpageflags does not show as buddy).
#@ qemu: -m 2000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memory_hotplug.memmap_on_memory=1 memhp_default_state=online_movable
#@ timeout: 400
#@ base-xfail: boot.i1.zone boot.i1.node
#@ base-xfail@7.2: boot.i1.zone boot.i1.node dimm.unpoison-refused dimm.vmemmap-after.hwpoison
report_boot
memmap_check boot
mem0=$(memtotal_kb)
qmp_step "dimm.add" '{"execute":"device_add","arguments":{"driver":"pc-dimm","id":"d0","memdev":"dimm0"}}'
dimm_online() { [ "$(memtotal_kb)" -gt "$mem0" ]; }
wait_for 60 dimm_online || ktap_fail "dimm.online" "MemTotal did not grow within 60s; blocks $(block_states)"
addr=$(device_addr d0 addr)
pfn=$((addr / 4096))
kpageflags dimm.vmemmap-before "$pfn" $((pfn + 1)) buddy=0 hwpoison=0
echo "$addr" > /sys/devices/system/memory/hard_offline_page 2>/dev/null
kpageflags dimm.vmemmap-poisoned "$pfn" $((pfn + 1)) hwpoison=1 buddy=0
modprobe hwpoison_inject
if echo "$pfn" > /sys/kernel/debug/hwpoison/unpoison-pfn 2>/dev/null; then
	ktap_fail "dimm.unpoison-refused" "unpoison_memory() accepted pfn $(printf 0x%x "$pfn"), a self-hosted vmemmap page"
else
	ktap_ok "dimm.unpoison-refused" "unpoison_memory() refused pfn $(printf 0x%x "$pfn")"
fi
kpageflags dimm.vmemmap-after "$pfn" $((pfn + 1)) hwpoison=1 buddy=0
