# Unpoisoning a self-hosted vmemmap page.  A 128 MiB pc-dimm is added with
# memmap_on_memory: its first 512 pfns hold the block's own struct pages,
# in use for as long as the block is there, neither reserved nor
# PageOffline() once hot-added memory is initialised PageOffline() (the
# 6.1 series, mainline since 6.11).  Memory failure marks the first of
# them hwpoisoned; unpoison_memory() must refuse it, as it refuses
# reserved and PageOffline() pages, instead of dropping a reference it
# never took and freeing the page to the page allocator while it still
# holds struct pages.  6.1's base keeps these pages reserved and refuses;
# 7.3's base accepts, clears PG_hwpoison and drops the block's reference
# with its second folio_put(): the page is freed, which clears its
# PG_owner_priv_1 (PG_vmemmap_self_hosted, KPF_OWNER_PRIVATE); it goes to
# the per-cpu free lists, which kpageflags does not show as buddy.
# No test module: QMP device_add, hard_offline_page, hwpoison_inject and
# dd of /proc/kpageflags and /proc/kpagecount.
#@ qemu: -m 2000,slots=4,maxmem=8G -smp 2
#@ qemu: -object memory-backend-ram,id=dimm0,size=128M
#@ append: memory_hotplug.memmap_on_memory=1 memhp_default_state=online_movable
#@ timeout: 400
#@ base-xfail@7.3: dimm.unpoison-refused dimm.vmemmap-after
ZONE_SOURCE=zoneinfo
report_boot
dimm_add d0 dimm0
addr=$(device_addr d0 addr)
pfn=$((addr / 4096))
expect_kpf dimm.vmemmap-before "$pfn" hwpoison=0 buddy=0 owner_private=1
echo "$addr" > /sys/devices/system/memory/hard_offline_page 2>/dev/null
expect_kpf dimm.vmemmap-poisoned "$pfn" hwpoison=1 buddy=0 owner_private=1
expect_unpoison_refused dimm.unpoison-refused "$pfn" "a self-hosted vmemmap page"
expect_kpf dimm.vmemmap-after "$pfn" hwpoison=1 buddy=0 owner_private=1
