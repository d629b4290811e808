# Legacy pmem in the tail hole of the last boot section.  -m 4000 ends RAM
# at pfn 0x13a000 inside section 0x27; memmap=96M!0x13a000000 makes the
# rest of that section, [0x13a000, 0x140000), ZONE_DEVICE memory.  At boot
# those pfns are holes, which pfn_valid() accepts (early section); bound,
# they are ZONE_DEVICE pages; unbound, they must be hole pages again, with
# a zone and node that span them (I1, I2), not poisoned or stale
# ZONE_DEVICE pages, and every zone as at boot, contiguity included.
#@ qemu: -m 4000 -smp 2
#@ append: memmap=96M!0x13a000000
#@ timeout: 400
#@ base-expect@6.1: unbound.i2.uninit=24576
#@ base-xfail@6.1: boot.mminit-holes boot.i1b.zone bound.i1b.zone unbound.i1b.zone unbound.i2.uninit unbound.tail.pfns.poisoned again.i1b.zone again.i2.uninit
#@ base-xfail@7.3: boot.mminit-holes boot.i1b.zone bound.i1b.zone unbound.i1b.zone unbound.i2.uninit unbound.tail.pfns.poisoned again.i1b.zone again.i2.uninit
report_boot
memmap_check boot
zones0=$(zone_table)
pmem_bind_checked
report_zones zone-bound
memmap_check bound
memmap_check tail -n -r 0x138000 0x140000 -e pfns.device=24576 -e i6.device=0 -e i6.ram=0
pmem_unbind_checked
memmap_check unbound
memmap_check unbound.tail -n -r 0x138000 0x140000 -e pfns.device=0 -e pfns.poisoned=0
expect_zones "unbound.zones" "$zones0"
# ZONE_NORMAL spans the tail: not contiguous while it held ZONE_DEVICE
# pages, contiguous again as at boot once they are holes again.
normal() { zone_table | grep ' zone=Normal ' | sed 's/.*contiguous=//'; }
c0=$(echo "$zones0" | grep ' zone=Normal ' | sed 's/.*contiguous=//')
if [ "$(normal)" = "$c0" ]; then
	ktap_ok "unbound.normal-contiguous" "contiguous=$c0 as at boot"
else
	ktap_fail "unbound.normal-contiguous" "contiguous=$(normal), at boot $c0"
fi
# Hot-add again over the hole pages, and remove again.
if echo namespace0.0 > $ND_PMEM/bind && wait_for 60 test -b /dev/pmem0 && pmem_unbind; then
	ktap_ok "pmem.rebind" "bound and unbound again"
else
	ktap_fail "pmem.rebind" "namespace0.0 did not bind and unbind again"
fi
memmap_check again
expect_zones "again.zones" "$zones0"
