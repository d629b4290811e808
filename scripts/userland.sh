#!/usr/bin/env bash
# Stage "fetch" (guest userland): Debian's busybox-static and bash, with
# the libraries bash needs, for a guest architecture other than the
# machine's, unpacked into build/userland/<arch>/ (printed).  The packages
# come from the machine's own Debian release through a private apt
# configuration (scripts/apt.sh); for the machine's architecture the
# installed /bin/busybox and bash are used and nothing is downloaded.
#
#   userland.sh DEB_ARCH
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/apt.sh"

arch=${1:?usage: userland.sh DEB_ARCH}
PKGS=(busybox-static bash libc6 libtinfo6)
root=$BUILD/userland/$arch
if [ "$arch" = "$(dpkg --print-architecture)" ]; then
	echo /
	exit 0
fi
if [ -x "$root/bin/busybox" ] && [ -x "$root/bin/bash" ]; then
	echo "$root"
	exit 0
fi
need_cmd dpkg-deb dpkg
# The release's own suite is enough for a guest's shell.
release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
uri=$(apt_main_uri "$release")
[ -n "$uri" ] || die "no Debian archive for '$release' among the machine's apt sources"
apt_private_init "$release-$arch" "$arch" "$uri $release main /usr/share/keyrings/debian-archive-keyring.gpg"
dl=$CACHE/userland-$arch
rm -rf "$dl" "$root.new"
apt_private_download "$dl" "${PKGS[@]}" ||
	die "downloading ${PKGS[*]} for $arch failed (see above)"
mkdir -p "$root.new"
for d in "$dl"/*.deb; do
	dpkg-deb -x "$d" "$root.new" || die "unpacking $d failed"
done
for f in bin/busybox bin/bash; do
	[ -x "$root.new/$f" ] || die "$f missing from the $arch packages"
done
rm -rf "$root"
mv "$root.new" "$root"
info "guest userland for $arch in ${root#"$TOP"/}"
echo "$root"
