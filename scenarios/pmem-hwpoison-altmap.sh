# HardwareCorrupted across the removal of a pfn device whose memmap is on
# the device (fsdax/devdax "-M dev"), without CONFIG_DEBUG_VM.  The pmem
# is filled with 0xfe bytes first, so that struct pages nothing
# initialises read every page flag but one in eight as set, PG_hwpoison
# among them: the pfns the altmap reserves in front of the memory map (the
# pfn device's info block) have such struct pages.  One RAM page is
# hwpoisoned (HardwareCorrupted +4 kB), then the pfn device is unbound:
# HardwareCorrupted must not move.  The 6.1 carry's first patch, as it
# was until December 2026, took the range's hwpoisoned pages out of the
# count before poisoning the memmap, from the first pfn of the range, and
# counted those garbage struct pages: HardwareCorrupted dropped by the
# reserved pfns and wrapped.  6.1.192 and 7.3 never read them.
#@ configs: release
#@ qemu: -m 4000 -smp 2
#@ append: memmap=30M!2054M
#@ timeout: 300
ZONE_SOURCE=zoneinfo
report_boot
NDBUS=/sys/bus/nd/devices
if pmem_load && tr '\000' '\376' < /dev/zero | dd of=/dev/pmem0 bs=1M count=30 2>/dev/null &&
   echo namespace0.0 > $ND_PMEM/unbind && wait_for 30 sh -c '! test -b /dev/pmem0'; then
	pfn=$(cat $NDBUS/region0/pfn_seed)
	if echo namespace0.0 > "$NDBUS/$pfn/namespace" &&
	   cat /proc/sys/kernel/random/uuid > "$NDBUS/$pfn/uuid" &&
	   echo pmem > "$NDBUS/$pfn/mode" &&
	   echo "$pfn" > $ND_PMEM/bind && wait_for 60 test -b /dev/pmem0; then
		ktap_ok "pmem.altmap" "pmem filled with 0xfe, $pfn bound with its memmap on the device"
	else
		ktap_fail "pmem.altmap" "could not bind namespace0.0 as $pfn with its memmap on the device"
	fi
else
	ktap_fail "pmem.altmap" "could not fill and unbind namespace0.0"
fi
hwc0=$(hwcorrupted_kb)
# A free RAM page above 4 GiB.
echo $((0x120000 * 4096)) > /sys/devices/system/memory/hard_offline_page 2>/dev/null
expect_hwcorrupted "ram.hwcorrupted" $((hwc0 + 4))
if echo "$pfn" > $ND_PMEM/unbind && wait_for 30 sh -c '! test -b /dev/pmem0'; then
	ktap_ok "pmem.altmap-unbind"
else
	ktap_fail "pmem.altmap-unbind" "$pfn did not unbind"
fi
expect_hwcorrupted "unbound.hwcorrupted" $((hwc0 + 4))
