# Legacy pmem (e820 type 12) at 2050 MiB, 62 MiB long: ZONE_DEVICE shares
# section 16 (pfns 0x80000-0x87fff) with boot RAM: 512 RAM pfns, 15872
# device pfns (0x80200-0x83fff), 16384 RAM pfns.  The raw namespace puts
# its memmap in RAM.  nd_pmem is a module, so the first bind happens here,
# with each ZONE_DEVICE hot-add stalled twice for 300 ms by the kprobes of
# the bench's race module (module/memmap_race.c) while a kernel thread and a /proc/kpageflags reader watch the
# device pfns (I6, I7); then hwpoison and soft-offline on device and RAM
# pfns.  On 6.1's base the reader oopses on an uninitialised struct page
# and is killed: sec16.watch fails there without results.
#@ qemu: -m 4000 -smp 2
#@ append: memmap=62M!2050M
#@ timeout: 400
#@ splat-ok@6.1: base
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone sec16.watch sec16.race.device_online sec16.race.pagemap_uninit bound.i1b.zone sec16.watch.nopage
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone sec16.watch.absent sec16.race.device_online sec16.race.pagemap_uninit bound.i1b.zone
report_boot
memmap_check boot
pmem_watched_bind 0x80200 0x84000 2 10
report "pmem: $(grep -i persistent /proc/iomem | head -n1 | sed 's/^ *//') bound"
memmap_check bound
sec16_check 0x80200 0x84000 15872

# Device pfns: memory-failure and soft-offline fail cleanly or handle them.
dev_pfn=0x80300 ram_pfn=0x84010
if echo $((dev_pfn * 4096)) > /sys/devices/system/memory/soft_offline_page 2>/dev/null; then
	ktap_fail "pmem.soft-offline-device" "soft_offline_page accepted device pfn $dev_pfn"
else
	ktap_ok "pmem.soft-offline-device" "refused device pfn $dev_pfn"
fi
if echo $((ram_pfn * 4096)) > /sys/devices/system/memory/soft_offline_page; then
	ktap_ok "pmem.soft-offline-ram" "RAM pfn $ram_pfn next to the device soft-offlined"
else
	ktap_fail "pmem.soft-offline-ram" "RAM pfn $ram_pfn refused"
fi
modprobe hwpoison_inject
HWP=/sys/kernel/debug/hwpoison
# Poisoning a device pfn may fail or succeed; what must hold is that it
# does not splat (log-clean) and leaves I6 (after-mf below).
if [ -w $HWP/corrupt-pfn ]; then
	echo 1 > $HWP/corrupt-filter-enable
	echo $dev_pfn > $HWP/corrupt-pfn 2>/dev/null; rc1=$?
	echo 0 > $HWP/corrupt-filter-enable
	echo $dev_pfn > $HWP/corrupt-pfn 2>/dev/null; rc2=$?
	report "hwpoison injector on device pfn $dev_pfn returned $rc1 (filtered), $rc2 (unfiltered)"
else
	ktap_skip "pmem.hwpoison-device" "no hwpoison injector"
fi
memmap_check after-mf -n -r 0x80000 0x88000 -e i6.device=0 -e i6.ram=0
