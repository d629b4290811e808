# The template of the layout-* scenarios: a real machine's memory map
# (layouts/NAME.log, replayed by scripts/layout.py with memmap=exactmap;
# check.py's layout.faithful compares the guest's early memory ranges
# with the log's).  The hole checks at boot, and /proc/pagetypeinfo,
# whose page_owner part reads each pageblock's migratetype from its
# first page before comparing zones: a hole there named another zone
# hits VM_BUG_ON_PAGE(!zone_spans_pfn(page_zone(page), pfn)) where holes
# are visible (without CONFIG_MEMORY_HOTPLUG).  Where the kernel has
# hibernation (the nohotplug configuration), its page walk too
# (pm_test=freezer): saveable_page() meets every hole of every zone's
# span, and with the series the holes below 4 GiB are DMA32's.
#@ timeout: 400
#@ append: page_owner=on
report_boot
memmap_check boot
if [ -w /sys/power/pm_test ]; then
	hibernate_test
fi
pagetypeinfo_read
