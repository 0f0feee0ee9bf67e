#!/bin/sh
# kb approve with main checked out and local changes to tracked files is
# refused: the changes are never overwritten and main does not move.
# With another branch checked out, main moves and the work tree is left
# alone.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" <<'EOF_KB'
=== README.md
A KB for tests.
EOF_KB
export KB_DIR="$k"
wpath=answers/zoo/walrus-feeding.md

propose_walrus Alice "Herring" herring
branch=$out
main=$(git -C "$k" rev-parse main)
tip=$(git -C "$k" rev-parse "$branch")

# refused WHAT: approve fails with a message; main and the branch stay.
refused() {
	expect_status 1 kb approve "$branch"
	expect_contains "$err" "local changes" "$1: the refusal says why"
	expect_eq "$main" "$(git -C "$k" rev-parse main)" "$1: main did not move"
	expect_eq "$tip" "$(git -C "$k" rev-parse "$branch")" "$1: nothing added to the branch"
	expect_status 0 kb proposals
	expect_match "$out" "^$branch${TAB}" "$1: still pending"
	expect_status 0 kb search herring
	expect_eq "" "$out" "$1: not searchable"
}

note "the answer the proposal changes is modified locally"
printf 'My local notes.\n' >>"$k/$wpath"
cp "$k/$wpath" "$tmp/local.md"
refused "same file modified"
expect_eq "$(cat "$tmp/local.md")" "$(cat "$k/$wpath")" "the local change is kept"
expect_eq " M $wpath" "$(git -C "$k" status --porcelain)" "git status as before"
git -C "$k" checkout -q -- "$wpath"

note "another tracked file is modified"
printf 'Edited.\n' >>"$k/README.md"
refused "other file modified"
expect_eq "A KB for tests.
Edited." "$(cat "$k/README.md")" "the other local change is kept"
expect_contains "$(cat "$k/$wpath")" "clams" "the answer in the work tree is unchanged"
git -C "$k" checkout -q -- README.md

note "a change staged but not committed"
printf 'Staged.\n' >>"$k/README.md"
git -C "$k" add README.md
refused "staged change"
expect_eq "M  README.md" "$(git -C "$k" status --porcelain)" "the staged change is kept"
git -C "$k" reset -q --hard

note "a tracked file deleted locally"
rm "$k/answers/zoo/penguin-parade.md"
refused "deleted file"
[ ! -e "$k/answers/zoo/penguin-parade.md" ] || fail "the deletion must be kept"
git -C "$k" checkout -q -- answers

note "an untracked file that is not in the way does not block, and stays"
printf 'scratch\n' >"$k/scratch.txt"
expect_status 0 kb approve "$branch"
expect_eq "approved $branch (fast-forward)" "$out" "approve with an untracked file"
expect_eq "scratch" "$(cat "$k/scratch.txt")" "the untracked file is kept"
expect_eq "?? scratch.txt" "$(git -C "$k" status --porcelain)" "only the untracked file"
expect_contains "$(cat "$k/$wpath")" "herring" "the work tree follows main"
rm "$k/scratch.txt"

note "another branch checked out: main moves, the work tree is left alone"
penguin_text four >"$tmp/penguin-four.md"
expect_status 0 kb --agent Alice propose penguin-parade --message "Four" \
    --file "$tmp/penguin-four.md"
b2=$out
git -C "$k" checkout -q -b draft
printf 'Draft edit.\n' >>"$k/answers/zoo/penguin-parade.md"
cp "$k/answers/zoo/penguin-parade.md" "$tmp/draft.md"
expect_status 0 kb approve "$b2"
expect_eq "refs/heads/draft" "$(git -C "$k" symbolic-ref HEAD)" "still on draft"
expect_eq "$(cat "$tmp/draft.md")" "$(cat "$k/answers/zoo/penguin-parade.md")" \
    "the draft's local edit is untouched"
expect_contains "$(git -C "$k" show main:answers/zoo/penguin-parade.md)" "at four" \
    "main has the approved text"
expect_status 0 kb search parade four
expect_eq "penguin-parade${TAB}Penguin parade schedule" "$out" "searchable"

exit 0
