# hard_offline_page on the hole after the last memory below 4 GiB, in
# the tail of its section, with deferred struct page init (the distro
# configuration: Debian's amd64 memory options).  memmap_init() gives
# that hole the adjacent zone, reserved.  v7.3-rc7 then initialises it
# a second time, from memmap_init_reserved_pages() through
# init_deferred_page(), which finds no zone of the node spanning the pfn
# and writes zone index MAX_NR_ZONES: page_zone() points past the node's
# zones, and memory_failure() -> get_hwpoison_page() ->
# zone_pcp_disable() oopses writing there.  With the holes posting's
# patch 4 the hole keeps what memmap_init() gave it and memory_failure()
# refuses the reserved page (-EBUSY).
#@ qemu: -m 1000 -smp 2
#@ configs: distro
#@ configs@6.1: none
#@ timeout: 300
#@ base-xfail@7.3/distro: boot.i2.zone hwpoison.tail-hole
#@ splat-ok@7.3/distro: base
report_boot
memmap_check boot
# The first pfn after the last System RAM range below 4 GiB.
pfn=
for r in $(ram_ranges); do
	end=$((${r#*-}))
	[ "$end" -le $((0x100000)) ] && pfn=$end
done
if [ -z "$pfn" ]; then
	ktap_fail hwpoison.tail-hole "no System RAM range below 4 GiB in /proc/iomem"
else
	report "tail hole pfn $(printf %#x "$pfn")"
	if echo $((pfn * 4096)) > /sys/devices/system/memory/hard_offline_page 2>/tmp/hop.err; then
		ktap_fail hwpoison.tail-hole "pfn $(printf %#x "$pfn"): hard_offline_page took a hole"
	else
		ktap_ok hwpoison.tail-hole "pfn $(printf %#x "$pfn") refused: $(cat /tmp/hop.err)"
	fi
fi
