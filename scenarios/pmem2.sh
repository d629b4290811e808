# A second ZONE_DEVICE layout: legacy pmem at 2054 MiB, 30 MiB long, so the
# device starts 6 MiB into section 16 and ends 36 MiB into it, with RAM
# on both sides (pfns 0x80000-0x805ff and 0x82400-0x87fff).
#@ qemu: -m 4000 -smp 2
#@ append: memmap=30M!2054M
#@ timeout: 300
#@ base-xfail: boot.i1.zone boot.i1.node bound.i1.zone bound.i1.node
#@ base-xfail: sec16.race.device_online sec16.race.pagemap_uninit sec16.watch.nopage
#@ splat-ok: base
#@ base-xfail@7.2: boot.i1.zone boot.i1.node bound.i1.zone bound.i1.node sec16.race.device_online sec16.race.pagemap_uninit sec16.watch.absent
report_boot
memmap_check boot
memmap_delay_set=no
memremap_stall 300 && memmap_delay_set="2 x 300ms"
"$KSFT_MH/memmap_check.sh" -s 0x80600 0x82400
"$KSFT_MH/kpageflags_count" -t sec16.watch -w 8 0x80600 0x82400 "$NOPAGE=all" \
	> /tmp/watch.out 2>&1 &
watcher=$!
if pmem_load && pmem_rebind 1; then
	ktap_ok "pmem.bind" "first bind and a rebind, hot-add stall $memmap_delay_set"
else
	ktap_fail "pmem.bind" "namespace0.0 did not bind/rebind"
fi
wait $watcher
run_ktap cat /tmp/watch.out
run_ktap "$KSFT_MH/memmap_check.sh" -t sec16 -x
memremap_stall 0

memmap_check bound
memmap_check sec16 -n -r 0x80000 0x88000 -e pfns.device=7680 -e i6.device=0 -e i6.ram=0
kpageflags sec16.ram-low 0x80000 0x80600 nopage=0
kpageflags sec16.device 0x80600 0x82400 "$NOPAGE=all"
kpageflags sec16.ram-high 0x82400 0x88000 nopage=0
