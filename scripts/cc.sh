#!/usr/bin/env bash
# 'make cc': the recipients of each posted patch, and why each is there.
#
# For every file a patch touches, scripts/get_maintainer.pl of the base
# (MAINTAINERS only, no git history) names maintainers, reviewers and
# lists.  To: the maintainers, Cc: the reviewers and lists.  Then
# patches/<base>/recipients (data, one rule a line, tab-separated, each
# with its reason):
#   drop   SECTION                         a section listed for a file for
#                                          reasons unrelated to the series
#   add    PATCH-RE  To|Cc  ADDRESS        someone MAINTAINERS does not name
# The cover letter of a posting goes to everyone its patches go to.
#
#   cc.sh                 the table for every posted patch, with reasons
#   cc.sh --headers DIR   for each NNNN-*.patch in DIR (a posting being
#                         exported), "FILE<TAB>header line" lines: To:
#                         and Cc: folded, read by scripts/series.sh
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"
[ -x "$TREE/scripts/get_maintainer.pl" ] || die "no kernel tree: run 'make tree'"
rules=$SERIES_DIR_ABS/recipients

# get_maintainer.pl lists in the order of Perl hashes: seeded, so that
# the headers do not change from one export to the next.
# who FILE...: "ROLE<TAB>SECTION<TAB>ADDRESS<TAB>FILE" per role.
who() {
	local f
	for f in "$@"; do
		(cd "$TREE" && PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 perl scripts/get_maintainer.pl --no-git --no-git-fallback \
			--rolestats -f "$f" 2>/dev/null) | awk -v file="$f" '
			{
				i = index($0, " ("); addr = substr($0, 1, i - 1)
				roles = substr($0, i + 2); sub(/\)$/, "", roles)
				n = split(roles, r, ",")
				for (k = 1; k <= n; k++) {
					j = index(r[k], ":")
					role = j ? substr(r[k], 1, j - 1) : r[k]
					sect = j ? substr(r[k], j + 1) : "-"
					print role "\t" sect "\t" addr "\t" file
				}
			}'
	done
}

# recipients PATCH: "To|Cc<TAB>ADDRESS<TAB>REASON" lines, one per address.
recipients() {
	local p=$1 files
	files=$(grep -E '^diff --git ' "$p" | sed 's#^diff --git a/\([^ ]*\) .*#\1#' | sort -u)
	# shellcheck disable=SC2086
	{ who $files; [ ! -f "$rules" ] || sed 's/^/RULE\t/' "$rules"
	  awk '/^---$/ {exit} body && sub(/^Cc: /, "") {print "TRAILER\t" $0} /^$/ {body = 1}' "$p"; } |
	awk -F'\t' -v patch="$(basename "$p")" '
		$1 == "RULE" && $2 == "drop" { drop[$3] = $4; next }
		$1 == "RULE" && $2 == "add" { if (patch ~ $3) { add[++na] = $4 "\t" $5 "\t" $6 }; next }
		$1 == "RULE" { next }
		$1 == "TRAILER" { trailer[++nt] = $2; next }
		{ role[++n] = $1; sect[n] = $2; addr[n] = $3; file[n] = $4 }
		END {
			for (i = 1; i <= n; i++) {
				if (sect[i] in drop) { dropped[addr[i]] = sect[i]; continue }
				a = addr[i]
				kind = (role[i] == "maintainer") ? "To" : "Cc"
				if (!(a in how) || kind == "To") how[a] = kind
				why = role[i] (sect[i] != "-" ? ": " sect[i] : "") " (" file[i] ")"
				if (!index(reason[a], why)) reason[a] = reason[a] (reason[a] ? "; " : "") why
				if (!(a in seen)) { seen[a] = 1; order[++m] = a }
			}
			for (i = 1; i <= na; i++) {
				split(add[i], f, "\t")
				if (!(f[2] in seen)) { seen[f[2]] = 1; order[++m] = f[2] }
				if (!(f[2] in how) || f[1] == "To") how[f[2]] = f[1]
				reason[f[2]] = reason[f[2]] (reason[f[2]] ? "; " : "") f[3]
			}
			for (i = 1; i <= m; i++) if (how[order[i]] == "To") print "To\t" order[i] "\t" reason[order[i]]
			for (i = 1; i <= m; i++) if (how[order[i]] == "Cc") print "Cc\t" order[i] "\t" reason[order[i]]
			for (i = 1; i <= nt; i++) print "Cc\t" trailer[i] "\tthe Cc: trailer of the patch (git send-email adds it)"
			for (a in dropped) if (!(a in seen)) print "--\t" a "\tnot sent: only " dropped[a] " (" drop[dropped[a]] ")"
		}'
}

# header KIND ADDRESS...: one folded To:/Cc: header.
header() {
	local kind=$1; shift
	[ $# -gt 0 ] || return 0
	printf '%s: %s' "$kind" "$1"; shift
	for a in "$@"; do printf ',\n    %s' "$a"; done
	printf '\n'
}

if [ "${1:-}" = --headers ]; then
	dir=${2:?usage: cc.sh --headers DIR}
	declare -A ALLTO=() ALLCC=()
	allto=() allcc=()
	for f in "$dir"/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -f "$f" ] || continue
		b=$(basename "$f")
		[ "$b" != 0000-cover-letter.patch ] || continue
		mapfile -t to < <(recipients "$f" | awk -F'\t' '$1 == "To" {print $2}')
		mapfile -t cc < <(recipients "$f" | awk -F'\t' '$1 == "Cc" && $3 !~ /^the Cc: trailer/ {print $2}')
		{ header To "${to[@]}"; header Cc "${cc[@]}"; } | sed "s/^/$b\t/"
		for a in "${to[@]}"; do [ -n "${ALLTO[$a]:-}" ] || { ALLTO[$a]=1; allto+=("$a"); }; done
		for a in "${cc[@]}"; do [ -n "${ALLCC[$a]:-}" ] || { ALLCC[$a]=1; allcc+=("$a"); }; done
	done
	cover=()
	for a in "${allcc[@]}"; do [ -n "${ALLTO[$a]:-}" ] || cover+=("$a"); done
	{ header To "${allto[@]}"; header Cc "${cover[@]}"; } | sed "s/^/0000-cover-letter.patch\t/"
	exit 0
fi

for post in $(postings); do
	posting_conf "$post"
	if [ "$POSTED" != 1 ]; then
		echo "# $post: not posted (the bench's own patches)"
		continue
	fi
	echo "# posting: $post"
	while read -r entry; do
		f=$SERIES_DIR_ABS/$post/$entry
		[ "$post" = . ] && f=$SERIES_DIR_ABS/$entry
		echo "$entry"
		recipients "$f" | awk -F'\t' '{ printf "  %-3s %-48s %s\n", $1 ":", $2, $3 }'
	done < <(posting_entries "$post")
	echo "0000-cover-letter.patch: To: every To: above; Cc: every Cc: above not in To:"
	echo
done
