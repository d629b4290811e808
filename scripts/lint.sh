#!/usr/bin/env bash
# 'make lint': what a reviewer checks before reading the code, on every
# patch of the series:
#  - scripts/checkpatch.pl --strict: no ERROR, WARNING or CHECK, with two
#    exceptions.  FILE_PATH_CHANGES fires for every new file, even one a
#    MAINTAINERS directory entry covers; instead, every file the series
#    adds must be covered by a MAINTAINERS section other than THE REST
#    (scripts/get_maintainer.pl on the patched tree).  The CamelCase check
#    cannot see the page flag helpers (__SetPageOffline(), PageReserved(),
#    ...) that macros in page-flags.h generate; those names are the API.
#    UNKNOWN_COMMIT_ID: the trees are unpacked Debian sources without
#    upstream history, so checkpatch cannot look up the commits Fixes:
#    tags name; it still checks their form (GIT_COMMIT_ID).
#  - a Signed-off-by: line, and the From: identity of the project
#  - a subject "area: imperative summary" with a known area, at most 75
#    characters
#  - only files inside the series' scope (SCOPE_RE below)
#  - every Fixes: tag names a commit listed in base/fixes.verified with
#    the same subject (ids and subjects checked against upstream there)
#  - a posting whose posting.conf says STANDALONE=1 (fixes): every patch
#    applies to the base by itself
#  - each posting's cover letter names every patch of it, passes
#    checkpatch (line length of its text and shortlog) and its own text
#    (cover.txt) stays within 90 lines
#  - new Documentation pages parse and are linked from their index
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"

# Areas a subject may start with, and paths a patch may touch.
AREA_RE='^(mm|mm/[a-z_-]+|fs/proc/page|lib/test_memmap|selftests/memory-hotplug|selftests/mm|virtio-mem|hv_balloon|xen/balloon|Documentation/mm|MAINTAINERS)$'
SCOPE_RE='^(mm/|fs/proc/page\.c$|include/linux/(mm|mmzone|memory_hotplug|memremap|page-flags|mm_types)\.h$|lib/test_memmap\.c$|lib/Kconfig\.debug$|lib/Makefile$|tools/testing/selftests/memory-hotplug/|drivers/virtio/virtio_mem\.c$|drivers/hv/hv_balloon\.c$|drivers/xen/balloon\.c$|Documentation/mm/|Documentation/admin-guide/mm/|MAINTAINERS$)'
PAGEFLAG_CAMELCASE_RE='^CHECK: Avoid CamelCase: <_*(Set|Clear|TestSet|TestClear)?Page[A-Z][A-Za-z]*>$'
IDENTITY='Memmap Series Developers <dev@memmap-series.invalid>'

[ -x "$TREE/scripts/checkpatch.pl" ] || die "no kernel tree in $TREE: run 'make tree' first"
# checkpatch runs scripts/spdxcheck.py with "python3": use Debian's, which
# has python3-ply and python3-git, even when another python3 comes first.
export PATH=/usr/bin:$PATH

