#!/usr/bin/env bash
# Stage "fetch": download the base's Debian source into build/cache/
# (once) and write build/base-<name>.env describing what was fetched.
# Exact pinned version when the archive has it, otherwise the newest
# version of the package with a warning naming both.  A base from another
# suite than the machine's (DEB_SUITE, e.g. experimental for mainline) is
# downloaded through a private apt configuration under build/apt/ (see
# scripts/apt.sh); the machine's apt sources are never changed.
#
# A base with DEB_SRC_PACKAGE (mainline) wants upstream's tree, not
# Debian's patched one: the source package's upstream tarball
# (<src>_<upstream version>.orig.tar.xz), fetched with "apt-get source
# --download-only".  When the mirror does not serve source packages, the
# binary DEB_PACKAGE (Debian's patched tree) stands in, with a loud
# warning, and the env file says which of the two the tree is.
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/apt.sh"

need_cmd apt-get apt
need_cmd dpkg-deb dpkg
mkdir -p "$CACHE"
ENV_OUT=$BUILD/base-$BASE_NAME.env

deb_for() { echo "$CACHE/${1}_$(echo "$2" | sed 's/:/%3a/')_all.deb"; }

package=$DEB_PACKAGE version=$DEB_VERSION tarball=$DEB_TARBALL
orig=
# The upstream tarball of a source package version in DIR: 7.3~rc7-1~exp1
# -> linux_7.3~rc7.orig.tar.xz (or .gz, .bz2).
orig_in() { ls -- "$1/${2}_$(echo "$3" | sed 's/-[^-]*$//').orig.tar."* 2>/dev/null | head -n1; }
if [ -n "${DEB_SRC_PACKAGE:-}" ] && [ -n "$(orig_in "$CACHE" "$DEB_SRC_PACKAGE" "$version")" ]; then
	orig=$(orig_in "$CACHE" "$DEB_SRC_PACKAGE" "$version")
elif [ -n "${DEB_SRC_PACKAGE:-}" ] && [ -z "${NO_ORIG:-}" ]; then
	release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	uri=$(apt_main_uri "$release")
	[ -n "$uri" ] || die "no Debian archive for '$release' among the machine's apt sources: cannot reach ${DEB_SUITE:-$release}"
	APT_PRIVATE_SOURCES=1 apt_private_init "${DEB_SUITE:-$release}-src-$(dpkg --print-architecture)" \
		"$(dpkg --print-architecture)" "$uri ${DEB_SUITE:-$release} main /usr/share/keyrings/debian-archive-keyring.gpg"
	srcinfo=$("${APT_PRIVATE[@]/apt-get/apt-cache}" showsrc "$DEB_SRC_PACKAGE" 2>/dev/null || true)
	if grep -qxF "Version: $version" <<< "$srcinfo"; then
		info "downloading source package $DEB_SRC_PACKAGE=$version (for its upstream tarball)"
		tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
		if apt_private_source "$tmp" "$DEB_SRC_PACKAGE=$version" && [ -n "$(orig_in "$tmp" "$DEB_SRC_PACKAGE" "$version")" ]; then
			mv "$(orig_in "$tmp" "$DEB_SRC_PACKAGE" "$version")" "$CACHE/"
			orig=$(orig_in "$CACHE" "$DEB_SRC_PACKAGE" "$version")
		else
			warn "*** the mirror $uri does not serve source package $DEB_SRC_PACKAGE=$version ($(grep -m1 -E '^(E|Err):' "$APT_PRIVATE_DIR/source.log" 2>/dev/null || echo "apt-get source failed, log: $APT_PRIVATE_DIR/source.log")) ***"
		fi
		rm -rf "$tmp"
	else
		warn "*** ${DEB_SUITE:-$release} lists no source package $DEB_SRC_PACKAGE=$version ***"
	fi
	[ -n "$orig" ] || warn "*** using Debian's patched tree ($DEB_PACKAGE) instead of upstream's: the postings are tested on upstream plus Debian's patches (README: 'The 7.3 base') ***"
fi
if [ -n "$orig" ]; then
	:
