#!/usr/bin/env bash
# Stage "initramfs": the guest's root filesystem for one built variant of
# one matrix configuration: Debian's busybox-static, bash (the kselftest
# scripts need it) with its libraries (the machine's own for amd64,
# scripts/userland.sh's for other architectures), our init and helpers
# (guest/, C helpers built static for the guest's architecture), the
# variant's kernel modules, the kselftests installed by the kernel's own
# install flow, and every scenario.
. "$(dirname "$0")/lib.sh"

variant=${1:?usage: initramfs.sh <variant>}
SRC=$(variant_src "$variant")
OUT=$(variant_out "$variant")
[ -f "$OUT/.bench-release" ] || die "no built $CONFIG/$variant kernel: run scripts/build.sh $variant"
need_cmd cpio
need_cmd depmod kmod
native=$(dpkg --print-architecture)
if [ "$DEB_ARCH" = "$native" ]; then
	[ -x /bin/busybox ] || die "/bin/busybox missing: install Debian package busybox-static (make deps)"
	busybox --list 2>/dev/null | grep -x poweroff >/dev/null ||
		die "/bin/busybox is not the full busybox-static: install busybox-static (make deps)"
	UCC=gcc
else
	UROOT=$(bash "$TOP/scripts/userland.sh" "$DEB_ARCH")
	UCC=${USER_CROSS}gcc
	need_cmd "$UCC" "gcc-${USER_CROSS%-}"
fi

# Selftest collections to install from the tree.
KSFT_TARGETS=${KSFT_TARGETS:-memory-hotplug}

STAGE=$BUILD/initramfs/$BASE_NAME-$CONFIG-$variant${SERIES_TREE:+-${SERIES_TREE##*/}}
OUTFILE=$(variant_initrd "$variant")
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,lib,usr/bin,usr/sbin,usr/local/bin,proc,sys,dev,tmp,etc,root,scenarios,kselftest}

if [ "$DEB_ARCH" = "$native" ]; then
	mkdir -p "$STAGE/lib64"
	cp /bin/busybox "$STAGE/bin/busybox"
	cp "$(command -v bash)" "$STAGE/bin/bash"
else
	cp "$UROOT/bin/busybox" "$UROOT/bin/bash" "$STAGE/bin/"
	# bash's libraries and the dynamic loader, as Debian lays them out.
	cp -a "$UROOT"/lib* "$STAGE/"
fi
install -m 755 "$TOP/guest/init" "$STAGE/init"
install -m 644 "$TOP/guest/lib.sh" "$STAGE/lib/bench.sh"
cp "$TOP"/scenarios/*.sh "$STAGE/scenarios/" 2>/dev/null || true
for f in "$TOP"/guest/*.sh; do
	[ "$(basename "$f")" = lib.sh ] && continue
	install -m 755 "$f" "$STAGE/usr/local/bin/$(basename "$f" .sh)"
done

# Guest helpers written in C: static, built once per source change and
# architecture.
bindir=$BUILD/guest-bin/$DEB_ARCH
mkdir -p "$bindir"
for c in "$TOP"/guest/*.c; do
	[ -e "$c" ] || continue
	bin=$bindir/$(basename "$c" .c)
	if [ ! -x "$bin" ] || [ "$c" -nt "$bin" ]; then
		$UCC -O2 -Wall -Wextra -Werror -static -o "$bin" "$c" ||
			die "guest helper $c does not compile ($UCC)"
	fi
	cp "$bin" "$STAGE/usr/local/bin/"
done

# page-types, from the tree's tools (tools/mm, tools/vm before 6.3):
# kselftests find it in PATH.
mkdir -p "$LOGS"
pt=$SRC/tools/mm/page-types.c
[ -f "$pt" ] || pt=$SRC/tools/vm/page-types.c
if [ -f "$pt" ]; then
	$UCC -O2 -static -I"$SRC/tools/lib" -I"$SRC/tools/lib/api" -I"$SRC/tools/include" \
		-o "$STAGE/usr/local/bin/page-types" "$pt" \
		"$SRC/tools/lib/api/fs/fs.c" "$SRC/tools/lib/api/debug.c" 2>"$LOGS/page-types-$BASE_NAME-$DEB_ARCH.log" ||
		die "page-types ($pt) does not compile ($UCC; log: build/logs/page-types-$BASE_NAME-$DEB_ARCH.log)"
fi

# Kernel modules.
kmake_init "$SRC" "$OUT"
"${KMAKE[@]}" INSTALL_MOD_PATH="$STAGE" INSTALL_MOD_STRIP=1 modules_install >/dev/null ||
	die "modules_install ($CONFIG/$variant) failed"
rm -f "$STAGE"/lib/modules/*/{build,source}
# The bench's race module (scripts/build.sh), loaded by guest/lib.sh.
if [ -f "$OUT/bench-module/memmap_race.ko" ]; then
	mkdir -p "$STAGE/lib/bench"
	cp "$OUT/bench-module/memmap_race.ko" "$STAGE/lib/bench/"
fi

# kselftests, through the kernel's install flow; statically linked for
# another architecture, whose libraries the image does not carry.
ksft_log=$LOGS/kselftest-$BASE_NAME-$CONFIG-$variant.log
mkdir -p "$LOGS"
ksft=(make -C "$SRC/tools/testing/selftests" O="$OUT" ARCH="$KARCH" TARGETS="$KSFT_TARGETS"
	KSFT_INSTALL_PATH="$STAGE/kselftest")
[ "$DEB_ARCH" = "$native" ] || ksft+=(CROSS_COMPILE="$USER_CROSS" CC="$UCC" LDFLAGS=-static)
if ! "${ksft[@]}" install >"$ksft_log" 2>&1; then
	tail -n 20 "$ksft_log" >&2
	die "kselftest install ($KSFT_TARGETS) failed (log: $ksft_log)"
fi

if [ "$DEB_ARCH" = "$native" ]; then
	# Shared libraries of every dynamic executable in the image.
	find "$STAGE" -type f -perm -u+x -print0 | while IFS= read -r -d '' f; do
		file_is_dyn=$(LC_ALL=C readelf -d "$f" 2>/dev/null | grep -c NEEDED || true)
		[ "$file_is_dyn" -gt 0 ] || continue
		ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' || true
	done | sort -u | while read -r lib; do
		[ -e "$lib" ] || continue
		mkdir -p "$STAGE$(dirname "$lib")"
		cp -L "$lib" "$STAGE$lib"
	done
	# The dynamic loader at its canonical path.
	[ -e "$STAGE/lib64/ld-linux-x86-64.so.2" ] ||
		cp -L /lib64/ld-linux-x86-64.so.2 "$STAGE/lib64/"
fi

( cd "$STAGE" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --quiet ) | gzip -1 > "$OUTFILE.tmp"
mv "$OUTFILE.tmp" "$OUTFILE"
info "initramfs $CONFIG/$variant: $(du -h "$OUTFILE" | cut -f1)"