FIXES_OK=$TOP/base/fixes.verified
fail=0 n=0
report() {	# patch, problems...
	local p=$1; shift
	if [ $# -eq 0 ]; then
		printf 'PASS  %s\n' "$p"
	else
		fail=$((fail + 1))
		printf 'FAIL  %s\n' "$p"
		printf '      %s\n' "$@"
	fi
}

# Whether patch $1 applies to the base by itself (an index at base, no
# worktree needed).
applies_alone() {
	local idx rc=0
	idx=$(mktemp)
	GIT_INDEX_FILE=$idx git -C "$TREE" read-tree base &&
		GIT_INDEX_FILE=$idx git -C "$TREE" apply --cached --check "$1" 2>/dev/null || rc=1
	rm -f "$idx"
	return $rc
}

for post in $(postings); do
	posting_conf "$post"
	subjects=()
	while read -r entry; do
		n=$((n + 1))
		[ "$post" = . ] || entry=$post/$entry
		f=$SERIES_DIR_ABS/$entry
		probs=()
		[ -f "$f" ] || { report "$entry" "missing file"; continue; }
		if [ "$STANDALONE" = 1 ] && ! applies_alone "$f"; then
			probs+=("posting $post is STANDALONE, but this patch does not apply to the base by itself")
		fi
		while IFS= read -r fx; do
			id=$(sed -nE 's/^Fixes: ([0-9a-f]{12}) \(".*"\)$/\1/p' <<< "$fx")
			fsubj=$(sed -nE 's/^Fixes: [0-9a-f]{12} \("(.*)"\)$/\1/p' <<< "$fx")
			if [ -z "$id" ]; then
				probs+=("'$fx': not of the form 'Fixes: <12 hex digits> (\"subject\")'")
			elif ! awk -F'\t' -v id="$id" -v s="$fsubj" '$1 == id && $2 == s {ok = 1} END {exit !ok}' "$FIXES_OK"; then
				probs+=("'$fx': id and subject not in base/fixes.verified (check them against upstream, then add them)")
			fi
		done < <(grep -E '^Fixes:' "$f" || true)

		out=$(cd "$TREE" && perl scripts/checkpatch.pl --strict --no-tree -q \
			--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$f" 2>&1 | grep -E '^(ERROR|WARNING|CHECK):' |
			grep -vE "$PAGEFLAG_CAMELCASE_RE" || true)
		[ -n "$out" ] && while IFS= read -r l; do probs+=("checkpatch: $l"); done <<< "$out"

		grep -q "^Signed-off-by: $IDENTITY$" "$f" || probs+=("no 'Signed-off-by: $IDENTITY'")
		grep -q "^From: $IDENTITY$" "$f" || probs+=("author is not '$IDENTITY'")

		subj=$(sed -n 's/^Subject: \[PATCH[^]]*\] //p' "$f" | head -n1)
		# A subject format-patch folded onto a second line.
		subj="$subj$(awk '/^Subject:/{s=1; next} s && /^ /{sub(/^ /, " "); printf "%s", $0; next} {s=0}' "$f")"
		subjects+=("$subj")
		area=${subj%%: *}
		[ "$area" != "$subj" ] && [[ $area =~ $AREA_RE ]] ||
			probs+=("subject '$subj' does not start with a known area (mm/...:, lib/test_memmap:, ...)")
		[ ${#subj} -le 75 ] || probs+=("subject is ${#subj} characters (at most 75)")
		rest=${subj#*: }
		[[ $rest =~ ^[a-z] ]] || probs+=("summary should start lower case and imperative: '$rest'")

		while read -r path; do
			[[ $path =~ $SCOPE_RE ]] || probs+=("touches $path, outside the series' scope")
		done < <(grep -E '^diff --git ' "$f" | sed 's#^diff --git a/\([^ ]*\) .*#\1#')

		while read -r path; do
			sec=$(cd "$TREE" && PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 perl scripts/get_maintainer.pl --no-git --no-git-fallback \
				--sections -f "$path" 2>/dev/null | grep -E '^[A-Z][A-Z0-9 ()/,.&-]+$' | grep -v '^THE REST$' || true)
			[ -n "$sec" ] || probs+=("new file $path is not covered by a MAINTAINERS section")
		done < <(awk '/^diff --git /{p=$3; sub(/^a\//, "", p)} /^new file mode/{print p}' "$f")

		report "$entry" "${probs[@]}"
	done < <(posting_entries "$post")

	cover=$SERIES_DIR_ABS/$post/0000-cover-letter.patch
	if [ "$POSTED" = 1 ] && [ ${#subjects[@]} -gt 0 ]; then
		probs=()
		[ -f "$cover" ] || probs+=("posting $post has no cover letter ('make series' writes it from cover.txt)")
		if [ -f "$cover" ]; then
			for sj in "${subjects[@]}"; do
				grep -qF "${sj:0:40}" "$cover" || probs+=("does not list '$sj'")
			done
			grep -q '\*\*\* SUBJECT HERE \*\*\*\|\*\*\* BLURB HERE \*\*\*' "$cover" &&
				probs+=("still has the format-patch placeholders")
			# Its text, shortlog included, is read as a commit message:
			# lines of at most 75 characters.
			out=$(cd "$TREE" && perl scripts/checkpatch.pl --strict --no-tree -q "$cover" 2>&1 |
				grep -E '^(ERROR|WARNING|CHECK):' || true)
			[ -n "$out" ] && while IFS= read -r l; do probs+=("checkpatch: $l"); done <<< "$out"
			lines=$(wc -l < "$SERIES_DIR_ABS/$post/cover.txt")
			[ "$lines" -le 90 ] || probs+=("cover.txt is $lines lines: a cover letter of about 60-80 lines reads best")
		fi
		report "${post#./}/0000-cover-letter.patch" "${probs[@]}"
	fi
done

# Documentation: every .rst page the series adds parses with docutils
# (make htmldocs is too heavy here; the pages use plain reStructuredText)
# and is linked from its directory's index.rst.
docs=$(cd "$TREE" && git diff --name-only --diff-filter=A base..HEAD -- 'Documentation/*.rst')
for d in $docs; do
	probs=()
	out=$(/usr/bin/python3 -m docutils --halt=warning --report=warning \
		"$TREE/$d" /dev/null 2>&1) || probs+=("docutils: $(echo "$out" | head -n 3 | tr '\n' ' ')")
	idx=$(dirname "$d")/index.rst
	page=$(basename "$d" .rst)
	grep -qE "^[[:space:]]+$page\$" "$TREE/$idx" 2>/dev/null ||
		probs+=("$d is not in a toctree of $idx")
	report "$d" "${probs[@]}"
done

echo "# lint: $n patch(es), $fail with problems"
[ "$fail" -eq 0 ]
