#!/usr/bin/env bash
# Stage "build": configure and build one kernel variant.
#
#   build.sh patched|base|debug|base-debug|bench|base-bench
#                                    bzImage + modules
#   build.sh extra                   compile-only objects (hv, xen)
#
# The config is tinyconfig + kernel/configs/kvm_guest.config +
# config/guest.config (+ config/debug.config for the debug variants,
# config/bench.config for the bench ones), merged with
# scripts/kconfig/merge_config.sh.  Every option our fragments set (the
# last fragment to name a symbol decides) must survive olddefconfig, or
# the build stops naming it.
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: build.sh patched|base|debug|base-debug|bench|base-bench|extra}
SRC=$(variant_src "$variant")
OUT=$(variant_out "$variant")
[ -f "$SRC/Makefile" ] || die "no kernel tree at $SRC: run 'make tree' first"
need_cmd gcc build-essential
need_cmd ccache
need_cmd flex
need_cmd bison
need_cmd bc

case $variant in
patched|base) FRAGS=("$TOP/config/guest.config") ;;
debug|base-debug) FRAGS=("$TOP/config/guest.config" "$TOP/config/debug.config") ;;
bench|base-bench) FRAGS=("$TOP/config/guest.config" "$TOP/config/bench.config") ;;
extra) FRAGS=("$TOP/config/extra.config") ;;
esac
for f in "${FRAGS[@]}"; do
	[ -r "$f" ] || die "missing config fragment $f"
done

export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-6G}
export CCACHE_BASEDIR=$BUILD
# Fixed build identity: the image does not change with the clock, and
# ccache keeps hitting on init/version.c and friends.
export KBUILD_BUILD_TIMESTAMP="1970-01-01 00:00:00 UTC"
export KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=memmap-series
MAKE=(make -s -C "$SRC" O="$OUT" ARCH=x86_64 "CC=ccache gcc" "HOSTCC=ccache gcc" -j"$JOBS")
mkdir -p "$OUT" "$LOGS"

# --- configuration ------------------------------------------------------
confkey=$( { cat "${FRAGS[@]}" "$SRC/kernel/configs/kvm_guest.config";
	     echo "$variant";
	     cd "$SRC" && find . -path ./.out\* -prune -o -name 'Kconfig*' -type f -print0 |
		     sort -z | xargs -0 cat; } | md5sum | cut -d' ' -f1)
if [ ! -f "$OUT/.config" ] || [ "$(cat "$OUT/.bench-config" 2>/dev/null)" != "$confkey" ]; then
	info "configuring $variant ($(basename -a "${FRAGS[@]}" | tr '\n' ' '))"
	cp "$OUT/.config" "$OUT/.config.prev" 2>/dev/null || true
	if [ "$variant" = extra ]; then
		"${MAKE[@]}" x86_64_defconfig >/dev/null
		base_frags=()
	else
		"${MAKE[@]}" tinyconfig >/dev/null
		base_frags=("$SRC/kernel/configs/kvm_guest.config")
	fi
	(cd "$OUT" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" \
		"$OUT/.config" "${base_frags[@]}" "${FRAGS[@]}" >"$OUT/merge_config.log" 2>&1) ||
		die "merge_config.sh failed (see $OUT/merge_config.log)"
	"${MAKE[@]}" olddefconfig >/dev/null
	# Keep the old file (and its mtime) when nothing changed.
	if cmp -s "$OUT/.config" "$OUT/.config.prev"; then
		mv "$OUT/.config.prev" "$OUT/.config"
	fi
	# What the fragments ask for, the last fragment naming a symbol
	# winning: "y", "m", a value, or "n" for "is not set".
	declare -A want=()
	declare -a order=()
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*} val=${line#*=} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; val=n ;;
		*) continue ;;
		esac
		[ -n "${want[$sym]+x}" ] || order+=("$sym")
		want[$sym]=$val
	done < <(cat "${FRAGS[@]}")
	bad=()
	for sym in "${order[@]}"; do
		got=$(grep -E "^$sym=" "$OUT/.config" || true)
		if [ "${want[$sym]}" = n ]; then
			[ -z "$got" ] || bad+=("asked $sym off, got $got")
		elif [ "$got" != "$sym=${want[$sym]}" ]; then
			bad+=("asked $sym=${want[$sym]}, got ${got:-$sym not set}")
		fi
	done
	if [ ${#bad[@]} -gt 0 ]; then
		printf '    %s\n' "${bad[@]}" >&2
		rm -f "$OUT/.bench-config"
		die "${#bad[@]} option(s) of ${FRAGS[*]##*/} did not survive olddefconfig (missing dependency?)"
	fi
	echo "$confkey" > "$OUT/.bench-config"
fi

# --- build --------------------------------------------------------------
log=$LOGS/build-$variant.log
start=$(date +%s)
if [ "$variant" = extra ]; then
	objs=(${EXTRA_OBJS:-drivers/hv/hv_balloon.o drivers/xen/balloon.o drivers/virtio/virtio_mem.o})
	info "compiling ${objs[*]} (extra config, W=1)"
	if ! "${MAKE[@]}" W=1 "${objs[@]}" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "compile-only check failed (full log: $log)"
	fi
	if grep -E '(warning|error):' "$log" >&2; then
		die "compile-only check: warnings in ${objs[*]} (log: $log)"
	fi
else
	info "building $variant kernel in ${OUT#"$TOP"/} (log: ${log#"$TOP"/})"
	if ! "${MAKE[@]}" bzImage modules >"$log" 2>&1; then
		grep -E 'error|Error' "$log" | head -n 20 >&2 || tail -n 20 "$log" >&2
		die "kernel build ($variant) failed (full log: $log)"
	fi
	kv=$(cat "$OUT/include/config/kernel.release")
	echo "$kv" > "$OUT/.bench-release"
fi
info "$variant built in $(( $(date +%s) - start ))s"
