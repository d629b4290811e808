# The cost of pfn_to_online_page() in a section shared with ZONE_DEVICE:
# /proc/kpageflags over the 16384 RAM pfns 0x84000-0x87fff of section 16
# (pmem at memmap=62M!2050M) against as many RAM pfns 0x7c000-0x7ffff of
# the clean section 15, alternating, in guest instructions (-icount
# shift=0: guest nanoseconds are instructions, so the figure repeats
# exactly).  The shared section must cost at most 2% more (I6).
#@ qemu: -m 4000 -smp 1 -icount shift=0,sleep=off
#@ append: memmap=62M!2050M
#@ timeout: 600
#@ base-xfail@6.1: kpf.shared-vs-clean
#@ base-xfail@7.3: kpf.shared-vs-clean
KPF_READS=${KPF_READS:-20} KPF_PAIRS=${KPF_PAIRS:-3}
if pmem_load; then
	ktap_ok "pmem.bind"
else
	ktap_fail "pmem.bind" "no /dev/pmem0"
fi
out=$(kpfbench 0x84000 0x7c000 0x4000 "$KPF_READS" "$KPF_PAIRS" 1.02)
rc=$?
echo "$out" | sed 's/^/    /'
last=$(echo "$out" | tail -n 1)
diag "$last"
report "kpageflags shared/clean: ${last#kpfbench: }"
if [ $rc -eq 0 ]; then
	ktap_ok "kpf.shared-vs-clean" "${last#kpfbench: } (bar 1.02)"
else
	ktap_fail "kpf.shared-vs-clean" "${last#kpfbench: } (bar 1.02)"
fi
