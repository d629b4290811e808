#!/usr/bin/env bash
# Stage "build": configure and build one kernel variant of one matrix
# configuration (CONFIG=default unless set, see matrix/*.conf).
#
#   build.sh patched|base|debug|base-debug|bench|base-bench
#                                    kernel image + modules
#   build.sh extra                   compile-only objects (hv, xen; x86-64)
#
# The config is tinyconfig + the configuration's FRAGMENTS (config/*.config,
# "@debian" for the options scripts/distro-config.sh takes from Debian's
# own config) + config/debug.config for the debug variants,
# config/bench.config for the bench ones, merged with
# scripts/kconfig/merge_config.sh.  Every option the fragments set (the
# last fragment to name a symbol decides) must survive olddefconfig, or the
# build stops naming it.  CONFIG_ONLY=1 stops after the configuration
# ('make bisect' takes the patched variant's .config from there).
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
[ -z "$CROSS" ] || need_cmd "${CROSS}gcc" "gcc-${CROSS%-}"

FRAGS=()
if [ "$variant" = extra ]; then
	[ "$KARCH" = x86_64 ] || die "the compile-only check (extra) is x86-64 only"
	FRAGS=("$TOP/config/extra.config")
else
	for f in $FRAGMENTS; do
		case $f in
		@debian) FRAGS+=("$(bash "$TOP/scripts/distro-config.sh" "$DEB_ARCH")") ||
				die "no Debian config fragment for $DEB_ARCH" ;;
		*) FRAGS+=("$TOP/config/$f") ;;
		esac
	done
	case $variant in
	debug|base-debug) FRAGS+=("$TOP/config/debug.config") ;;
	bench|base-bench) FRAGS+=("$TOP/config/bench.config") ;;
	esac
fi
for f in "${FRAGS[@]}"; do
	[ -r "$f" ] || die "missing config fragment $f"
done

kmake_init "$SRC" "$OUT"
mkdir -p "$OUT" "$LOGS"

# --- configuration ------------------------------------------------------
confkey=$( { cat "${FRAGS[@]}"; echo "$variant $CONFIG $KARCH $CROSS";
	     cd "$SRC" && find . -path ./.out\* -prune -o -name 'Kconfig*' -type f -print0 |
		     sort -z | xargs -0 cat; } | md5sum | cut -d' ' -f1)
# The key is stored with the .config's own checksum: a .config that
# changed since (a manual "make" in $OUT re-running olddefconfig after a
# Kconfig change, say) is made again too.
config_sum() { md5sum < "$OUT/.config" 2>/dev/null | cut -d' ' -f1; }
if [ ! -f "$OUT/.config" ] || [ "$(cat "$OUT/.bench-config" 2>/dev/null)" != "$confkey $(config_sum)" ]; then
	info "configuring $CONFIG/$variant ($(basename -a "${FRAGS[@]}" | tr '\n' ' '))"
	cp "$OUT/.config" "$OUT/.config.prev" 2>/dev/null || true
	if [ "$variant" = extra ]; then
		"${KMAKE[@]}" x86_64_defconfig >/dev/null
	else
		"${KMAKE[@]}" tinyconfig >/dev/null
	fi
	(cd "$OUT" && "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OUT" \
		"$OUT/.config" "${FRAGS[@]}" >"$OUT/merge_config.log" 2>&1) ||
		die "merge_config.sh failed (see $OUT/merge_config.log)"
	"${KMAKE[@]}" olddefconfig >/dev/null
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
	# A symbol this tree's Kconfig does not define (a fragment shared by
	# two bases, say NOHIGHMEM, which 7.2 expresses as HIGHMEM4G=n) is
	# only reported.
	known() {
		grep -rqE --include='Kconfig*' --exclude-dir='.out*' \
			"^[[:space:]]*(menu)?config ${1#CONFIG_}\b" "$SRC"
	}
	bad=()
	for sym in "${order[@]}"; do
		got=$(grep -E "^$sym=" "$OUT/.config" || true)
		if [ -z "$got" ] && ! known "$sym"; then
			info "$sym: no such option in $(tree_kernelversion "$SRC"), ignored"
			continue
		fi
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
	echo "$confkey $(config_sum)" > "$OUT/.bench-config"
fi
[ -z "${CONFIG_ONLY:-}" ] || exit 0

# --- build --------------------------------------------------------------
log=$LOGS/build-$BASE_NAME-$CONFIG-$variant${SERIES_TREE:+-${SERIES_TREE##*/}}.log
start=$(date +%s)
if [ "$variant" = extra ]; then
	objs=(${EXTRA_OBJS:-drivers/hv/hv_balloon.o drivers/xen/balloon.o drivers/virtio/virtio_mem.o})
	info "compiling ${objs[*]} (extra config, W=1)"
	if ! "${KMAKE[@]}" W=1 "${objs[@]}" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "compile-only check failed (full log: $log)"
	fi
	if grep -E '(warning|error):' "$log" >&2; then
		die "compile-only check: warnings in ${objs[*]} (log: $log)"
	fi
else
	target=$(basename "$IMAGE")
	info "building $CONFIG/$variant kernel in ${OUT#"$TOP"/} (log: ${log#"$TOP"/})"
	if ! "${KMAKE[@]}" "$target" modules >"$log" 2>&1; then
		grep -E 'error|Error' "$log" | head -n 20 >&2 || tail -n 20 "$log" >&2
		die "kernel build ($CONFIG/$variant) failed (full log: $log)"
	fi
	# The bench's race harness (module/), out of tree, against this
	# kernel; in a copy under the build directory, as kbuild writes its
	# objects next to the sources of an external module.
	rm -rf "$OUT/bench-module"
	if grep -q '^CONFIG_MEMORY_HOTPLUG=y' "$OUT/.config" && grep -q '^CONFIG_MODULES=y' "$OUT/.config"; then
		cp -r "$TOP/module" "$OUT/bench-module"
		if ! "${KMAKE[@]}" M="$OUT/bench-module" W=1 modules >>"$log" 2>&1 ||
		   grep -E 'bench-module/.*(warning|error):' "$log" >&2; then
			die "the race module (module/memmap_race.c) does not build cleanly against $CONFIG/$variant (log: ${log#"$TOP"/})"
		fi
	fi
	kv=$(cat "$OUT/include/config/kernel.release")
	echo "$kv" > "$OUT/.bench-release"
fi
info "$CONFIG/$variant built in $(( $(date +%s) - start ))s"
