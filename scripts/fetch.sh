#!/usr/bin/env bash
# Stage "fetch": download the base's Debian source package into
# build/cache/ (once) and write build/base-<name>.env describing what was
# fetched.  Exact pinned version when the archive has it, otherwise the
# newest version of the package with a warning naming both.
. "$(dirname "$0")/lib.sh"

need_cmd apt-get apt
need_cmd dpkg-deb dpkg
mkdir -p "$CACHE"
ENV_OUT=$BUILD/base-$BASE_NAME.env

deb_for() { echo "$CACHE/${DEB_PACKAGE}_$(echo "$1" | sed 's/:/%3a/')_all.deb"; }

version=$DEB_VERSION
if [ ! -s "$(deb_for "$version")" ]; then
	# A previous fallback download is still good, as long as it is a
	# version of the same package and we record that it is not the pin.
	if ! apt-cache show "$DEB_PACKAGE=$DEB_VERSION" >/dev/null 2>&1; then
		info "refreshing apt lists to look for $DEB_PACKAGE $DEB_VERSION"
		if [ "$(id -u)" -eq 0 ]; then apt-get update -q >&2 || true
		elif command -v sudo >/dev/null; then sudo apt-get update -q >&2 || true
		fi
	fi
	if ! apt-cache show "$DEB_PACKAGE=$DEB_VERSION" >/dev/null 2>&1; then
		newest=$(apt-cache madison "$DEB_PACKAGE" 2>/dev/null |
			awk '{print $3}' | sort -V | tail -n1)
		[ -n "$newest" ] ||
			die "the archive has no $DEB_PACKAGE at all (pinned $DEB_VERSION); check /etc/apt/sources.list for bookworm-security"
		warn "$DEB_PACKAGE $DEB_VERSION is no longer in the archive; using $newest instead (the series was verified on $DEB_VERSION)"
		version=$newest
	fi
fi

deb=$(deb_for "$version")
if [ ! -s "$deb" ]; then
	info "downloading $DEB_PACKAGE=$version"
	tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
	chmod 755 "$tmp"
	( cd "$tmp" && apt-get download -q "$DEB_PACKAGE=$version" ) >&2 2>&1 ||
		{ rm -rf "$tmp"; die "apt-get download $DEB_PACKAGE=$version failed"; }
	mv "$tmp"/*.deb "$deb"
	rm -rf "$tmp"
fi
dpkg-deb --fsys-tarfile "$deb" | tar -t 2>/dev/null | grep -qx "./$DEB_TARBALL" ||
	die "$deb does not contain $DEB_TARBALL (corrupt download? delete it and rerun)"

cat > "$ENV_OUT.tmp" <<EOT
FETCHED_PACKAGE=$DEB_PACKAGE
FETCHED_VERSION=$version
FETCHED_DEB=$deb
PINNED_VERSION=$DEB_VERSION
EOT
mv "$ENV_OUT.tmp" "$ENV_OUT"
echo "$deb"
