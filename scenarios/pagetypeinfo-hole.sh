# The smallest layout of the /proc/pagetypeinfo oops: -m 4000 with the
# last 2 MiB below 3 GiB reserved (memmap=2M$0xbfe00000), so that DMA32's
# last pageblock (pfn 0xbfe00) starts in a hole.  On the base that hole
# is tagged Normal inside DMA32's span; with page_owner=on,
# pagetypeinfo_showmixedcount_print() reads the block's migratetype
# from that page before comparing zones: VM_BUG_ON_PAGE(!zone_spans_pfn(
# page_zone(page), pfn)) without CONFIG_MEMORY_HOTPLUG (nohotplug), where
# pfn_to_online_page() returns hole pages.  With it, the subsection map
# hides the hole and the base passes.
#@ qemu: -m 4000 -smp 2
#@ append: memmap=2M$0xbfe00000 page_owner=on
#@ timeout: 300
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone
#@ splat-ok@7.3/nohotplug: base
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone
#@ base-xfail@7.3/nohotplug: boot.mminit-holes boot.i1b.zone pagetypeinfo
report_boot
memmap_check boot
pagetypeinfo_read
