#!/usr/bin/env bash
# Stage "fetch": download the base's Debian source package into
# build/cache/ (once) and write build/base-<name>.env describing what was
# fetched.  Exact pinned version when the archive has it, otherwise the
# newest version of the package with a warning naming both.  A base from
# another suite than the machine's (DEB_SUITE, e.g. sid for mainline) is
# downloaded through a private apt configuration under build/apt/ (see
# scripts/apt.sh); the machine's apt sources are never changed.
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"
. "$TOP/scripts/apt.sh"

need_cmd apt-get apt
need_cmd dpkg-deb dpkg
mkdir -p "$CACHE"
ENV_OUT=$BUILD/base-$BASE_NAME.env

deb_for() { echo "$CACHE/${1}_$(echo "$2" | sed 's/:/%3a/')_all.deb"; }

package=$DEB_PACKAGE version=$DEB_VERSION tarball=$DEB_TARBALL
if [ -n "${DEB_SUITE:-}" ]; then
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
deb=$(deb_for "$package" "$version")
dpkg-deb --fsys-tarfile "$deb" | tar -t 2>/dev/null | grep -qx "./$tarball" ||
	die "$deb does not contain $tarball (corrupt download? delete it and rerun)"

cat > "$ENV_OUT.tmp" <<EOT
FETCHED_PACKAGE=$package
FETCHED_VERSION=$version
FETCHED_DEB=$deb
FETCHED_TARBALL=$tarball
PINNED_VERSION=$DEB_VERSION
EOT
mv "$ENV_OUT.tmp" "$ENV_OUT"
echo "$deb"
