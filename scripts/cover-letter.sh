#!/usr/bin/env bash
# Stage "series" (part): a posting's cover letter, 0000-cover-letter.patch,
# from its hand-written cover.txt (first line: the subject after
# "[PATCH 0/N] "; the rest: the body) plus what the tree says: the base,
# the shortlog and the diffstat.  Printed on stdout; scripts/series.sh adds
# the To: and Cc: (scripts/cc.sh) and the sender.
#
#   cover-letter.sh POSTING FROM TO     POSTING a directory of patches/<base>/
#                                       ("." for a single series), FROM..TO
#                                       its commits in the tree
. "$(dirname "$0")/lib.sh"

post=${1:?usage: cover-letter.sh POSTING FROM TO} from=${2:?} to=${3:?}
cover=$SERIES_DIR_ABS/$post/cover.txt
[ -r "$cover" ] || die "no ${SERIES_DIR}/$post/cover.txt"
. "$BUILD/base-$BASE_NAME.env" 2>/dev/null || true
posting_conf "$post"
n=$(git -C "$TREE" rev-list --count "$from..$to")
subject=$(head -n1 "$cover")
kv=$(tree_kernelversion "$TREE")

# What the patches apply to: upstream's tag when the base names one, and
# the Debian source it was taken from.
if [ -n "${UPSTREAM_TAG:-}" ]; then
	if [ "${FETCHED_KIND:-deb}" = orig ]; then
		based="Based on $UPSTREAM_TAG: the upstream tarball of Debian's source package
${FETCHED_PACKAGE:-$DEB_SRC_PACKAGE} ${FETCHED_VERSION:-$DEB_VERSION} (upstream's tree less the files Debian strips)."
	else
		based="Based on $UPSTREAM_TAG, as Debian's ${FETCHED_PACKAGE:-$DEB_PACKAGE} ${FETCHED_VERSION:-$DEB_VERSION}
ships it (upstream plus Debian's patches: the mirror used did not serve the
upstream tarball)."
	fi
else
	based="Based on Linux $kv as Debian ships it (${FETCHED_PACKAGE:-$DEB_PACKAGE} ${FETCHED_VERSION:-$DEB_VERSION})."
fi

cat <<EOT
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: Memmap Series Developers <dev@memmap-series.invalid>
Date: $(git -C "$TREE" log -1 --format=%aD "$to")
Subject: [$SUBJECT_PREFIX 0/$n] $subject

EOT
tail -n +2 "$cover" | sed '1{/^$/d}'
cat <<EOT

$based

$(git -C "$TREE" shortlog --no-merges "$from..$to")

$(git -C "$TREE" diff --stat=72 "$from..$to")
EOT
if [ -n "${UPSTREAM_COMMIT:-}" ]; then
	printf '\nbase-commit: %s\n' "$UPSTREAM_COMMIT"
fi
printf '%s\n' '-- '
