#!/usr/bin/env bash
# Stage "tree": build/linux as a git repository holding one base commit
# (the Debian source, tagged "base") and the series applied with git am;
# build/base as a worktree at base + the test patches only.
#
#   tree.sh            create or bring up to date (never loses local work)
#   tree.sh --reset    throw away build/linux commits and reapply the series
#   tree.sh --base-only  only (re)position build/base
. "$(dirname "$0")/bases.sh"
. "$(dirname "$0")/lib.sh"

need_cmd git
mode=${1:-}

apply_series() {
	local n=0 p post
	for post in $(postings); do
		while read -r p; do
			n=$((n + 1))
			[ "$post" = . ] || p=$post/$p
			[ -f "$SERIES_DIR_ABS/$p" ] ||
				die "series entry $n names $SERIES_DIR/$p, which does not exist"
			if ! git -C "$TREE" am -q --3way "$SERIES_DIR_ABS/$p" >/dev/null 2>"$BUILD/am.err"; then
				git -C "$TREE" am --abort >/dev/null 2>&1 || true
				sed 's/^/    /' "$BUILD/am.err" >&2
				die "patch $n of the series does not apply: $SERIES_DIR/$p (tree left at the patch before it)"
			fi
		done < <(posting_entries "$post")
		# Each posting's last commit carries a branch, so that
		# 'make series' knows where one posting ends and the next begins.
		[ "$post" = . ] || git -C "$TREE" branch -f "$(posting_branch "$post")" HEAD
	done
	info "applied $n patch(es) from $SERIES_DIR ($(postings | paste -sd' ' -))"
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
	rm -rf "$TREE.new"
	mkdir -p "$TREE.new"
	if [ "${FETCHED_KIND:-deb}" = orig ]; then
		info "unpacking $(basename "$FETCHED_ORIG") (upstream's tree) into $TREE"
		tar -xf "$FETCHED_ORIG" -C "$TREE.new" --strip-components=1 ||
			die "unpacking $FETCHED_ORIG failed"
		origin="the upstream tarball of Debian's source package $FETCHED_PACKAGE $version"
	else
		info "unpacking $(basename "$deb") into $TREE"
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./${FETCHED_TARBALL:-$DEB_TARBALL}" |
			tar -xJ -C "$TREE.new" --strip-components=1 ||
			die "unpacking $deb failed"
		origin="Debian's $FETCHED_PACKAGE $version"
	fi
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
		git commit -q -m "base: $FETCHED_PACKAGE $version (Linux $kv)" \
			-m "Unpacked from $origin; only the Debian
block of the top-level .gitignore that ignores every path is removed."
		git tag base
	) || die "creating the git repository in $TREE.new failed"
	mv "$TREE.new" "$TREE"
}

# Whether commit $1 of the tree is a test patch (see lib.sh), or one a
# posting's BASE_ALSO names (a check the base variant must run too, so
# that it can be seen failing there).
is_test_patch() {
	local re subj
	subj=$(git -C "$TREE" log -1 --format=%s "$1")
	for re in "${BASE_ALSO_RES[@]}"; do
		[[ $subj =~ $re ]] && return 0
	done
	git -C "$TREE" diff-tree --no-commit-id --name-only -r "$1" |
		grep -qvE "$TEST_PATHS_RE" && return 1
	return 0
}
BASE_ALSO_RES=()
for post in $(postings); do
	posting_conf "$post"
	[ -z "${BASE_ALSO:-}" ] || BASE_ALSO_RES+=("$BASE_ALSO")
done

position_base_tree() {
	# base + the test patches of the series, in their order, without the
	# fixes: the base variant shows what the checks see on the base.  The
	# test patches are cherry-picked with their own dates, so the same
	# series gives the same commits (and the same kernel release) every
	# time.
	local tests=() c target key
	for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
		is_test_patch "$c" && tests+=("$(git -C "$TREE" rev-parse "$c")")
	done
	key="$(git -C "$TREE" rev-parse base) ${tests[*]}"
	if [ -e "$BASE_TREE/.git" ] && [ "$(cat "$BUILD/base-tree-$BASE_NAME.key" 2>/dev/null)" = "$key" ] &&
	   [ "$(git -C "$BASE_TREE" rev-parse HEAD)" = "$(cat "$BUILD/base-tree-$BASE_NAME.commit" 2>/dev/null)" ]; then
		info "build/${BASE_TREE##*/} at $(git -C "$BASE_TREE" log -1 --format='%h %s')"
		return
	fi
	if [ ! -e "$BASE_TREE/.git" ]; then
		rm -rf "$BASE_TREE"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$BASE_TREE" base ||
			die "cannot create the base worktree $BASE_TREE"
	fi
	git -C "$BASE_TREE" cherry-pick --abort >/dev/null 2>&1 || true
	git -C "$BASE_TREE" checkout -q --detach base ||
		die "cannot move $BASE_TREE to base (local changes there?)"
	for c in "${tests[@]}"; do
		GIT_COMMITTER_DATE=$(git -C "$TREE" log -1 --format=%cD "$c") \
		GIT_COMMITTER_NAME=$(git -C "$TREE" log -1 --format=%cn "$c") \
		GIT_COMMITTER_EMAIL=$(git -C "$TREE" log -1 --format=%ce "$c") \
			git -C "$BASE_TREE" cherry-pick "$c" >/dev/null 2>"$BUILD/cherry-pick.err" || {
				sed 's/^/    /' "$BUILD/cherry-pick.err" >&2
				git -C "$BASE_TREE" cherry-pick --abort >/dev/null 2>&1 || true
				die "test patch $(git -C "$TREE" log -1 --format='%h %s' "$c") does not apply to the base by itself"
			}
	done
	target=$(git -C "$BASE_TREE" rev-parse HEAD)
	echo "$target" > "$BUILD/base-tree-$BASE_NAME.commit"
	echo "$key" > "$BUILD/base-tree-$BASE_NAME.key"
	info "build/${BASE_TREE##*/}: base + ${#tests[@]} test patch(es), at $(git -C "$BASE_TREE" log -1 --format='%h %s')"
}

mkdir -p "$BUILD"
if [ -n "${SERIES_TREE:-}" ]; then
	# Another tree stands in for the series: build/base stays as the
	# series in patches/ puts it.
	[ -d "$SERIES_TREE/.git" ] || [ -f "$SERIES_TREE/.git" ] || die "SERIES_TREE=$SERIES_TREE is no git tree"
	info "SERIES_TREE: patched variants from $SERIES_TREE at $(git -C "$SERIES_TREE" log -1 --format='%h %s')"
	exit 0
fi
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
