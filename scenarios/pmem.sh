# Legacy pmem (e820 type 12) at 2050 MiB, 62 MiB long: ZONE_DEVICE shares
# section 16 (pfns 0x80000-0x87fff) with boot RAM; the raw namespace puts
# its memmap in RAM.  Section 16 has 512 + 16384 RAM pfns around 15872
# device pfns.
#@ qemu: -m 4000 -smp 2
#@ append: memmap=62M!2050M
#@ timeout: 300
#@ base-xfail: boot.i1.zone boot.i1.node
#@ base-expect: boot.i1.zone=24609 boot.i1.node=24577
report_boot
if [ -b /dev/pmem0 ]; then
	ktap_ok "pmem.present" "$(grep -i persistent /proc/iomem | head -n1 | sed 's/^ *//')"
else
	ktap_fail "pmem.present" "no /dev/pmem0"
fi
memmap_check boot
memmap_check sec16 -r 0x80000 0x88000 -e pfns.device=15872
# User space sees the device pfns as "no page", the RAM pfns as pages.
kpageflags sec16.ram-low 0x80000 0x80200 nopage=0
kpageflags sec16.device 0x80200 0x84000 nopage=all
kpageflags sec16.ram-high 0x84000 0x88000 nopage=0
