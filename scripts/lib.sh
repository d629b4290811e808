# Shared shell helpers for the bench scripts.  Sourced, never run.
# shellcheck shell=bash

set -o errexit -o nounset -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BASE=${BASE:-6.1}
export BASE
BASE_CONF=$TOP/base/$BASE.conf

die()  { printf 'error: %s\n' "$*" >&2; exit 1; }
warn() { printf 'warning: %s\n' "$*" >&2; }
info() { printf '==> %s\n' "$*" >&2; }

[ -r "$BASE_CONF" ] || die "no base description $BASE_CONF (BASE=$BASE)"
# shellcheck source=../base/6.1.conf
. "$BASE_CONF"

SERIES_DIR_ABS=$TOP/$SERIES_DIR
# The editable tree (base + whole series) and the worktree at base + the
# test patches only; the first base keeps the short names.
if [ "$BASE" = 6.1 ]; then
	TREE=$BUILD/linux
	BASE_TREE=$BUILD/base
else
	TREE=$BUILD/linux-$BASE
	BASE_TREE=$BUILD/base-$BASE
fi
# SERIES_TREE: build the patched variants from another git tree of the same
# base (a worktree holding an earlier version of the series, say), to see
# the checks fail on it.
if [ -n "${SERIES_TREE:-}" ]; then
	SERIES_TREE=$(cd "$SERIES_TREE" 2>/dev/null && pwd) || die "SERIES_TREE: no such directory"
fi
TREE=${SERIES_TREE:-$TREE}
CACHE=$BUILD/cache
LOGS=${LOGS:-$BUILD/logs}
JOBS=${JOBS:-$(nproc)}

# The matrix configuration (matrix/<name>.conf): architecture, compilers,
# QEMU machine, kernel config fragments.  CONFIG=default unless set.
CONFIG=${CONFIG:-default}
load_config() {
	local f=$TOP/matrix/$1.conf
	[ -r "$f" ] || die "no matrix configuration '$1' (have: $(cd "$TOP/matrix" && ls -- *.conf | sed 's/\.conf$//' | paste -sd' ' -))"
	DESC= KARCH= CROSS= USER_CROSS= DEB_ARCH= IMAGE= QEMU= QEMU_ARGS= CONSOLE= CTL= FRAGMENTS= SCENARIO_ARCH= TIMEOUT_SCALE=1 PACKAGES=
	# shellcheck source=../matrix/default.conf
	. "$f"
	CONFIG=$1
}
load_config "$CONFIG"
# Every configuration of the matrix, the CI ones first.
all_configs() {
	(cd "$TOP/matrix" && ls -- *.conf | sed 's/\.conf$//' |
		awk '$0 == "default" {print 0, $0; next} $0 == "distro" {print 1, $0; next} {print 2, $0}' |
		sort -k1,1n -k2 | cut -d' ' -f2)
}
# CONFIGS as given (comma or space separated, "all" for the matrix),
# one per line; MATRIX=all is the same as CONFIGS=all.
config_list() {
	local c=${1:-default}
	[ "$c" = all ] && { all_configs; return; }
	echo "${c//,/ }" | tr ' ' '\n' | grep .
}

# Directory of the kernel sources for a variant, and where it builds.
# patched: the series; base: base + tests; debug: the series with the
# debug options of config/debug.config; bench: the series without
# DEBUG_VM (config/bench.config), as 'make bench' measures it.
variant_src() {
	case $1 in
	patched|debug|bench|extra) echo "$TREE" ;;
	base|base-debug|base-bench) echo "$BASE_TREE" ;;
	*) die "unknown variant '$1' (patched, base, debug, base-debug, bench, base-bench, extra)" ;;
	esac
}

# Output directory: a direct subdirectory of the source tree, so kbuild
# uses a relative srctree and ccache hits across the two trees.  One per
# matrix configuration and variant kind.
variant_out() {
	case $1 in
	patched|base) echo "$(variant_src "$1")/.out-$CONFIG" ;;
	debug|base-debug) echo "$(variant_src "$1")/.out-$CONFIG-debug" ;;
	bench|base-bench) echo "$(variant_src "$1")/.out-$CONFIG-bench" ;;
	extra) echo "$TREE/.out-extra" ;;
	esac
}

