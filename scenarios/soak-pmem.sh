# Soak: the pmem namespace sharing section 16 with RAM unbound and bound
# 10 times while a reader watches the device pfns in /proc/kpageflags;
# free RAM pages next to the device range are hwpoisoned (filtered to free
# pages), soft-offlined and unpoisoned in every round.
#@ qemu: -m 4000 -smp 2
#@ append: memmap=62M!2050M debug_pagealloc=on page_owner=on
#@ timeout: 3600
#@ idle-timeout: 900
#@ variants: patched
report_boot
pmem_load || ktap_fail "soak.pmem.load" "nd_pmem did not bind"
state0=$(state_snapshot)
modprobe hwpoison_inject
HWP=/sys/kernel/debug/hwpoison
echo 1 > $HWP/corrupt-filter-enable
echo $((1 << 10)) > $HWP/corrupt-filter-flags-mask	# KPF_BUDDY
echo $((1 << 10)) > $HWP/corrupt-filter-flags-value
"$KSFT_MH/kpageflags_count" -t soak.pmem.watch -w 100000 0x80200 0x84000 "$NOPAGE=all" \
	> /tmp/watch.out 2>&1 &
watcher=$!
n=0 binds=0 poisoned=0 softoff=0
while [ $n -lt 10 ]; do
	n=$((n + 1))
	pmem_rebind 1 && binds=$((binds + 1))
	for k in 0 1 2 3; do
		pfn=$((0x84000 + n * 64 + k * 8))
		echo $pfn > $HWP/corrupt-pfn 2>/dev/null && poisoned=$((poisoned + 1))
		echo $(( (pfn + 4) * 4096 )) > /sys/devices/system/memory/soft_offline_page 2>/dev/null &&
			softoff=$((softoff + 1))
		# Every other round keeps its poison across the next unbind.
		if [ $((n % 2)) -eq 0 ]; then
			echo $pfn > $HWP/unpoison-pfn 2>/dev/null
			echo $((pfn + 4)) > $HWP/unpoison-pfn 2>/dev/null
		fi
	done
done
kill $watcher; wait $watcher 2>/dev/null; wrc=$?
echo 0 > $HWP/corrupt-filter-enable
if [ $binds -eq $n ]; then
	ktap_ok "soak.pmem.rebinds" "$binds of $n unbind/bind cycles; $poisoned hwpoison and $softoff soft-offline injections accepted"
else
	ktap_fail "soak.pmem.rebinds" "$binds of $n unbind/bind cycles"
fi
# The reader stops at SIGTERM and reports every pass it made.
ktap_replay soak.pmem.watch /tmp/watch.out $wrc
memmap_check soak-pmem -r 0x80000 0x88000
expect_state "soak.pmem.state" "$state0"
