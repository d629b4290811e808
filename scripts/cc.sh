#!/usr/bin/env bash
# 'make cc': the To/Cc a sender would use for each patch, from
# scripts/get_maintainer.pl on the patched tree (no git history, so only
# MAINTAINERS entries count).
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"
[ -x "$TREE/scripts/get_maintainer.pl" ] || die "no kernel tree: run 'make tree'"
all=()
while read -r entry; do
	f=$SERIES_DIR_ABS/$entry
	mapfile -t who < <(cd "$TREE" && perl scripts/get_maintainer.pl --no-git \
		--no-git-fallback --no-rolestats --no-multiline "$f" 2>/dev/null | tr ',' '\n' | sed 's/^ *//')
	to=() cc=()
	for w in "${who[@]}"; do
		[ -n "$w" ] || continue
		case $w in *@vger.kernel.org*|*@kvack.org*|*@lists.*) cc+=("$w") ;; *) to+=("$w") ;; esac
		all+=("$w")
	done
	echo "$entry"
	echo "  To: $(IFS=,; echo "${to[*]:-}" | sed 's/,/, /g')"
	echo "  Cc: $(IFS=,; echo "${cc[*]:-}" | sed 's/,/, /g')"
done < <(series_entries)
echo "0000-cover-letter.patch (everyone above)"
printf '%s\n' "${all[@]}" | sort -u | paste -sd, - | sed 's/,/, /g; s/^/  To+Cc: /'
