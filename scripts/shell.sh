#!/usr/bin/env bash
# 'make shell': an interactive guest with a scenario's machine (memory
# layout, devices, kernel options) and a busybox shell on this terminal.
# QMP listens on build/qmp.sock (for example: socat - UNIX:build/qmp.sock).
. "$(dirname "$0")/lib.sh"
scenario=${1:-m4000} variant=${2:-patched}
spath=$(python3 "$TOP/scripts/boot.py" --path-of "$scenario") && [ -f "$spath" ] ||
	die "no scenario '$scenario' in scenarios/ or layouts/"
kernel=$(variant_image "$variant")
initrd=$(variant_initrd "$variant")
accel=$(bash "$TOP/scripts/accel.sh" "$kernel" "$initrd")
rm -f "$BUILD/qmp.sock"
info "scenario $scenario's machine, ${accel^^}; Ctrl-a x quits, 'poweroff -f' in the guest"
exec python3 "$TOP/scripts/boot.py" "$spath" --variant "$variant" \
	--kernel "$kernel" --initrd "$initrd" --log /dev/null \
	--config "$CONFIG" --arch "$SCENARIO_ARCH" --base "$BASE_NAME" --qemu "$QEMU" --machine "$QEMU_ARGS" \
	--console "$CONSOLE" --ctl "$CTL" --accel "$accel" --interactive "$BUILD/qmp.sock"
