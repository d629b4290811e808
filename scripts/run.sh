#!/usr/bin/env bash
# 'make run': install what is missing, fetch, apply, build, boot the
# default scenario (or SCENARIO=name) and print a readable report.
. "$(dirname "$0")/lib.sh"

scenario=${SCENARIO:-default}
variant=${VARIANT:-patched}
[ -f "$TOP/scenarios/$scenario.sh" ] || die "no scenario '$scenario' in scenarios/"
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
python3 "$TOP/scripts/boot.py" "$TOP/scenarios/$scenario.sh" --variant "$variant" \
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
echo
echo "console log: ${log#"$TOP"/}"
exit $rc