# The kernel image, initramfs and log directory of a built variant.
variant_image() { echo "$(variant_out "$1")/$IMAGE"; }
variant_initrd() { echo "$BUILD/initramfs-$BASE_NAME-$CONFIG-$1${SERIES_TREE:+-${SERIES_TREE##*/}}.cpio.gz"; }
run_logs() { echo "$LOGS/$BASE_NAME/$CONFIG/$1"; }

# KMAKE: make for a kernel tree with this configuration's architecture
# and compilers, ccache in front.
kmake_init() {	# SRC OUT
	KMAKE=(make -s -C "$1" O="$2" ARCH="$KARCH" "CC=ccache ${CROSS}gcc" "HOSTCC=ccache gcc" -j"$JOBS")
	[ -n "$CROSS" ] && KMAKE+=(CROSS_COMPILE="$CROSS")
	return 0
}
# Fixed build identity: images do not change with the clock, and ccache
# keeps hitting on init/version.c and friends.
export KBUILD_BUILD_TIMESTAMP="1970-01-01 00:00:00 UTC"
export KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=memmap-series
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-10G}
export CCACHE_BASEDIR=$BUILD
# Depend mode: on a miss ccache takes the compiler's own dependency output
# (kbuild always asks for one, -Wp,-MMD) instead of running the
# preprocessor a second time, which costs a kernel compile about 35%
# (measured here on eight large mm/, kernel/ and fs/ files: 15.8 s with
# ccache's default mode, 11.3 s in depend mode, 11.5 s without ccache).
# Hits are direct-mode hits either way.  CCACHE_DEPEND=0 turns it off
# (ccache itself takes any value as "on", and ignores CCACHE_NODEPEND
# once CCACHE_DEPEND is set).
if [ "${CCACHE_DEPEND:-1}" = 0 ]; then
	unset CCACHE_DEPEND
else
	export CCACHE_DEPEND=1
fi

# Test patches: those touching only these paths.  build/base is the base
# with the series' test patches alone (see scripts/tree.sh).
TEST_PATHS_RE='^(tools/testing/|lib/test_|lib/Kconfig\.debug$|lib/Makefile$|MAINTAINERS$|Documentation/)'


# The upstream version of an unpacked tree, from its Makefile.
tree_kernelversion() {
	awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3} /^EXTRAVERSION =/{e=$3}
	     END{printf "%s.%s.%s%s\n", v, p, s, e}' "$1/Makefile"
}

# A base's patches are one series ($SERIES_DIR/series) or several
# postings: $SERIES_DIR/postings names their directories in the order they
# apply, each with its own series, patches, cover.txt and posting.conf.
# postings prints those directories ("." for a single series).
postings() {
	if [ -f "$SERIES_DIR_ABS/postings" ]; then
		grep -vE '^[[:space:]]*(#|$)' "$SERIES_DIR_ABS/postings"
	else
		echo .
	fi
}
# The non-comment, non-empty lines of one posting's series file.
posting_entries() {
	grep -vE '^[[:space:]]*(#|$)' "$SERIES_DIR_ABS/$1/series" 2>/dev/null || true
}
# Every patch of the base, in the order they apply, relative to
# $SERIES_DIR ("hotfixes/0001-....patch"; plain file names for a single
# series).
series_entries() {
	local p
	for p in $(postings); do
		if [ "$p" = . ]; then posting_entries .; else posting_entries "$p" | sed "s#^#$p/#"; fi
	done
}
# posting_conf P: load P's posting.conf.  POSTED=0 marks the bench's own
# patches (the instrument: applied last, never posted); STANDALONE=1 a
# posting whose every patch must apply to the base by itself (fixes);
# SUBJECT_PREFIX is format-patch's (PATCH, RFC PATCH).
# BASE_ALSO is a regular expression over subjects: patches of the posting
# that the base variant gets too (a check, to be seen failing there).
posting_conf() {
	POSTED=1 STANDALONE=0 SUBJECT_PREFIX=PATCH BASE_ALSO=
	# shellcheck disable=SC1090
	[ ! -f "$SERIES_DIR_ABS/$1/posting.conf" ] || . "$SERIES_DIR_ABS/$1/posting.conf"
}
# The git branch marking the last commit of posting P in the tree
# ("git rebase -i --update-refs base" keeps them in place).
posting_branch() { echo "posting/$1"; }

need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: run 'make deps' (installs Debian package ${2:-$1})"
}
