#!/usr/bin/env bash
# 'make bench': base (+ test patches) and patched kernels, same config and
# compiler, booted alternately (base, patched, base, patched, ...) REPS
# times each in the measuring guest scenarios/bench-run.sh, in two
# configurations:
#   release   the default configuration (matrix/default.conf) +
#             config/bench.config: no DEBUG_VM, as distributions build
#             kernels; the bars are judged here
#   debug-vm  the default configuration as 'make check' builds it
#             (DEBUG_VM): shown beside, with its ratios, not judged
#   scale     memmap init at scale: the distro configuration
#             (matrix/distro.conf: Debian's memory options, deferred
#             struct page init) + config/bench.config, a 64 GiB guest in
#             4 nodes (scenarios/bench-scale.sh): boot memmap init and
#             deferred init, judged on their own bars
# Figures, ratios and a plot by scripts/bench.py into build/bench/.
#   REPS=3 (default)   BENCH_CONFIGS="release debug-vm scale" (default)
#   BASE=6.1|7.2       one base; without it every base in turn, each base's
#                      runs in build/bench/<base>/, judged against that
#                      base's bars (BENCH_BARS in base/<base>.conf), then a
#                      table of the bases side by side
if [ -z "${BASE:-}" ]; then
	top=$(cd "$(dirname "$0")/.." && pwd)
	rc=0 dirs=()
	for conf in "$top"/base/*.conf; do
		b=$(basename "$conf" .conf)
		printf '==> base %s\n' "$b" >&2
		BASE=$b bash "$0" "$@" || rc=1
		dirs+=("$top/build/bench/$b")
	done
	python3 "$top/scripts/bench.py" --compare "${dirs[@]}" || rc=1
	exit $rc
fi
. "$(dirname "$0")/lib.sh"

reps=${REPS:-3}
configs=${BENCH_CONFIGS:-release debug-vm scale}
out=$BUILD/bench/$BASE_NAME

# The base and patched kernel variants of a bench configuration, the
# matrix configuration they are built with, and the measuring guest.
pair() {
	case $1 in
	release|scale) echo "base-bench bench" ;;
	debug-vm) echo "base patched" ;;
	*) die "unknown bench configuration '$1' (release, debug-vm, scale)" ;;
	esac
}
matrix_of() { [ "$1" = scale ] && echo distro || echo default; }
guest_of() { [ "$1" = scale ] && echo bench-scale.sh || echo bench-run.sh; }

bash "$TOP/scripts/fetch.sh" >/dev/null
bash "$TOP/scripts/tree.sh"
. "$BUILD/base-$BASE_NAME.env"
for c in $configs; do
	pair "$c" >/dev/null
	load_config "$(matrix_of "$c")"
	export CONFIG
	bash "$TOP/scripts/deps.sh" "$CONFIG"
	for v in $(pair "$c"); do
		bash "$TOP/scripts/build.sh" "$v"
		bash "$TOP/scripts/initramfs.sh" "$v"
	done
done
first_c=${configs%% *}
load_config "$(matrix_of "$first_c")"
read -r _ first < <(pair "$first_c")
accel=$(bash "$TOP/scripts/accel.sh" "$(variant_image "$first")" "$(variant_initrd "$first")")
rm -rf "$out"
info "benchmark: $reps x (base, patched) for each of: $configs; under ${accel^^}; logs in ${out#"$TOP"/}/runs"
failed=0
for r in $(seq "$reps"); do
	for c in $configs; do
		read -r vb vp < <(pair "$c")
		load_config "$(matrix_of "$c")"
		export CONFIG
		mkdir -p "$out/runs/$c"
		for k in base patched; do
			v=$vb
			[ $k = patched ] && v=$vp
			t0=$(date +%s)
			python3 "$TOP/scripts/boot.py" "$TOP/scenarios/$(guest_of "$c")" --variant "$v" \
				--kernel "$(variant_image "$v")" --initrd "$(variant_initrd "$v")" \
				--config "$CONFIG" --arch "$SCENARIO_ARCH" --qemu "$QEMU" --machine "$QEMU_ARGS" \
				--console "$CONSOLE" --ctl "$CTL" \
				--log "$out/runs/$c/$k-$r.log" --accel "$accel" ||
				{ failed=$((failed + 1)); warn "run $r $c $k failed: see $out/runs/$c/$k-$r.log"; }
			info "run $r $c $k: $(( $(date +%s) - t0 ))s wall"
		done
	done
done
missed=0
python3 "$TOP/scripts/bench.py" "$out" --accel "$accel" --configs "$configs" \
	--base "$BASE_NAME ($FETCHED_PACKAGE $FETCHED_VERSION)" --bars "$BENCH_BARS" || missed=1
[ "$failed" -eq 0 ] || die "$failed benchmark run(s) failed; see ${out#"$TOP"/}/runs/"
[ "$missed" -eq 0 ] || die "a bar of base $BASE_NAME was missed (see the table above)"
