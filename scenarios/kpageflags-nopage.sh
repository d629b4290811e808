# /proc/kpageflags for a pfn without a page.  With -m 4000 the pc machine
# puts 3 GiB below 4 GiB and the rest above: pfns 0xc0000-0xfffff are the
# PCI hole, sections without a memmap, below max_pfn.  kpageflags must
# say KPF_NOPAGE there (Documentation/admin-guide/mm/pagemap.rst: "no
# page frame exists at the requested address"), as it did until 6.15;
# since a40b3fa844b4 ("fs/proc/page: refactor to reduce code
# duplication", 6.16) it reads 0, a page with no flag set.  6.1 reports
# KPF_NOPAGE.  No test module: dd of /proc/kpageflags.
#@ qemu: -m 4000 -smp 2
#@ timeout: 200
#@ base-xfail@6.1: boot.mminit-holes
#@ base-xfail@7.3: boot.mminit-holes kpf.pci-hole
ZONE_SOURCE=zoneinfo
report_boot
expect_kpf kpf.pci-hole 0xd0000 nopage=1 count=0
expect_kpf kpf.ram 0x1000 nopage=0
