#!/usr/bin/env bash
# Stage "check": everything 'make check' runs, ending with one line
# "N passed, N failed[, N skipped]".  Exit status 1 on any failure.
#
# Environment (all optional):
#   CONFIGS=a,b      matrix configurations (default: the base's
#                    CHECK_CONFIGS, see base/*.conf and matrix/); MATRIX=all
#                    runs every one
#   SCENARIOS=a,b    scenarios to run (default: all in scenarios/ that
#                    apply to the configuration's architecture, or those
#                    its CHECK_SCENARIOS names unless MATRIX=all)
#   VARIANTS=...     kernel variants (default: patched,base)
#   BASE_ONLY=1      only base + test patches
#   DEBUG=1          debug kernels (config/debug.config) and the soak scenarios
#   ACCEL=kvm|tcg    skip the KVM probe
#   NO_LINT=1        skip make lint; NO_EXTRA=1 skip the compile-only check
#   BASE=6.1|7.2     one base (default: every base/*.conf, one after the
#                    other, each with its CHECK_CONFIGS unless CONFIGS or
#                    MATRIX is given)

# Every base in turn, then one summary line over all of them.
if [ -z "${BASE:-}" ] && [ -z "${CHECK_ONE_BASE:-}" ]; then
	top=$(cd "$(dirname "$0")/.." && pwd)
	total_p=0 total_f=0 total_s=0 rc=0 t0=$(date +%s)
	for conf in "$top"/base/*.conf; do
		b=$(basename "$conf" .conf)
		echo "# ==== base $b ===="
		BASE=$b CHECK_ONE_BASE=1 bash "$0" | tee "/tmp/check-$b.$$"
		[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
		read -r p f s < <(tail -n1 "/tmp/check-$b.$$" |
			sed -nE 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$/\1 \2 \4/p')
		rm -f "/tmp/check-$b.$$"
		[ -n "${p:-}" ] || { f=1; p=0; rc=1; }
		total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + ${s:-0}))
	done
	echo "# all bases: wall time $(( $(date +%s) - t0 ))s"
	if [ "$total_s" -gt 0 ]; then
		echo "$total_p passed, $total_f failed, $total_s skipped"
	else
		echo "$total_p passed, $total_f failed"
	fi
	[ "$total_f" -eq 0 ] && [ $rc -eq 0 ]
	exit
fi
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
passed=0 failed=0 skipped=0
declare -a fails=()

step() {	# NAME COMMAND...: a host-side check, one line, counted
	local name=$1 rc=0 t0
	shift
	t0=$(date +%s)
	"$@" >"$LOGS/step-$BASE_NAME-$name.log" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf '%-14s %-16s %-8s %-34s %-5s %s\n' host - - "$name" PASS "$(( $(date +%s) - t0 ))s"
	else
		failed=$((failed + 1))
		fails+=("$name")
		printf '%-14s %-16s %-8s %-34s %-5s %s\n' host - - "$name" FAIL \
			"$(grep -E '^error:' "$LOGS/step-$BASE_NAME-$name.log" | tail -n1 | cut -c1-150)"
		sed 's/^/    /' "$LOGS/step-$BASE_NAME-$name.log" | tail -n 15
	fi
	return $rc
}

finish() {
	local note=""
	[ ${#fails[@]} -gt 0 ] && note=" (failed: ${fails[*]})"
	echo "# wall time $(( $(date +%s) - start ))s; logs in build/logs/$note"
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	[ "$failed" -eq 0 ]
}

mkdir -p "$LOGS"
if [ -n "${DEBUG:-}" ]; then
	# Debug kernels are slow enough under TCG that two guests at once
	# starve each other (ACPI methods time out): one at a time.
	export GUEST_JOBS=${GUEST_JOBS:-1}
	variants=${VARIANTS:-debug}
	[ -n "${BASE_ONLY:-}" ] && variants=base-debug
else
	variants=${VARIANTS:-patched,base}
	# What CI runs of this base (base/<base>.conf): without SCENARIOS,
	# CONFIGS or MATRIX, CI_VARIANTS, CI_SCENARIOS and CI_LAYOUTS, where
	# set, narrow it down to what the wider MATRIX=all then covers.
	if [ -z "${VARIANTS:-}" ] && [ -z "${SCENARIOS:-}${CONFIGS:-}${MATRIX:-}" ]; then
		variants=${CI_VARIANTS:-$variants}
		export CI_SCENARIOS CI_LAYOUTS
	fi
	[ -n "${BASE_ONLY:-}" ] && variants=base
fi

configs=$(config_list "${MATRIX:-${CONFIGS:-${CHECK_CONFIGS:-default}}}")
for c in $configs; do load_config "$c"; done
# Preparation failures are reported as failed checks, then we stop.
# shellcheck disable=SC2086
step deps bash "$TOP/scripts/deps.sh" $configs || { finish; exit 1; }
step fetch bash "$TOP/scripts/fetch.sh" || { finish; exit 1; }
step tree bash "$TOP/scripts/tree.sh" || { finish; exit 1; }
. "$BUILD/base-$BASE_NAME.env"
echo "# base: $FETCHED_PACKAGE $FETCHED_VERSION (Linux $(tree_kernelversion "$TREE")), series: $(series_entries | wc -l) patch(es) in $SERIES_DIR"

artifacts=()
accels=()
ran_configs=()
for c in $configs; do
	load_config "$c"
	export CONFIG=$c
	ran=()
	for v in ${variants//,/ }; do
		if step "$c.build-$v" bash "$TOP/scripts/build.sh" "$v" &&
		   step "$c.initramfs-$v" bash "$TOP/scripts/initramfs.sh" "$v"; then
			artifacts+=(--artifact "$c/$v:$(variant_image "$v"):$(variant_initrd "$v")")
			ran+=("$v")
		fi
	done
	[ ${#ran[@]} -gt 0 ] || continue
	ran_configs+=("$c")
	accels+=(--accel "$c:$(bash "$TOP/scripts/accel.sh" "$(variant_image "${ran[0]}")" "$(variant_initrd "${ran[0]}")")")
done
load_config default
export CONFIG=default

# The compile-only check covers the drivers the series changes that the
# guests do not build (Hyper-V, Xen): only if it changes them.
if [ -z "${NO_EXTRA:-}" ] && [ -z "${BASE_ONLY:-}" ] && [ -f "$TOP/config/extra.config" ] &&
   git -C "$TREE" diff --name-only base..HEAD | grep -qE '^drivers/(hv|xen|virtio)/'; then
	step compile-extra bash "$TOP/scripts/build.sh" extra || true
fi
if [ -z "${NO_LINT:-}" ] && [ -x "$TOP/scripts/lint.sh" ]; then
	step lint bash "$TOP/scripts/lint.sh" || true
fi

if [ ${#ran_configs[@]} -gt 0 ]; then
	scen=${SCENARIOS:-all}
	# "all" without DEBUG: check.py runs every scenario but soak-* and
	# bench-* (those only when named), and the real machines' maps.
	if [ "$scen" = all ] && [ -n "${DEBUG:-}" ]; then
		scen=$(cd "$TOP/scenarios" && ls -- soak-*.sh 2>/dev/null | sed 's/\.sh$//' | paste -sd, -)
	fi
	rc=0
	ci=()
	[ -z "${SCENARIOS:-}" ] && [ -z "${MATRIX:-}" ] && [ -z "${DEBUG:-}" ] && ci=(--ci)
	python3 "$TOP/scripts/check.py" --scenarios "$scen" --variants "$variants" "${ci[@]}" \
		--configs "$(IFS=,; echo "${ran_configs[*]}")" --logs "$LOGS/$BASE_NAME" \
		--summary "$LOGS/check-$BASE_NAME.json" --base "$BASE_NAME" \
		"${accels[@]}" "${artifacts[@]}" || rc=$?
	if [ -f "$LOGS/check-$BASE_NAME.json.counts" ]; then
		read -r p f s < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["passed"], d["failed"], d["skipped"])' "$LOGS/check-$BASE_NAME.json.counts")
		passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
		rm -f "$LOGS/check-$BASE_NAME.json.counts"
	elif [ $rc -ne 0 ]; then
		failed=$((failed + 1)); fails+=("check.py")
	fi
fi
finish
