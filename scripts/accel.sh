#!/usr/bin/env bash
# Stage "accel": decide KVM or TCG for this configuration's QEMU, once.
# A KVM guest that does not report within a short timeout (here /dev/kvm
# exists but guests hang) means TCG; a guest of another architecture than
# the machine's is always TCG.  Prints "kvm" or "tcg"; cached in
# build/accel-<qemu>.
#   accel.sh <kernel> <initrd>
. "$(dirname "$0")/lib.sh"

kernel=${1:?kernel}; initrd=${2:?initrd}
cache=$BUILD/accel-$QEMU
if [ -n "${ACCEL:-}" ]; then echo "$ACCEL"; exit 0; fi
if [ -s "$cache" ]; then cat "$cache"; exit 0; fi
if [ "$DEB_ARCH" != "$(dpkg --print-architecture)" ] && [ "$KARCH" != i386 ]; then
	echo tcg
	exit 0
fi
case $QEMU in
*aarch64*|*arm*) need_cmd "$QEMU" qemu-system-arm ;;
*) need_cmd "$QEMU" qemu-system-x86 ;;
esac

accel=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	mkdir -p "$LOGS"
	if python3 "$TOP/scripts/boot.py" /dev/null --name probe --variant probe \
		--kernel "$kernel" --initrd "$initrd" --log "$LOGS/kvm-probe-$QEMU.log" \
		--qemu "$QEMU" --machine "$QEMU_ARGS" --console "$CONSOLE" --ctl "$CTL" \
		--config "$CONFIG" --arch "$SCENARIO_ARCH" \
		--accel kvm --timeout 40 --idle-timeout 20 --qemu-extra "-m 512" 2>/dev/null; then
		accel=kvm
	else
		warn "KVM probe failed ($(tail -n1 "$LOGS/kvm-probe-$QEMU.log" | sed 's/^# bench: //')); using TCG"
	fi
else
	info "no usable /dev/kvm; using TCG"
fi
echo "$accel" > "$cache"
echo "$accel"
