#!/usr/bin/env bash
# Stage "deps": install the Debian packages the bench needs, if missing:
# those every run needs, and those of the matrix configurations given as
# arguments (their PACKAGES: cross compilers, another QEMU).  Only the
# machine's own Debian archive is used (bookworm, bookworm-security).
#   deps.sh [CONFIG...]
. "$(dirname "$0")/lib.sh"

PKGS=(
	build-essential flex bison bc libelf-dev libssl-dev ccache
	cpio gzip xz-utils kmod rsync git perl python3 python3-docutils python3-ply python3-git
	qemu-system-x86 busybox-static gnuplot-nox
)
for c in "$@"; do
	load_config "$c"
	# shellcheck disable=SC2206
	PKGS+=(${PACKAGES:-})
done
# EXTRA_PACKAGES: what a target beyond the matrix needs (make disasm).
# shellcheck disable=SC2206
PKGS+=(${EXTRA_PACKAGES:-})

missing=()
for p in "${PKGS[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

info "installing missing packages: ${missing[*]}"
SUDO=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null ||
		die "packages missing (${missing[*]}) and not root and no sudo: install them and rerun"
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2 ||
	warn "apt-get update failed; trying the install with the current lists"
if ! $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
	die "apt-get could not install: ${missing[*]} (see the apt output above)"
fi
