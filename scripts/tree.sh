#!/usr/bin/env bash
# Stage "tree": build/linux as a git repository holding one base commit
# (the Debian source, tagged "base") and the series applied with git am;
# build/base as a worktree at base + the test patches only.
#
#   tree.sh            create or bring up to date (never loses local work)
#   tree.sh --reset    throw away build/linux commits and reapply the series
#   tree.sh --base-only  only (re)position build/base
. "$(dirname "$0")/lib.sh"

need_cmd git
mode=${1:-}

apply_series() {
	local n=0 p
	while read -r p; do
		n=$((n + 1))
		[ -f "$SERIES_DIR_ABS/$p" ] ||
			die "series entry $n names $SERIES_DIR/$p, which does not exist"
		if ! git -C "$TREE" am -q --3way "$SERIES_DIR_ABS/$p" >/dev/null 2>"$BUILD/am.err"; then
			git -C "$TREE" am --abort >/dev/null 2>&1 || true
			sed 's/^/    /' "$BUILD/am.err" >&2
			die "patch $n of the series does not apply: $SERIES_DIR/$p (tree left at the patch before it)"
		fi
	done < <(series_entries)
	info "applied $n patch(es) from $SERIES_DIR/series"
}

# patch-ids of the series files and of the tree's commits, one per line.
series_ids() {
	local p
	while read -r p; do
		git -C "$TREE" patch-id --stable < "$SERIES_DIR_ABS/$p" | cut -d' ' -f1
	done < <(series_entries)
}
tree_ids() {
	local c
	for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
		git -C "$TREE" show "$c" | git -C "$TREE" patch-id --stable | cut -d' ' -f1
	done
}

create_tree() {
	local deb version kv
	# shellcheck disable=SC1090
	. "$BUILD/base-$BASE_NAME.env" ||
		die "run scripts/fetch.sh first (no build/base-$BASE_NAME.env)"
	deb=$FETCHED_DEB version=$FETCHED_VERSION
	info "unpacking $(basename "$deb") into $TREE"
	rm -rf "$TREE.new"
	mkdir -p "$TREE.new"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO "./$DEB_TARBALL" |
		tar -xJ -C "$TREE.new" --strip-components=1 ||
		die "unpacking $deb failed"
	# Debian's top-level .gitignore ends with a block ignoring "/*", which
	# hides every file from git.  Drop that block so git sees the tree.
	sed -i '/^# Debian packaging: ignore everything/,$d' "$TREE.new/.gitignore"
	sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$TREE.new/.gitignore"
	sed -i '${/^#$/d}' "$TREE.new/.gitignore"
	kv=$(tree_kernelversion "$TREE.new")
	(
		cd "$TREE.new"
		git init -q -b work
		git config user.name "Memmap Series Developers"
		git config user.email "dev@memmap-series.invalid"
		git config core.abbrev 12
		git add -A
		git commit -q -m "base: $DEB_PACKAGE $version (Linux $kv)" \
			-m "Unpacked from Debian's $DEB_PACKAGE $version; only the Debian
block of the top-level .gitignore that ignores every path is removed."
		git tag base
	) || die "creating the git repository in $TREE.new failed"
	mv "$TREE.new" "$TREE"
}

position_base_tree() {
	# base + test patches: the commits before the first one that touches a
	# path outside TEST_PATHS_RE.
	local target=base c files
	for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
		files=$(git -C "$TREE" diff-tree --no-commit-id --name-only -r "$c")
		subject=$(git -C "$TREE" log -1 --format=%s "$c")
		if echo "$files" | grep -qvE "$TEST_PATHS_RE" &&
		   ! [[ $subject =~ $TEST_SUBJECT_RE ]]; then
			break
		fi
		target=$c
	done
	target=$(git -C "$TREE" rev-parse "$target")
	if [ ! -e "$BASE_TREE/.git" ]; then
		rm -rf "$BASE_TREE"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$BASE_TREE" "$target" ||
			die "cannot create the base worktree $BASE_TREE"
	elif [ "$(git -C "$BASE_TREE" rev-parse HEAD)" != "$target" ]; then
		git -C "$BASE_TREE" checkout -q --detach "$target" ||
			die "cannot move $BASE_TREE to $target (local changes there?)"
	fi
	echo "$target" > "$BUILD/base-tree.commit"
	info "build/base at $(git -C "$TREE" log -1 --format='%h %s' "$target")"
}

mkdir -p "$BUILD"
if [ "$mode" = --base-only ]; then
	position_base_tree
	exit 0
fi

if [ ! -d "$TREE/.git" ]; then
	create_tree
	apply_series
elif [ "$mode" = --reset ]; then
	[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
		die "build/linux has uncommitted changes; commit or stash them first"
	git -C "$TREE" am --abort >/dev/null 2>&1 || true
	git -C "$TREE" reset -q --hard base
	apply_series
else
	# Bring an existing tree up to date only when that loses nothing: the
	# tree's commits must be a prefix of the series (same patch-ids).
	if [ -d "$TREE/.git/rebase-apply" ] || [ -d "$TREE/.git/rebase-merge" ]; then
		die "build/linux is in the middle of a git am/rebase; finish or abort it"
	fi
	s=$(series_ids) t=$(tree_ids)
	if [ "$s" != "$t" ]; then
		if [ -z "$t" ] || [ "${s#"$t"$'\n'}" != "$s" ]; then
			[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
				die "build/linux has uncommitted changes and $SERIES_DIR/series has new patches; commit or stash them first"
			info "build/linux is behind $SERIES_DIR/series; reapplying"
			git -C "$TREE" reset -q --hard base
			apply_series
		else
			warn "build/linux differs from $SERIES_DIR/series (work not exported); using the tree as it is.
  'make series' exports it; 'make tree RESET=1' discards it."
		fi
	fi
fi
position_base_tree
