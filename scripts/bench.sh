#!/usr/bin/env bash
# 'make bench': base (+ test patches) and patched kernels, same config and
# compiler, booted alternately (base, patched, base, patched, ...) REPS
# times each in the measuring guest scenarios/bench-run.sh; figures,
# ratios and a plot by scripts/bench.py into build/bench/.
#   REPS=3 (default)
. "$(dirname "$0")/lib.sh"

reps=${REPS:-3}
out=$BUILD/bench
bash "$TOP/scripts/deps.sh"
bash "$TOP/scripts/fetch.sh" >/dev/null
bash "$TOP/scripts/tree.sh"
for v in base patched; do
	bash "$TOP/scripts/build.sh" "$v"
	bash "$TOP/scripts/initramfs.sh" "$v"
done
kout=$(variant_out patched)
accel=$(bash "$TOP/scripts/accel.sh" "$kout/arch/x86/boot/bzImage" "$BUILD/initramfs-patched.cpio.gz")
rm -rf "$out"
mkdir -p "$out/runs"
info "benchmark: $reps x (base, patched) under ${accel^^}; logs in ${out#"$TOP"/}/runs"
failed=0
for r in $(seq "$reps"); do
	for v in base patched; do
		o=$(variant_out "$v")
		t0=$(date +%s)
		python3 "$TOP/scripts/boot.py" "$TOP/scenarios/bench-run.sh" --variant "$v" \
			--kernel "$o/arch/x86/boot/bzImage" --initrd "$BUILD/initramfs-$v.cpio.gz" \
			--log "$out/runs/$v-$r.log" --accel "$accel" \
			|| failed=$((failed + 1))
		info "run $r $v: $(( $(date +%s) - t0 ))s wall"
	done
done
python3 "$TOP/scripts/bench.py" "$out" --accel "$accel" || failed=$((failed + 1))
[ "$failed" -eq 0 ] || die "$failed benchmark run(s) failed; see $out/runs/"
