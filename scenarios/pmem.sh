# Legacy pmem (e820 type 12) at 2050 MiB, 62 MiB long: ZONE_DEVICE shares
# section 16 with boot RAM (the raw namespace puts its memmap in RAM).
#@ qemu: -m 4000 -smp 2
#@ append: memmap=62M!2050M
#@ timeout: 300
report_boot
pmem_present() { [ -b /dev/pmem0 ] && grep -q 'System RAM\|Persistent' /proc/iomem; }
if pmem_present; then
	ktap_ok "pmem.present" "$(grep -i persistent /proc/iomem | head -n1 | sed 's/^ *//')"
else
	ktap_fail "pmem.present" "no /dev/pmem0"
fi
