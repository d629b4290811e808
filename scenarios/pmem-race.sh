# The ZONE_DEVICE windows without kprobes: legacy pmem at 2050 MiB shares
# section 16 with boot RAM (as in pmem.sh); namespace0.0 is bound and
# unbound 100 times while a /proc/kpageflags reader watches its device
# pfns, which must read "no page" all along.  On the base, each hot-add
# makes the device subsections valid (sparse_add_section(), memmap
# poisoned) before move_pfn_range_to_zone() marks the section: in between
# pfn_to_online_page() returns device pfns as online RAM, and the reader
# reports the flags of a poisoned struct page.  No test module, no
# kprobes: kpageflags_count -w and the nd_pmem bind/unbind files.  Then
# the same through the posted kselftest (pmem_shared_section.sh, reading
# with page-types), where the tree has it: pss.*.
#@ qemu: -m 4000 -smp 2
#@ append: memmap=62M!2050M
#@ timeout: 600
#@ base-xfail@6.1: boot.mminit-holes race.watch
#@ splat-ok@6.1: base
#@ base-xfail@7.3: boot.mminit-holes race.watch.absent pss.race
ZONE_SOURCE=zoneinfo
report_boot
"$KSFT_MH/kpageflags_count" -t race.watch -w 120 0x80200 0x84000 "$NOPAGE=all" \
	> /tmp/watch.out 2>&1 &
watcher=$!
if pmem_load && pmem_rebind 100; then
	ktap_ok "pmem.rebind" "first bind and 100 rebinds"
else
	ktap_fail "pmem.rebind" "namespace0.0 did not bind/rebind"
fi
kill -TERM $watcher 2>/dev/null
wait $watcher
ktap_replay race.watch /tmp/watch.out $?
if [ -x "$KSFT_MH/pmem_shared_section.sh" ]; then
	PAGE_TYPES=/usr/local/bin/page-types "$KSFT_MH/pmem_shared_section.sh" -n 20 > /tmp/pss.out 2>&1
	ktap_reemit_as /tmp/pss.out pss.ram pss.device pss.rebind pss.race
fi
