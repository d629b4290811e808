#!/usr/bin/env bash
# 'make run': install what is missing, fetch, apply, build, boot the
# default scenario (or SCENARIO=name) and print a readable report.
. "$(dirname "$0")/lib.sh"

scenario=${SCENARIO:-default}
variant=${VARIANT:-patched}
# LAYOUT=layouts/NAME.log: a real machine's memory map, replayed.
if [ -n "${LAYOUT:-}" ]; then
	scenario=layout-$(basename "$LAYOUT" .log)
	[ -f "$TOP/layouts/${scenario#layout-}.log" ] ||
		die "no layouts/${scenario#layout-}.log: put the boot log lines there (see layouts/*.log for the form)"
fi
spath=$(python3 "$TOP/scripts/boot.py" --path-of "$scenario") || die "no scenario '$scenario'"
[ -f "$spath" ] || die "no scenario '$scenario' in scenarios/ or layouts/"
bash "$TOP/scripts/deps.sh" "$CONFIG"
bash "$TOP/scripts/fetch.sh" >/dev/null
bash "$TOP/scripts/tree.sh"
bash "$TOP/scripts/build.sh" "$variant"
bash "$TOP/scripts/initramfs.sh" "$variant"
kernel=$(variant_image "$variant")
initrd=$(variant_initrd "$variant")
accel=$(bash "$TOP/scripts/accel.sh" "$kernel" "$initrd")
log=$(run_logs "$variant")/$scenario.log
info "booting $scenario ($CONFIG/$variant, ${accel^^}); console: ${log#"$TOP"/}"
rc=0
python3 "$TOP/scripts/boot.py" "$spath" --variant "$variant" \
	--kernel "$kernel" --initrd "$initrd" --log "$log" --accel "$accel" \
	--config "$CONFIG" --arch "$SCENARIO_ARCH" --base "$BASE_NAME" --qemu "$QEMU" --machine "$QEMU_ARGS" \
	--console "$CONSOLE" --ctl "$CTL" --timeout-scale "$TIMEOUT_SCALE" || rc=$?

. "$BUILD/base-$BASE_NAME.env"
src=$(variant_src "$variant")
nseries=$(git -C "$src" rev-list --count base..HEAD)
echo
python3 "$TOP/scripts/report.py" "${log%.log}.ktap" \
	"$FETCHED_PACKAGE $FETCHED_VERSION = Linux $(tree_kernelversion "$src")$([ "$FETCHED_VERSION" != "$PINNED_VERSION" ] && echo " (pinned $PINNED_VERSION not available)")" \
	"$nseries patch(es) applied ($variant: $(git -C "$src" log -1 --format='%h %s'))"
if [ -n "${LAYOUT:-}" ]; then
	echo
	python3 "$TOP/scripts/layout.py" "$TOP/layouts/$(basename "$LAYOUT")" | grep -E '^note:' || true
	if faithful=$(python3 "$TOP/scripts/layout.py" --check "$TOP/layouts/$(basename "$LAYOUT")" "$log" "$SCENARIO_ARCH"); then
		echo "replay faithful: $faithful"
	else
		echo "replay NOT faithful (the checks ran on another layout): $faithful"
	fi
fi
echo
echo "console log: ${log#"$TOP"/}"
exit $rc
