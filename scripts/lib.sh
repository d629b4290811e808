# Shared shell helpers for the bench scripts.  Sourced, never run.
# shellcheck shell=bash

set -o errexit -o nounset -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
BASE=${BASE:-6.1}
BASE_CONF=$TOP/base/$BASE.conf

die()  { printf 'error: %s\n' "$*" >&2; exit 1; }
warn() { printf 'warning: %s\n' "$*" >&2; }
info() { printf '==> %s\n' "$*" >&2; }

[ -r "$BASE_CONF" ] || die "no base description $BASE_CONF (BASE=$BASE)"
# shellcheck source=../base/6.1.conf
. "$BASE_CONF"

SERIES_DIR_ABS=$TOP/$SERIES_DIR
TREE=$BUILD/linux             # editable tree: base + whole series
BASE_TREE=$BUILD/base         # worktree: base + the test patches only
CACHE=$BUILD/cache
LOGS=$BUILD/logs
JOBS=${JOBS:-$(nproc)}

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
# uses a relative srctree and ccache hits across the two trees.
variant_out() {
	case $1 in
	patched|base) echo "$(variant_src "$1")/.out" ;;
	debug|base-debug) echo "$(variant_src "$1")/.out-debug" ;;
	bench|base-bench) echo "$(variant_src "$1")/.out-bench" ;;
	extra) echo "$TREE/.out-extra" ;;
	esac
}

# Test patches: those touching only these paths, plus test hooks in mm/
# named by subject.  The series starts with them; the first other commit
# starts the fixes, and build/base stops before it (see scripts/tree.sh).
TEST_PATHS_RE='^(tools/testing/|lib/test_|lib/Kconfig\.debug$|lib/Makefile$|MAINTAINERS$|Documentation/)'
TEST_SUBJECT_RE='^mm/[a-z_]+: add a test hook '

# The upstream version of an unpacked tree, from its Makefile.
tree_kernelversion() {
	awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3}
	     END{printf "%s.%s.%s\n", v, p, s}' "$1/Makefile"
}

# Non-comment, non-empty lines of the series file.
series_entries() {
	grep -vE '^[[:space:]]*(#|$)' "$SERIES_DIR_ABS/series" 2>/dev/null || true
}

need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: run 'make deps' (installs Debian package ${2:-$1})"
}
