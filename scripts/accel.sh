#!/usr/bin/env bash
# Stage "accel": decide KVM or TCG for this machine, once.  A KVM guest
# that does not report within a short timeout (here /dev/kvm exists but
# guests hang) means TCG.  Prints "kvm" or "tcg"; cached in build/accel.
#   accel.sh <kernel> <initrd>
. "$(dirname "$0")/lib.sh"

kernel=${1:?kernel}; initrd=${2:?initrd}
cache=$BUILD/accel
if [ -n "${ACCEL:-}" ]; then echo "$ACCEL"; exit 0; fi
if [ -s "$cache" ]; then cat "$cache"; exit 0; fi
need_cmd qemu-system-x86_64 qemu-system-x86

accel=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	mkdir -p "$LOGS"
	if python3 "$TOP/scripts/boot.py" /dev/null --name probe --variant probe \
		--kernel "$kernel" --initrd "$initrd" --log "$LOGS/kvm-probe.log" \
		--accel kvm --timeout 40 --idle-timeout 20 --qemu-extra "-m 512" 2>/dev/null; then
		accel=kvm
	else
		warn "KVM probe failed ($(tail -n1 "$LOGS/kvm-probe.log" | sed 's/^# bench: //')); using TCG"
	fi
else
	info "no usable /dev/kvm; using TCG"
fi
echo "$accel" > "$cache"
echo "$accel"