elif [ -n "${DEB_SUITE:-}" ]; then
	if [ ! -s "$(deb_for "$package" "$version")" ]; then
		release=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
		uri=$(apt_main_uri "$release")
		[ -n "$uri" ] || die "no Debian archive for '$release' among the machine's apt sources: cannot reach $DEB_SUITE"
		apt_private_init "$DEB_SUITE-$(dpkg --print-architecture)" "$(dpkg --print-architecture)" \
			"$uri $DEB_SUITE main /usr/share/keyrings/debian-archive-keyring.gpg"
		if ! "${APT_PRIVATE[@]/apt-get/apt-cache}" show "$package=$version" >/dev/null 2>&1; then
			read -r newpkg newver < <(apt_private_newest "${DEB_PACKAGE_RE:-^$DEB_PACKAGE\$}") || true
			[ -n "${newver:-}" ] ||
				die "$DEB_SUITE has no $package (pinned $version) nor anything matching ${DEB_PACKAGE_RE:-$package}"
			warn "*** $DEB_SUITE no longer has $package $version: using $newpkg $newver instead ***"
			warn "*** the series in $SERIES_DIR was verified on $version; expect it not to apply ***"
			package=$newpkg version=$newver tarball=usr/src/$newpkg.tar.xz
		fi
		deb=$(deb_for "$package" "$version")
		if [ ! -s "$deb" ]; then
			info "downloading $package=$version from $DEB_SUITE"
			tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
			apt_private_download "$tmp" "$package=$version" ||
				{ rm -rf "$tmp"; die "downloading $package=$version from $DEB_SUITE failed"; }
			mv "$tmp"/*.deb "$deb"
			rm -rf "$tmp"
		fi
	fi
else
	if [ ! -s "$(deb_for "$package" "$version")" ]; then
		# A previous fallback download is still good, as long as it is a
		# version of the same package and we record that it is not the pin.
		if ! apt-cache show "$package=$version" >/dev/null 2>&1; then
			info "refreshing apt lists to look for $package $version"
			if [ "$(id -u)" -eq 0 ]; then apt-get update -q >&2 || true
			elif command -v sudo >/dev/null; then sudo apt-get update -q >&2 || true
			fi
		fi
		if ! apt-cache show "$package=$version" >/dev/null 2>&1; then
			newest=$(apt-cache madison "$package" 2>/dev/null |
				awk '{print $3}' | sort -V | tail -n1)
			[ -n "$newest" ] ||
				die "the archive has no $package at all (pinned $version); check /etc/apt/sources.list for bookworm-security"
			warn "$package $version is no longer in the archive; using $newest instead (the series was verified on $version)"
			version=$newest
		fi
	fi
	deb=$(deb_for "$package" "$version")
	if [ ! -s "$deb" ]; then
		info "downloading $package=$version"
		tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
		chmod 755 "$tmp"
		( cd "$tmp" && apt-get download -q "$package=$version" ) >&2 2>&1 ||
			{ rm -rf "$tmp"; die "apt-get download $package=$version failed"; }
		mv "$tmp"/*.deb "$deb"
		rm -rf "$tmp"
	fi
fi
if [ -n "$orig" ]; then
	tar -tf "$orig" >/dev/null 2>&1 || die "$orig is corrupt (delete it and rerun)"
	cat > "$ENV_OUT.tmp" <<EOT
FETCHED_KIND=orig
FETCHED_PACKAGE=$DEB_SRC_PACKAGE
FETCHED_VERSION=$version
FETCHED_DEB=
FETCHED_ORIG=$orig
FETCHED_TARBALL=
PINNED_VERSION=$DEB_VERSION
EOT
	mv "$ENV_OUT.tmp" "$ENV_OUT"
	echo "$orig"
	exit 0
fi
deb=$(deb_for "$package" "$version")
dpkg-deb --fsys-tarfile "$deb" | tar -t 2>/dev/null | grep -qx "./$tarball" ||
	die "$deb does not contain $tarball (corrupt download? delete it and rerun)"

cat > "$ENV_OUT.tmp" <<EOT
FETCHED_KIND=deb
FETCHED_PACKAGE=$package
FETCHED_VERSION=$version
FETCHED_DEB=$deb
FETCHED_ORIG=
FETCHED_TARBALL=$tarball
PINNED_VERSION=$DEB_VERSION
EOT
mv "$ENV_OUT.tmp" "$ENV_OUT"
echo "$deb"
