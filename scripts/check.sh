#!/usr/bin/env bash
# Stage "check": everything 'make check' runs, ending with one line
# "N passed, N failed[, N skipped]".  Exit status 1 on any failure.
#
# Environment (all optional):
#   SCENARIOS=a,b    scenarios to run (default: all in scenarios/)
#   VARIANTS=...     kernel variants (default: patched,base)
#   BASE_ONLY=1      only base + test patches
#   DEBUG=1          debug kernels (config/debug.config) and the soak scenarios
#   ACCEL=kvm|tcg    skip the KVM probe
#   NO_LINT=1        skip make lint; NO_EXTRA=1 skip the compile-only check
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
passed=0 failed=0 skipped=0
declare -a fails=()

step() {	# NAME COMMAND...: a host-side check, one line, counted
	local name=$1 rc=0 t0
	shift
	t0=$(date +%s)
	"$@" >"$LOGS/step-$name.log" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		passed=$((passed + 1))
		printf '%-22s %-8s %-34s %-5s %s\n' host - "$name" PASS "$(( $(date +%s) - t0 ))s"
	else
		failed=$((failed + 1))
		fails+=("$name")
		printf '%-22s %-8s %-34s %-5s %s\n' host - "$name" FAIL \
			"$(grep -E '^error:' "$LOGS/step-$name.log" | tail -n1 | cut -c1-150)"
		sed 's/^/    /' "$LOGS/step-$name.log" | tail -n 15
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
	[ -n "${BASE_ONLY:-}" ] && variants=base
fi

# Preparation failures are reported as failed checks, then we stop.
step deps bash "$TOP/scripts/deps.sh" || { finish; exit 1; }
step fetch bash "$TOP/scripts/fetch.sh" || { finish; exit 1; }
step tree bash "$TOP/scripts/tree.sh" || { finish; exit 1; }
. "$BUILD/base-$BASE_NAME.env"
echo "# base: $FETCHED_PACKAGE $FETCHED_VERSION (Linux $(tree_kernelversion "$TREE")), series: $(series_entries | wc -l) patch(es) in $SERIES_DIR"

artifacts=()
ran=()
for v in ${variants//,/ }; do
	if step "build-$v" bash "$TOP/scripts/build.sh" "$v" &&
	   step "initramfs-$v" bash "$TOP/scripts/initramfs.sh" "$v"; then
		out=$(variant_out "$v")
		artifacts+=(--artifact "$v:$out/arch/x86/boot/bzImage:$BUILD/initramfs-$v.cpio.gz")
		ran+=("$v")
	fi
done

if [ -z "${NO_EXTRA:-}" ] && [ -z "${BASE_ONLY:-}" ] && [ -f "$TOP/config/extra.config" ]; then
	step compile-extra bash "$TOP/scripts/build.sh" extra || true
fi
if [ -z "${NO_LINT:-}" ] && [ -x "$TOP/scripts/lint.sh" ]; then
	step lint bash "$TOP/scripts/lint.sh" || true
fi

if [ ${#ran[@]} -gt 0 ]; then
	first=${ran[0]}
	kout=$(variant_out "$first")
	accel=$(bash "$TOP/scripts/accel.sh" "$kout/arch/x86/boot/bzImage" "$BUILD/initramfs-$first.cpio.gz")
	scen=${SCENARIOS:-all}
	if [ "$scen" = all ] && [ -z "${DEBUG:-}" ]; then
		# Soak scenarios belong to DEBUG=1, bench-* to make bench,
		# unless named explicitly.
		scen=$(cd "$TOP/scenarios" && ls -- *.sh | sed 's/\.sh$//' | grep -vE '^(soak|bench)-' | paste -sd, -)
	elif [ "$scen" = all ]; then
		scen=$(cd "$TOP/scenarios" && ls -- soak-*.sh 2>/dev/null | sed 's/\.sh$//' | paste -sd, -)
	fi
	rc=0
	python3 "$TOP/scripts/check.py" --scenarios "$scen" --variants "$(IFS=,; echo "${ran[*]}")" \
		--accel "$accel" "${artifacts[@]}" || rc=$?
	if [ -f "$LOGS/check.json.counts" ]; then
		read -r p f s < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["passed"], d["failed"], d["skipped"])' "$LOGS/check.json.counts")
		passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
		rm -f "$LOGS/check.json.counts"
	elif [ $rc -ne 0 ]; then
		failed=$((failed + 1)); fails+=("check.py")
	fi
fi
finish
