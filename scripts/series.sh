#!/usr/bin/env bash
# Stage "series": export the commits after "base" in the base's tree.
#
# 1. The repository copy, patches/<base>/: each posting's commits (those
#    up to its branch posting/<name>, see scripts/tree.sh) as
#    NNNN-subject.patch, its series file, and for a posted one the cover
#    letter (from its cover.txt, see scripts/cover-letter.sh), with the
#    identity the commits carry (Memmap Series Developers, a placeholder).
# 2. The postings a person sends, build/postings/<base>/<posting>/: the
#    same files with the sender as author and in Signed-off-by: (DCO),
#    To:/Cc: per patch (scripts/cc.sh), ready for git send-email.
#
# The sender is AUTHOR="Name <mail>", else git's user.name/user.email.
# An address under a reserved top-level domain (.invalid, .example, .test,
# .localhost) or none cannot sign off a posting: the
# script refuses before writing anything, unless DRAFT=1 (then the
# postings keep the placeholder and say DRAFT).
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"

IDENTITY='Memmap Series Developers <dev@memmap-series.invalid>'
[ -d "$TREE/.git" ] || die "no tree at $TREE: run 'make tree' first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes; commit them first"

# --- the sender ---------------------------------------------------------
if [ -n "${AUTHOR:-}" ]; then
	sender=$AUTHOR
else
	name=$(git -C "$TOP" config user.name 2>/dev/null || true)
	mail=$(git -C "$TOP" config user.email 2>/dev/null || true)
	sender="$name <$mail>"
	[ -n "$name" ] && [ -n "$mail" ] || sender=
fi
[ -z "$sender" ] || [[ $sender =~ ^[^\<\>]+\ \<[^\<\>@\ ]+@[^\<\>@\ ]+\>$ ]] ||
	die "AUTHOR='$sender' is not of the form 'Name <mail@host>'"
if [ -z "$sender" ] || [[ $sender =~ \.(invalid|example|test|localhost)\>$ ]]; then
	if [ "${DRAFT:-}" != 1 ]; then
		die "refusing to write postings signed off by '${sender:-nobody}': the DCO needs a real person's address.
  make series AUTHOR='Your Name <you@example.org>'   (or set git config user.name/user.email)
  make series DRAFT=1                                 (placeholder identity, not for sending)"
	fi
	warn "DRAFT=1: postings keep the placeholder identity '${sender:-$IDENTITY}'; do not send them"
	sender=$IDENTITY draft=1
else
	draft=
fi

# --- where each posting starts and ends ---------------------------------
mapfile -t plist < <(postings)
declare -a starts=() ends=()
prev=base
for p in "${plist[@]}"; do
	if [ "$p" = . ]; then
		end=HEAD
	else
		end=$(posting_branch "$p")
		git -C "$TREE" rev-parse -q --verify "refs/heads/$end" >/dev/null ||
			die "no branch $end in $TREE: mark the last commit of posting '$p' with 'git branch -f $end <commit>'"
	fi
	git -C "$TREE" merge-base --is-ancestor "$prev" "$end" ||
		die "$end is not after $prev in $TREE: rebase with 'git rebase -i --update-refs base' or move the branch"
	git -C "$TREE" merge-base --is-ancestor "$end" HEAD ||
		die "$end is not an ancestor of HEAD in $TREE (stale after a rebase without --update-refs?)"
	starts+=("$prev") ends+=("$end")
	prev=$end
done
[ "$(git -C "$TREE" rev-parse "$prev")" = "$(git -C "$TREE" rev-parse HEAD)" ] ||
	die "commits after $prev belong to no posting: move the branch of the posting they belong to"

