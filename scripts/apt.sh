# Helpers for downloading Debian packages that the machine's own apt
# setup does not serve: another architecture's packages (the guests'
# userland for i386 and arm64, Debian's arm64 kernel config) and another
# suite's source package (linux-source-7.2 from sid).  Each use gets a
# private apt configuration under build/apt/<name>/ with its own sources
# list, package lists, cache and (empty) status file; the machine's apt
# sources, lists and dpkg state are never touched.  The mirror comes from
# the machine's own apt sources, read at run time.  Sourced by the fetch
# stages, never run.
# shellcheck shell=bash

# The machine's apt entries of type "deb", one per line:
# "URI SUITE COMPONENTS SIGNED-BY" (SIGNED-BY "-" when not given).
apt_machine_entries() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		sed -n 's/#.*//; s/^deb[[:space:]]\+//p' "$f" | awk '
			{ so = "-"
			  if ($1 ~ /^\[/) { while ($1 !~ /\]$/) { if ($1 ~ /signed-by=/) so = $1; $1 = ""; $0 = $0 }
			                    if ($1 ~ /signed-by=/) so = $1; $1 = ""; $0 = $0 }
			  sub(/.*signed-by=/, "", so); sub(/\]$/, "", so)
			  comps = ""; for (i = 3; i <= NF; i++) comps = comps (comps ? "," : "") $i
			  if ($1 != "" && $2 != "") print $1, $2, comps, so }'
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && enabled != "no")
					for (u in uris) for (s in suites) print uris[u], suites[s], comps, (so ? so : "-")
				delete uris; delete suites; types = ""; comps = ""; so = ""; enabled = ""
			}
			/^[[:space:]]*#/ { next }
			/^[[:space:]]*$/ { flush(); next }
			{ key = tolower($1); sub(/:$/, "", key); $1 = "" ; sub(/^ +/, "") }
			key == "types" { types = $0 }
			key == "uris" { n = split($0, a, " "); for (i = 1; i <= n; i++) uris[i] = a[i] }
			key == "suites" { n = split($0, a, " "); for (i = 1; i <= n; i++) suites[i] = a[i] }
			key == "components" { comps = $0; gsub(/ +/, ",", comps) }
			key == "signed-by" { so = $0 }
			key == "enabled" { enabled = tolower($0) }
			END { flush() }' "$f"
	done
}

# The URI of the machine's main Debian archive: the entry whose suite is
# the release itself (not -updates or -security).
apt_main_uri() {
	local release=$1
	apt_machine_entries | awk -v r="$release" '$2 == r { print $1; exit }'
}

# apt_private_init NAME ARCH LINE...: create (or refresh when the lines
# changed) build/apt/NAME with a sources.list of the given one-line
# entries ("URI SUITE COMPONENTS SIGNED-BY") restricted to ARCH, and run
# apt-get update there when its lists are missing or older than a day.
# With APT_PRIVATE_SOURCES=1 every entry gets a deb-src twin, so that
# "apt-get source --download-only" works there too.
apt_private_init() {
	local name=$1 arch=$2 dir=$BUILD/apt/$1 line uri suite comps so opts
	shift 2
	APT_PRIVATE_DIR=$dir
	mkdir -p "$dir/etc/parts" "$dir/etc/prefs" "$dir/lists/partial" "$dir/cache/archives/partial"
	: > "$dir/status.new"
	for line in "$@"; do
		read -r uri suite comps so <<< "$line"
		opts="arch=$arch"
		[ "$so" != "-" ] && opts="$opts signed-by=$so"
		echo "deb [$opts] $uri $suite ${comps//,/ }"
		[ "${APT_PRIVATE_SOURCES:-}" != 1 ] ||
			echo "deb-src [${opts#arch=$arch}] $uri $suite ${comps//,/ }" | sed 's/\[ */[/; s/\[\] //'
	done > "$dir/etc/sources.list.new"
	if ! cmp -s "$dir/etc/sources.list.new" "$dir/etc/sources.list"; then
		mv "$dir/etc/sources.list.new" "$dir/etc/sources.list"
		rm -rf "$dir/lists"/*_Packages* "$dir/lists"/*_Sources* "$dir/lists"/*Release*
	fi
	rm -f "$dir/etc/sources.list.new"
	[ -f "$dir/status" ] || mv "$dir/status.new" "$dir/status"
	rm -f "$dir/status.new"
	APT_PRIVATE=(apt-get -q
		-o "Dir::Etc::SourceList=$dir/etc/sources.list"
		-o "Dir::Etc::SourceParts=$dir/etc/parts"
		-o "Dir::Etc::Preferences=$dir/etc/prefs/none"
		-o "Dir::Etc::PreferencesParts=$dir/etc/prefs"
		-o "Dir::State::Lists=$dir/lists"
		-o "Dir::State::status=$dir/status"
		-o "Dir::Cache=$dir/cache"
		-o "APT::Architecture=$arch"
		-o "APT::Architectures::=$arch")
	if [ -z "$(find "$dir/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null | head -n1)" ]; then
		info "private apt '$name' ($arch): updating package lists"
		local try=0
		# A mirror in the middle of a sync serves lists that do not match
		# their Release file for a while: try again before giving up, and
		# go on with the lists that did arrive, naming what failed.
		until "${APT_PRIVATE[@]}" update >"$dir/update.log" 2>&1; do
			try=$((try + 1))
			if [ $try -ge 3 ]; then
				[ -n "$(find "$dir/lists" -maxdepth 1 -name '*_Packages*' 2>/dev/null | head -n1)" ] ||
					die "apt-get update for the private apt configuration $name failed (log: $dir/update.log)"
				warn "private apt '$name': some package lists failed, going on without them: $(grep -E '^E:' "$dir/update.log" | head -n1)"
				break
			fi
			sleep $((10 * try))
		done
	fi
}

# apt_private_download DIR PKG[=VERSION]...: download into DIR with the
# configuration apt_private_init set up last.
apt_private_download() {
	local dest=$1
	shift
	mkdir -p "$dest"
	chmod 755 "$dest"
	( cd "$dest" && "${APT_PRIVATE[@]}" download "$@" ) >&2 2>&1
}

# apt_private_newest PKG-REGEX: the newest version of the packages whose
# names match, as "NAME VERSION", from the private configuration.
apt_private_newest() {
	"${APT_PRIVATE[@]/apt-get/apt-cache}" search --names-only "$1" 2>/dev/null |
		awk '{print $1}' | while read -r p; do
			"${APT_PRIVATE[@]/apt-get/apt-cache}" show "$p" 2>/dev/null |
				awk -v p="$p" '/^Version:/ {print p, $2}'
		done | sort -V -k2 | tail -n1
}

# apt_private_source DIR SRCPKG=VERSION: download a source package (.dsc,
# upstream tarball, Debian tarball) into DIR, without unpacking it, with
# the configuration apt_private_init set up last (APT_PRIVATE_SOURCES=1).
# apt's output goes to source.log there.
apt_private_source() {
	local dest=$1
	shift
	mkdir -p "$dest"
	chmod 755 "$dest"
	( cd "$dest" && "${APT_PRIVATE[@]}" source --download-only "$@" ) >"$APT_PRIVATE_DIR/source.log" 2>&1
}
