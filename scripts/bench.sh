#!/usr/bin/env bash
# 'make bench': base (+ test patches) and patched kernels, same config and
# compiler, booted alternately (base, patched, base, patched, ...) REPS
# times each in the measuring guest scenarios/bench-run.sh, in two
# configurations:
#   release   config/guest.config + config/bench.config: no DEBUG_VM, as
#             distributions build kernels; the bars of DESIGN.md section 6
#             are judged here
#   debug-vm  config/guest.config as 'make check' builds it (DEBUG_VM):
#             shown beside, with its ratios, not judged
# Figures, ratios and a plot by scripts/bench.py into build/bench/.
#   REPS=3 (default)   BENCH_CONFIGS="release debug-vm" (default)
. "$(dirname "$0")/lib.sh"

reps=${REPS:-3}
configs=${BENCH_CONFIGS:-release debug-vm}
out=$BUILD/bench

# The base and patched kernel variants of a configuration.
pair() {
	case $1 in
	release) echo "base-bench bench" ;;
	debug-vm) echo "base patched" ;;
	*) die "unknown bench configuration '$1' (release, debug-vm)" ;;
	esac
}

bash "$TOP/scripts/deps.sh"
bash "$TOP/scripts/fetch.sh" >/dev/null
bash "$TOP/scripts/tree.sh"
for c in $configs; do
	for v in $(pair "$c"); do
		bash "$TOP/scripts/build.sh" "$v"
		bash "$TOP/scripts/initramfs.sh" "$v"
	done
done
read -r _ first < <(pair "${configs%% *}")
kout=$(variant_out "$first")
accel=$(bash "$TOP/scripts/accel.sh" "$kout/arch/x86/boot/bzImage" "$BUILD/initramfs-$first.cpio.gz")
rm -rf "$out"
info "benchmark: $reps x (base, patched) for each of: $configs; under ${accel^^}; logs in ${out#"$TOP"/}/runs"
failed=0
for r in $(seq "$reps"); do
	for c in $configs; do
		read -r vb vp < <(pair "$c")
		mkdir -p "$out/runs/$c"
		for k in base patched; do
			v=$vb
			[ $k = patched ] && v=$vp
			o=$(variant_out "$v")
			t0=$(date +%s)
			python3 "$TOP/scripts/boot.py" "$TOP/scenarios/bench-run.sh" --variant "$v" \
				--kernel "$o/arch/x86/boot/bzImage" --initrd "$BUILD/initramfs-$v.cpio.gz" \
				--log "$out/runs/$c/$k-$r.log" --accel "$accel" ||
				{ failed=$((failed + 1)); warn "run $r $c $k failed: see $out/runs/$c/$k-$r.log"; }
			info "run $r $c $k: $(( $(date +%s) - t0 ))s wall"
		done
	done
done
missed=0
python3 "$TOP/scripts/bench.py" "$out" --accel "$accel" --configs "$configs" || missed=1
[ "$failed" -eq 0 ] || die "$failed benchmark run(s) failed; see ${out#"$TOP"/}/runs/"
[ "$missed" -eq 0 ] || die "a bar of DESIGN.md section 6 was missed (see the table above)"
