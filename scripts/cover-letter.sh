#!/usr/bin/env bash
# Stage "series" (part): the cover letter, 0000-cover-letter.patch, from the
# hand-written patches/<base>/cover.txt (first line: the subject after
# "[PATCH 0/N] "; the rest: the body) plus what the tree says: the base,
# the shortlog and the diffstat.  Printed on stdout.
. "$(dirname "$0")/lib.sh"

cover=$SERIES_DIR_ABS/cover.txt
[ -r "$cover" ] || die "no $SERIES_DIR/cover.txt"
. "$BUILD/base-$BASE_NAME.env" 2>/dev/null || true
n=$(git -C "$TREE" rev-list --count base..HEAD)
subject=$(head -n1 "$cover")
cat <<EOT
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Memmap Series Developers <dev@memmap-series.invalid>
Date: $(git -C "$TREE" log -1 --format=%aD HEAD)
Subject: [PATCH 0/$n] $subject

EOT
tail -n +2 "$cover" | sed '1{/^$/d}'
cat <<EOT

Base: Linux $(tree_kernelversion "$TREE") as Debian ships it (${FETCHED_PACKAGE:-$DEB_PACKAGE} ${FETCHED_VERSION:-$DEB_VERSION}).

$(git -C "$TREE" shortlog --no-merges base..HEAD)

$(git -C "$TREE" diff --stat=72 base..HEAD)

-- 
EOT