# --- export ---------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$BUILD/postings/$BASE_NAME
rm -rf "$out"
total=0
for i in "${!plist[@]}"; do
	p=${plist[$i]} range=${starts[$i]}..${ends[$i]}
	posting_conf "$p"
	n=$(git -C "$TREE" rev-list --count "$range")
	total=$((total + n))
	d=$tmp/$p
	mkdir -p "$d"
	# Stable output: no version signature, no commit hashes that change on
	# every rebase in the From line, fixed abbreviation.
	prefix=()
	[ "$POSTED" = 1 ] && prefix=(--subject-prefix="$SUBJECT_PREFIX")
	[ "$n" -eq 0 ] || git -C "$TREE" format-patch -q --no-signature --zero-commit --abbrev=12 \
		"${prefix[@]}" -o "$d" "$range" >/dev/null
	if [ "$POSTED" = 1 ] && [ "$n" -gt 0 ]; then
		bash "$TOP/scripts/cover-letter.sh" "$p" "${starts[$i]}" "${ends[$i]}" \
			> "$d/0000-cover-letter.patch" || die "cannot write the cover letter of posting $p"
		# To: and Cc: per patch, the union on the cover letter.
		bash "$TOP/scripts/cc.sh" --headers "$d" > "$d/.recipients" ||
			die "cannot compute the recipients of posting $p"
		for f in "$d"/[0-9][0-9][0-9][0-9]-*.patch; do
			awk -v rcpt="$d/.recipients" -v file="$(basename "$f")" '
				BEGIN { while ((getline l < rcpt) > 0) { i = index(l, "\t"); if (substr(l, 1, i - 1) == file) hdr = hdr substr(l, i + 1) "\n" } }
				!done && /^$/ { printf "%s", hdr; done = 1 }
				{ print }' "$f" > "$f.new" && mv "$f.new" "$f"
		done
	fi
	dest=$SERIES_DIR_ABS/$p
	mkdir -p "$dest"
	find "$dest" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' -delete
	cp "$d"/[0-9][0-9][0-9][0-9]-*.patch "$dest/" 2>/dev/null || true
	[ "$POSTED" = 1 ] || rm -f "$dest/0000-cover-letter.patch"
	{
		if [ "$p" = . ]; then
			echo "# Series for Linux $BASE_NAME ($DEB_PACKAGE $DEB_VERSION), applied in order with git am."
		else
			echo "# Posting '$p' for Linux $BASE_NAME ($DEB_PACKAGE $DEB_VERSION), applied in order with git am"
			echo "# after the postings before it in ../postings."
		fi
		echo "# Generated by 'make series' from the tree; edit the tree, not this file."
		( cd "$dest" && ls -- [0-9][0-9][0-9][0-9]-*.patch 2>/dev/null | grep -v '^0000-' ) || true
	} > "$dest/series"
	# The posting a person sends: the sender as author and in
	# Signed-off-by:, the recipients in the headers.
	[ "$POSTED" = 1 ] && [ "$n" -gt 0 ] || continue
	pd=$out/$p
	[ "$p" != . ] || pd=$out
	mkdir -p "$pd"
	for f in "$d"/[0-9][0-9][0-9][0-9]-*.patch; do
		b=$(basename "$f")
		awk -v sender="$sender" -v ident="$IDENTITY" -v draft="$draft" '
			!done && /^From: / { print "From: " sender; next }
			!done && /^Subject: / && draft { sub(/^Subject: \[/, "Subject: [DRAFT "); }
			!done && /^$/ { done = 1 }
			done && $0 == "Signed-off-by: " ident { print "Signed-off-by: " sender; next }
			{ print }' "$f" > "$pd/$b"
	done
	info "posting ${p#.}: $n patch(es) + cover letter in ${pd#"$TOP"/}, from $sender"
done
info "exported $total patch(es) to $SERIES_DIR/"
# The base worktree follows the test patches (make check does it too);
# KEEP_BASE_TREE=1 leaves it alone while a build is using it.
[ -n "${KEEP_BASE_TREE:-}" ] || bash "$TOP/scripts/tree.sh" --base-only
