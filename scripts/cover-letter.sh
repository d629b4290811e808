#!/usr/bin/env bash
# Stage "series" (part): the cover letter, 0000-cover-letter.patch, from the
# hand-written patches/<base>/cover.txt (first line: the subject after
# "[PATCH 0/N] "; the rest: the body) plus what the tree says: the base,
# the shortlog and the diffstat.  Printed on stdout.  With the directory
# of the exported patches as argument, the letter gets the To: and Cc: a
# sender would use: get_maintainer.pl (MAINTAINERS only, no git history)
# over every patch, people and lists apart, as 'make cc' lists them.
. "$(dirname "$0")/lib.sh"

cover=$SERIES_DIR_ABS/cover.txt
[ -r "$cover" ] || die "no $SERIES_DIR/cover.txt"
. "$BUILD/base-$BASE_NAME.env" 2>/dev/null || true
n=$(git -C "$TREE" rev-list --count base..HEAD)
subject=$(head -n1 "$cover")
to=() cc=()
if [ -n "${1:-}" ] && [ -x "$TREE/scripts/get_maintainer.pl" ]; then
	while read -r w; do
		case $w in
		"") ;;
		*@vger.kernel.org*|*@kvack.org*|*@lists.*) cc+=("$w") ;;
		*) to+=("$w") ;;
		esac
	done < <(cd "$TREE" && perl scripts/get_maintainer.pl --no-git --no-git-fallback \
		--no-rolestats --no-multiline "$1"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null |
		tr ',' '\n' | sed 's/^ *//')
fi
cat <<EOT
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Memmap Series Developers <dev@memmap-series.invalid>
Date: $(git -C "$TREE" log -1 --format=%aD HEAD)
Subject: [PATCH 0/$n] $subject
EOT
[ ${#to[@]} -eq 0 ] || printf 'To: %s\n' "$(IFS=,; echo "${to[*]}" | sed 's/,/,\n    /g')"
[ ${#cc[@]} -eq 0 ] || printf 'Cc: %s\n' "$(IFS=,; echo "${cc[*]}" | sed 's/,/,\n    /g')"
echo
tail -n +2 "$cover" | sed '1{/^$/d}'
cat <<EOT

Base: Linux $(tree_kernelversion "$TREE") as Debian ships it (${FETCHED_PACKAGE:-$DEB_PACKAGE} ${FETCHED_VERSION:-$DEB_VERSION}).

$(git -C "$TREE" shortlog --no-merges base..HEAD)

$(git -C "$TREE" diff --stat=72 base..HEAD)

-- 
EOT
