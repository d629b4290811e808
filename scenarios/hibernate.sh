# Hibernation's page walk without writing an image (pm_test=freezer):
# hibernate_preallocate_memory() -> count_data_pages() -> saveable_page()
# looks at every pfn of every zone span and calls kernel_page_present()
# on reserved pages.  A zone spanning pfns with no linear mapping makes
# it dereference a missing page table entry: the 7.2 series grew
# ZONE_NORMAL past max_low_pfn on i386 and oopsed here ("BUG: kernel
# NULL pointer dereference" at kernel_page_present+0x24 <- saveable_page
# <- count_data_pages <- hibernate_preallocate_memory); spans are the
# base's now.  i386 without HighMem with more RAM than lowmem, i386 with
# HighMem and less RAM than lowmem (Normal is the top zone), and x86-64
# without memory hotplug (every hole visible).
#@ arch: i386 x86_64
#@ configs: i386-nohighmem i386-highmem nohotplug
#@ qemu: -m 1024 -smp 2
#@ qemu@i386-highmem: -m 650 -smp 2
#@ qemu@nohotplug: -m 4000 -smp 2
#@ timeout: 300
#@ base-xfail@7.3/nohotplug: boot.mminit-holes boot.i1b.zone
#@ base-xfail@6.1/nohotplug: boot.mminit-holes boot.i1b.zone
report_boot
memmap_check boot
hibernate_test
