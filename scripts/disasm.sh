#!/usr/bin/env bash
# 'make disasm': pfn_to_online_page() as arm64 and ppc64le compile it, on
# the base and with the series, and the barrier instructions in it.
# -icount measures instructions, not what a barrier costs on a weakly
# ordered CPU: this shows what the common path executes instead.
#
#   disasm.sh [FUNCTION]      (default pfn_to_online_page)
#
# Per architecture: the defconfig plus memory hotplug, SPARSEMEM_VMEMMAP
# and ZONE_DEVICE, mm/memory_hotplug.o built in build/disasm-<arch>-<tree>
# with Debian's cross compiler, and objdump of the function.  Output: the
# instruction count and every barrier (arm64 dmb/dsb/isb and
# acquire/release loads and stores; powerpc sync/lwsync/isync/eieio), per
# architecture and tree; the listings are in build/logs/disasm-*.
. "$(dirname "$0")/lib.sh"

func=${1:-pfn_to_online_page}
EXTRA_PACKAGES="gcc-aarch64-linux-gnu gcc-powerpc64le-linux-gnu binutils-aarch64-linux-gnu binutils-powerpc64le-linux-gnu" \
	bash "$TOP/scripts/deps.sh" default || die "cannot install the cross compilers"
need_cmd aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
need_cmd powerpc64le-linux-gnu-gcc gcc-powerpc64le-linux-gnu
mkdir -p "$LOGS"

# arch, kbuild ARCH, cross prefix, defconfig, barrier regex
targets=(
	"arm64 arm64 aarch64-linux-gnu- defconfig \\b(dmb|dsb|isb|ldar[bh]?|stlr[bh]?|ldapr[bh]?)\\b"
	"ppc64le powerpc powerpc64le-linux-gnu- ppc64le_defconfig \\b(sync|lwsync|isync|eieio|hwsync)\\b"
)
printf '%-8s %-8s %8s  %s\n' arch tree insns barriers
for t in "${targets[@]}"; do
	read -r name karch cross defconfig barrier <<< "$t"
	for variant in base patched; do
		src=$(variant_src "$variant")
		out=$src/.out-disasm-$name
		make -s -C "$src" O="$out" ARCH="$karch" CROSS_COMPILE="$cross" \
			"CC=ccache ${cross}gcc" "$defconfig" >/dev/null ||
			die "$defconfig failed for $name"
		"$src/scripts/config" --file "$out/.config" -e MEMORY_HOTPLUG -e MEMORY_HOTREMOVE \
			-e SPARSEMEM_VMEMMAP -e ZONE_DEVICE -d DEBUG_VM -d KASAN
		make -s -C "$src" O="$out" ARCH="$karch" CROSS_COMPILE="$cross" \
			"CC=ccache ${cross}gcc" olddefconfig >/dev/null
		grep -q '^CONFIG_ZONE_DEVICE=y' "$out/.config" ||
			die "$name: CONFIG_ZONE_DEVICE did not survive olddefconfig"
		make -s -C "$src" O="$out" ARCH="$karch" CROSS_COMPILE="$cross" \
			"CC=ccache ${cross}gcc" -j"$JOBS" mm/memory_hotplug.o >/dev/null 2>&1 ||
			die "$name: mm/memory_hotplug.o does not build ($variant)"
		listing=$LOGS/disasm-$BASE_NAME-$name-$variant.txt
		"${cross}objdump" -d --no-show-raw-insn "$out/mm/memory_hotplug.o" |
			awk -v f="<$func>:" '$2 == f {on = 1; print; next} on && /^$/ {on = 0} on' > "$listing"
		[ -s "$listing" ] || die "$name: no $func in mm/memory_hotplug.o ($variant)"
		n=$(grep -cE '^ +[0-9a-f]+:' "$listing")
		# No barrier is no match: not an error.
		b=$(grep -E '^ +[0-9a-f]+:' "$listing" | { grep -oE "$barrier" || true; } | sort | uniq -c |
			awk '{printf "%s%s x%s", sep, $2, $1; sep = ", "}')
		printf '%-8s %-8s %8s  %s\n' "$name" "$variant" "$n" "${b:-none}"
	done
done
