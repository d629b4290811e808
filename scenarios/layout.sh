# The template of the layout-* scenarios: a real machine's memory map
# (layouts/NAME.log, replayed by scripts/layout.py with memmap=exactmap;
# check.py's layout.faithful compares the guest's early memory ranges
# with the log's).  The hole checks at boot, and /proc/pagetypeinfo,
# whose page_owner part reads each pageblock's migratetype from its
# first page before comparing zones: a hole there named another zone
# hits VM_BUG_ON_PAGE(!zone_spans_pfn(page_zone(page), pfn)) where holes
# are visible (without CONFIG_MEMORY_HOTPLUG).
#@ timeout: 400
#@ append: page_owner=on
report_boot
memmap_check boot
pagetypeinfo_read
