#!/bin/sh
# A centre whose main has a path no checkout may write (hand-made trees:
# ".git", "..", ".", "/abs", "a/../b", "", a control character, a name twice,
# a symbolic link, a submodule, entries out of order): kbsync refuses it
# before anything moves, exit 1, naming the path (shown safely) and
# "kbsync keeps main at <old>; the centre must fix main".  Main, the work
# tree, the journal and last-sync are untouched, search goes on with the
# last good main, and every later kbsync takes the centre's main by itself
# once it is safe again: a commit that removes the bad entry, or a
# rewritten history.  An office an older kbsync left stuck (main moved to
# the unsafe commit, the work-tree journal left) recovers by itself too.
# kb init --remote refuses such a main the same way, leaving nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

# raw_entry MODE NAME HEX: one tree entry as git stores it.
raw_entry() {
	printf '%s %s\000' "$1" "$2"
	_h=$3
	while [ -n "$_h" ]; do
		_p=${_h%"${_h#??}"}
		_h=${_h#??}
		# shellcheck disable=SC2059
		printf "\\$(printf '%03o' "0x$_p")"
	done
}

# raw_tree [--unsorted]: a tree at the centre from lines "MODE HEX NAME"
# (tab-separated) on stdin, in git's order (a folder sorts as NAME/)
# unless --unsorted; prints its id.  git mktree refuses such names.
raw_tree() {
	_sort="sort"
	[ "${1:-}" = --unsorted ] && _sort="sort -r"
	while IFS="$TAB" read -r _m _h _n; do
		_k=$_n
		[ "$_m" = 40000 ] && _k="$_n/"
		printf '%s\t%s\t%s\t%s\n' "$_k" "$_m" "$_h" "$_n"
	done | LC_ALL=C $_sort -t "$TAB" -k1,1 >"$tmp/raw.lines"
	while IFS="$TAB" read -r _k _m _h _n; do
		raw_entry "$_m" "$_n" "$_h"
	done <"$tmp/raw.lines" >"$tmp/raw.tree"
	git -C "$centre" hash-object -t tree --literally -w "$tmp/raw.tree"
}

# The entries of a tree at the centre, as raw_tree reads them.
entries() {
	git -C "$centre" ls-tree "$1" | sed 's/^0*\([0-7]*\) [a-z]* /\1\t/'
}

# bad_main WHERE MODE HEX NAME: the centre's main becomes a child of
# $good whose folder WHERE ("" for the top) also holds the entry.
bad_main() {
	_where=$1
	shift
	_gtree=$(git -C "$centre" rev-parse "$good^{tree}")
	if [ -z "$_where" ]; then
		_t=$({ entries "$_gtree"; printf '%s\t%s\t%s\n' "$@"; } | raw_tree)
	else
		_sub=$(git -C "$centre" rev-parse "$_gtree:$_where")
		_s=$({ entries "$_sub"; printf '%s\t%s\t%s\n' "$@"; } | raw_tree)
		_t=$(entries "$_gtree" | sed "s/^40000\t[0-9a-f]*\t$_where\$/40000\t$_s\t$_where/" |
		    raw_tree)
	fi
	bad=$(git -C "$centre" commit-tree -p "$good" -m "Hand-made tree" "$_t")
	git -C "$centre" update-ref refs/heads/main "$bad"
}

# refused PATH REASON: kbsync exits 1, says so, and nothing moved.
refused() {
	expect_status 1 kbsync --kb "$o"
	expect_contains "$err" "kbsync: the centre's main $(printf '%.12s' "$bad") has an unsafe path, $1: $2" \
	    "the refusal names the path and why"
	expect_contains "$err" "kbsync keeps main at $(printf '%.12s' "$good"); the centre must fix main" \
	    "the refusal says main is kept"
	expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "one line on stderr"
	expect_eq "" "$out" "exit 1: nothing on stdout (kbsync(1), OUTPUT)"
	expect_eq "$good" "$(git -C "$o" rev-parse main)" "main is kept"
	expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is clean"
	[ ! -e "$o/.git/kb/sync-worktree" ] || fail "a work-tree journal was left"
	cmp -s "$tmp/last-sync" "$o/.git/kb/last-sync" || fail "last-sync was rewritten"
	[ ! -e "$tmp/outside" ] || fail "something was written outside the work tree"
}

make_centre
o=$tmp/office
make_office "$o" "$centre" --office North
good=$(centre_main)
cp "$o/.git/kb/last-sync" "$tmp/last-sync"
blob=$(printf 'Not an answer.\n' | git -C "$centre" hash-object -w --stdin)
conf=$(printf '[core]\n\tworktree = /\n' | git -C "$centre" hash-object -w --stdin)
gitdir=$(printf '100644\t%s\tconfig\n' "$conf" | raw_tree)
outside=$(printf '100644\t%s\toutside\n' "$blob" | raw_tree)
esc=$(printf '\033')

note "names that would write outside the work tree or into .git"
bad_main "" 40000 "$gitdir" .git
refused '".git"' "the name of git's own folder"
expect_status 0 kb --kb "$o" search passport
expect_match "$out" "^passport-lost-stolen${TAB}" "search works on the last good main"
refused '".git"' "the name of git's own folder"
bad_main answers 100644 "$blob" .GIT
refused '"answers/.GIT"' "the name of git's own folder"
bad_main answers 100644 "$blob" ".git. "
refused '"answers/.git. "' "the name of git's own folder"
bad_main "" 40000 "$outside" ..
refused '".."' "a name that means a folder itself or its parent"
bad_main answers 100644 "$blob" .
refused '"answers/."' "a name that means a folder itself or its parent"
bad_main "" 100644 "$blob" "/tmp/kb-e2e-absolute"
refused '"/tmp/kb-e2e-absolute"' "a '/' inside a name"
bad_main answers 100644 "$blob" "a/../../../outside"
refused '"answers/a/../../../outside"' "a '/' inside a name"
bad_main answers 100644 "$blob" 'a\b.md'
refused '"answers/a\b.md"' "a '\\' inside a name"

note "an empty name: a tree no git reads, so not even fetched"
bad_main answers 100644 "$blob" ""
expect_status 1 kbsync --kb "$o"
expect_contains "$err" "failed to parse tree" "the fetch says why"
expect_not_contains "$err" "offline" "not offline"
expect_eq "$good" "$(git -C "$o" rev-parse main)" "main is kept"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is clean"

note "a control character: refused, and never shown raw"
bad_main answers 100644 "$blob" "red${esc}[31m.md"
expect_status 1 kbsync --kb "$o"
expect_contains "$err" "a control character in a name" "the reason"
expect_not_contains "$err" "$esc" "no escape character on stderr"
expect_contains "$err" '"answers/red' "the path is named"
expect_eq "$good" "$(git -C "$o" rev-parse main)" "main is kept"

note "a name twice, entries out of git's order"
bad_main answers 100644 "$blob" animals
refused '"answers/animals"' "the same name twice in one folder"
bad_main "" 100644 "$blob" REVIEWERS
refused '"REVIEWERS"' "the same name twice in one folder"
_gtree=$(git -C "$centre" rev-parse "$good^{tree}")
bad=$(git -C "$centre" commit-tree -p "$good" -m "Unsorted" \
    "$(entries "$_gtree" | raw_tree --unsorted)")
git -C "$centre" update-ref refs/heads/main "$bad"
expect_status 1 kbsync --kb "$o"
expect_contains "$err" "entries out of git's order" "an unsorted tree"
expect_eq "$good" "$(git -C "$o" rev-parse main)" "main is kept"

note "a symbolic link, a submodule: a KB holds plain files"
link=$(printf '/etc/passwd' | git -C "$centre" hash-object -w --stdin)
bad_main answers 120000 "$link" zz-link.md
refused '"answers/zz-link.md"' "a symbolic link"
bad_main "" 160000 "$good" vendor
refused '"vendor"' "a submodule"

note "--dry-run says the same, and changes nothing"
expect_status 1 kbsync --kb "$o" --dry-run
expect_contains "$err" 'has an unsafe path, "vendor": a submodule' "the dry run refuses too"
expect_eq "$good" "$(git -C "$o" rev-parse main)" "main is kept"

note "kb init --remote refuses it too, and leaves nothing behind"
expect_status 1 kb --office North init --remote "$centre" --quiet "$tmp/office2"
expect_contains "$err" "has an unsafe path, \"vendor\": a submodule" "kb init --remote: the refusal"
[ ! -e "$tmp/office2" ] || fail "kb init --remote left $tmp/office2 behind"

note "the centre fixes main with a new commit: taken with no manual step"
git -C "$edit" fetch -q origin
git -C "$edit" reset -q --hard "$good"
write_answer "$edit" animals/iguana-care "Iguana care" \
    "Iguanas need ultraviolet light every day."
commit "$edit" "Iguana"
git -C "$edit" push -q origin HEAD:refs/heads/fix
fixed=$(git -C "$centre" commit-tree -p "$bad" -m "Fixed" "$(git -C "$edit" rev-parse 'HEAD^{tree}')")
git -C "$centre" update-ref -d refs/heads/fix
git -C "$centre" update-ref refs/heads/main "$fixed"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$centre" north "1 0 0" "$good $fixed" "0 0" 0)" "$out" "the fix is taken"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$fixed" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree follows"
expect_status 0 kb --kb "$o" search ultraviolet
expect_eq "iguana-care${TAB}Iguana care" "$out" "the new answer is searchable"
good=$fixed
cp "$o/.git/kb/last-sync" "$tmp/last-sync"
make_office "$tmp/office2" "$centre" --office North --station pc-2
expect_eq "$fixed" "$(git -C "$tmp/office2" rev-parse main)" "kb init --remote works again"

note "refused again, then the centre rewrites its history: taken too"
bad_main "" 40000 "$gitdir" .git
refused '".git"' "the name of git's own folder"
git -C "$edit" fetch -q origin
git -C "$edit" reset -q --hard "$good"
write_answer "$edit" animals/gecko-care "Gecko care" "Geckos eat crickets."
commit "$edit" "Geckos"
git -C "$edit" push -q --force origin HEAD:main
expect_status 0 kbsync --kb "$o"
expect_eq "$(centre_main)" "$(git -C "$o" rev-parse main)" "main is the rewritten centre's"
expect_status 0 kb --kb "$o" search crickets
expect_eq "gecko-care${TAB}Gecko care" "$out" "the new answer is searchable"
good=$(centre_main)

note "an office an older kbsync left stuck: it recovers by itself"
bad_main "" 40000 "$gitdir" .git
git -C "$o" fetch -q "$centre" main
git -C "$centre" update-ref refs/heads/main "$good"
git -C "$o" update-ref refs/heads/main "$bad"
printf '%s\n' "$good" >"$o/.git/kb/sync-worktree"
expect_status 0 kbsync --kb "$o"
expect_eq "$good" "$(git -C "$o" rev-parse main)" "main is back on the last good commit"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is clean"
[ ! -e "$o/.git/kb/sync-worktree" ] || fail "the journal is still there"
expect_not_contains "$(cat "$o/.git/config")" "worktree" "the git config is untouched"
expect_status 0 kb --kb "$o" search crickets
expect_eq "gecko-care${TAB}Gecko care" "$out" "search on the good main"

exit 0
