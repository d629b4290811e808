#!/usr/bin/env bash
# 'make bisect': build every prefix of the series, in order, in the
# worktree build/bisect (incremental kbuild and ccache, so a warm run costs
# little), with the patched kernel's config of a matrix configuration
# (CONFIG=default unless set; 'make bisect MATRIX=all' runs this for each).
# For each commit, the C files it touches are compiled again with W=1 and
# must not warn.  Stops at the first prefix that fails, naming it.
# With BISECT_SCENARIOS=a,b each prefix also boots those scenarios (with
# the patched variant's initramfs) and prints the checks that did not
# pass: what each patch changes, measured.  BISECT_FROM=N starts at the
# N-th prefix (the one before it is the baseline): for a series whose
# first N-1 patches were bisected already and did not change.
# BISECT_TO=M stops after the M-th prefix.
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"

BISECT_SCENARIOS=${BISECT_SCENARIOS:-}
if [ -n "${MATRIX:-}${CONFIGS:-}" ] && [ -z "${BISECT_ONE:-}" ]; then
	for c in $(config_list "${MATRIX:-$CONFIGS}"); do
		CONFIG=$c BISECT_ONE=1 bash "$0" || exit 1
	done
	exit 0
fi

WT=$BUILD/bisect${BASE_NAME:+-$BASE_NAME}
OUT=$WT/.out-$CONFIG
[ -d "$TREE/.git" ] || die "no tree: run 'make tree'"
commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
[ -n "$commits" ] || { info "empty series: nothing to bisect"; exit 0; }
if [ ! -e "$WT/.git" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$WT" base || die "cannot create $WT"
fi
kmake_init "$WT" "$OUT"
MAKE=("${KMAKE[@]}")
target=$(basename "$IMAGE")
mkdir -p "$OUT" "$LOGS"
log=$LOGS/bisect-$BASE_NAME-$CONFIG.log

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
# The base itself (or the prefix before BISECT_FROM), built once, so the
# first commit's W=1 warnings have a baseline to be compared with.
from=${BISECT_FROM:-1}
total=$(echo "$commits" | wc -l)
[ "$from" -ge 1 ] && [ "$from" -le "$total" ] || die "BISECT_FROM=$from: the series has $total patches"
to=${BISECT_TO:-$total}
[ "$to" -ge "$from" ] && [ "$to" -le "$total" ] ||
	die "BISECT_TO=$to: must lie between BISECT_FROM=$from and the series' $total patches"
first=base
[ "$from" -gt 1 ] && first=$(echo "$commits" | sed -n "$((from - 1))p")
git -C "$WT" checkout -q --detach "$first"
# Every prefix is built with the patched kernel's config.  build.sh decides
# whether that config is missing or stale (fragments, Kconfig) and only then
# remakes it, without building.
CONFIG_ONLY=1 bash "$TOP/scripts/build.sh" patched ||
	die "cannot configure the patched kernel ($CONFIG)"
use_patched_config() {
	cp "$(variant_out patched)/.config" "$OUT/.config" ||
		die "no .config in $(variant_out patched)"
}
use_patched_config
"${MAKE[@]}" olddefconfig >>"$log" 2>&1 && "${MAKE[@]}" "$target" modules >>"$log" 2>&1 ||
	die "the baseline ($([ "$first" = base ] && echo base || echo "prefix $((from - 1))")) does not build (log: $log)"
printf '%s ok %2d     %4ds  %s\n' "$CONFIG" "$((from - 1))" "$(( $(date +%s) - start ))" \
	"$([ "$first" = base ] && echo base || git -C "$TREE" log -1 --format='%h %s' "$first")"
i=0
for c in $commits; do
	i=$((i + 1))
	[ $i -lt "$from" ] && continue
	[ $i -gt "$to" ] && break
	subj=$(git -C "$TREE" log -1 --format='%h %s' "$c")
	t0=$(date +%s)
	cfiles=$(git -C "$TREE" diff-tree --no-commit-id --name-only -r "$c" | grep -E '\.c$' || true)
	# W=1 warnings of those files before the commit (line numbers dropped).
	before=$(w1_warnings $cfiles)
	git -C "$WT" checkout -q --detach "$c" || die "cannot check out $subj"
	use_patched_config
	if ! "${MAKE[@]}" olddefconfig >>"$log" 2>&1 || ! "${MAKE[@]}" "$target" modules >>"$log" 2>&1; then
		tail -n 20 "$log" >&2
		die "prefix $i/$total does not build: $subj (log: $log)"
	fi
	new=$(comm -13 <(echo "$before") <(w1_warnings $cfiles) | grep . || true)
	if [ -n "$new" ]; then
		echo "$new" >&2
		die "prefix $i/$total adds W=1 warnings in files it touches: $subj"
	fi
	printf '%s ok %2d/%d %4ds  %s\n' "$CONFIG" "$i" "$total" "$(( $(date +%s) - t0 ))" "$subj"
	for sc in ${BISECT_SCENARIOS//,/ }; do
		blog=$LOGS/bisect-$BASE_NAME-$CONFIG/$i-$sc.log
		python3 "$TOP/scripts/boot.py" "$TOP/scenarios/$sc.sh" --variant "prefix-$i" \
			--kernel "$OUT/$IMAGE" --initrd "$(variant_initrd patched)" --log "$blog" \
			--accel "${ACCEL:-tcg}" --config "$CONFIG" --arch "$SCENARIO_ARCH" --qemu "$QEMU" \
			--machine "$QEMU_ARGS" --console "$CONSOLE" --ctl "$CTL" \
			--timeout-scale "$TIMEOUT_SCALE" >/dev/null 2>&1 || true
		printf '    %s: %s\n' "$sc" "$(grep -E '^not ok' "${blog%.log}.ktap" 2>/dev/null |
			sed -E 's/^not ok [0-9]+ //' | paste -sd';' - | cut -c1-300)"
	done
done
info "$CONFIG: prefixes $from to $to of $total build ($(( $(date +%s) - start ))s)"
