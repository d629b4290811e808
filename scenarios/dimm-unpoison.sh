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
dimm_add d0 dimm0
addr=$(device_addr d0 addr)
pfn=$((addr / 4096))
kpageflags dimm.vmemmap-before "$pfn" $((pfn + 1)) buddy=0 hwpoison=0
echo "$addr" > /sys/devices/system/memory/hard_offline_page 2>/dev/null
kpageflags dimm.vmemmap-poisoned "$pfn" $((pfn + 1)) hwpoison=1 buddy=0
expect_unpoison_refused dimm.unpoison-refused "$pfn" "a self-hosted vmemmap page"
kpageflags dimm.vmemmap-after "$pfn" $((pfn + 1)) hwpoison=1 buddy=0
