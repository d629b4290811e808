#!/usr/bin/env bash
# 'make bisect': build every prefix of the series, in order, in the
# worktree build/bisect (incremental kbuild and ccache, so a warm run costs
# little), with the guest config.  For each commit, the C files it touches
# are compiled again with W=1 and must not warn.  Stops at the first prefix
# that fails, naming it.
. "$(dirname "$0")/lib.sh"

WT=$BUILD/bisect
OUT=$WT/.out
[ -d "$TREE/.git" ] || die "no tree: run 'make tree'"
commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { info "empty series: nothing to bisect"; exit 0; }
if [ ! -e "$WT/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$WT" base || die "cannot create $WT"
fi
export CCACHE_DIR=${CCACHE_DIR:-$BUILD/ccache} CCACHE_BASEDIR=$BUILD
export KBUILD_BUILD_TIMESTAMP="1970-01-01 00:00:00 UTC" KBUILD_BUILD_USER=bench KBUILD_BUILD_HOST=memmap-series
MAKE=(make -s -C "$WT" O="$OUT" ARCH=x86_64 "CC=ccache gcc" "HOSTCC=ccache gcc" -j"$JOBS")
mkdir -p "$OUT" "$LOGS"
log=$LOGS/bisect.log

# Sorted W=1 warnings of the given C files as built now, without line and
# column numbers; files the config does not build are skipped.
w1_warnings() {
	local f
	for f in "$@"; do
		[ -f "$OUT/${f%.c}.o" ] && [ -f "$WT/$f" ] || continue
		touch "$WT/$f"
		"${MAKE[@]}" W=1 "${f%.c}.o" 2>&1 | grep -E "^\.\./$f:[0-9]+:[0-9]+: warning" |
			sed -E 's/:[0-9]+:[0-9]+:/:/' || true
	done | sort -u
}
: > "$log"
start=$(date +%s)
# The base itself, built once, so the first commit's W=1 warnings have a
# baseline to be compared with.
git -C "$WT" checkout -q --detach base
cp "$(variant_out patched)/.config" "$OUT/.config" 2>/dev/null ||
	die "build the patched kernel once first (make build): its .config is reused"
"${MAKE[@]}" olddefconfig >>"$log" 2>&1 && "${MAKE[@]}" bzImage modules >>"$log" 2>&1 ||
	die "the base itself does not build (log: $log)"
printf 'ok  0     %4ds  base\n' "$(( $(date +%s) - start ))"
i=0 total=$(echo "$commits" | wc -l)
for c in $commits; do
	i=$((i + 1))
	subj=$(git -C "$TREE" log -1 --format='%h %s' "$c")
	t0=$(date +%s)
	cfiles=$(git -C "$TREE" diff-tree --no-commit-id --name-only -r "$c" | grep -E '\.c$' || true)
	# W=1 warnings of those files before the commit (line numbers dropped).
	before=$(w1_warnings $cfiles)
	git -C "$WT" checkout -q --detach "$c" || die "cannot check out $subj"
	cp "$(variant_out patched)/.config" "$OUT/.config" 2>/dev/null ||
		die "build the patched kernel once first (make build): its .config is reused"
	if ! "${MAKE[@]}" olddefconfig >>"$log" 2>&1 || ! "${MAKE[@]}" bzImage modules >>"$log" 2>&1; then
		tail -n 20 "$log" >&2
		die "prefix $i/$total does not build: $subj (log: $log)"
	fi
	new=$(comm -13 <(echo "$before") <(w1_warnings $cfiles) | grep . || true)
	if [ -n "$new" ]; then
		echo "$new" >&2
		die "prefix $i/$total adds W=1 warnings in files it touches: $subj"
	fi
	printf 'ok %2d/%d %4ds  %s\n' "$i" "$total" "$(( $(date +%s) - t0 ))" "$subj"
done
info "all $total prefixes build ($(( $(date +%s) - start ))s)"
