# A second ZONE_DEVICE layout: legacy pmem at 2054 MiB, 30 MiB long, so the
# device starts 6 MiB into section 16 and ends 36 MiB into it, with RAM
# on both sides (pfns 0x80000-0x805ff and 0x82400-0x87fff).
# Then the namespace is set up through sysfs as a pfn device with its
# memmap on the device (what "ndctl create-namespace -m fsdax -M dev"
# does): memremap_pages() gets an altmap, and memmap_init_range()
# initialises the altmap pages holding the range's struct pages at
# hot-add, reserved like every ZONE_DEVICE page, never PageOffline().  In
# front of them the driver reserves the pfn device's info block (pfns
# 0x80600-0x80601): the bases never initialise those struct pages, which
# stay poisoned in an online section (altmap.i2.uninit).  Unbound at the
# end, the device pfns of the online section must be hole pages again
# (the bases poison them: unbound.i2.uninit).
#@ qemu: -m 4000 -smp 2
#@ append: memmap=30M!2054M
#@ timeout: 300
#@ base-expect@6.1: altmap.i2.uninit=2
#@ splat-ok@6.1: base
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone sec16.watch sec16.watch.nopage sec16.race.device_online sec16.race.pagemap_uninit bound.i1b.zone altmap.i1b.zone altmap.i2.uninit unbound.i1b.zone unbound.i2.uninit
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone sec16.watch.absent sec16.race.device_online sec16.race.pagemap_uninit bound.i1b.zone altmap.i1b.zone altmap.i2.uninit unbound.i1b.zone unbound.i2.uninit
report_boot
memmap_check boot
pmem_watched_bind 0x80600 0x82400 1 8
memmap_check bound
sec16_check 0x80600 0x82400 7680

# The same namespace as a pfn device with its memmap on the device.
NDBUS=/sys/bus/nd/devices
if echo namespace0.0 > $ND_PMEM/unbind && wait_for 30 sh -c '! test -b /dev/pmem0'; then
	pfn=$(cat $NDBUS/region0/pfn_seed)
	if echo namespace0.0 > "$NDBUS/$pfn/namespace" &&
	   cat /proc/sys/kernel/random/uuid > "$NDBUS/$pfn/uuid" &&
	   echo pmem > "$NDBUS/$pfn/mode" &&
	   echo "$pfn" > $ND_PMEM/bind && wait_for 60 test -b /dev/pmem0; then
		ktap_ok "pmem.altmap" "$pfn bound with its memmap on the device, data at $(cat "$NDBUS/$pfn/resource")"
	else
		ktap_fail "pmem.altmap" "could not bind namespace0.0 as $pfn with its memmap on the device"
	fi
else
	ktap_fail "pmem.altmap" "namespace0.0 did not unbind"
fi
memmap_check altmap
memmap_check altmap -n -r 0x80600 0x82400 -e pfns.device_offline=0
# Unbound, its pfns in the online section 16 are hole pages again.
if echo "$pfn" > $ND_PMEM/unbind && wait_for 30 sh -c '! test -b /dev/pmem0'; then
	ktap_ok "pmem.altmap-unbind"
else
	ktap_fail "pmem.altmap-unbind" "$pfn did not unbind"
fi
memmap_check unbound
