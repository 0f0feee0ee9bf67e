#!/bin/sh
# An approval reports what happened.  When the merge is done but a later
# step fails (here the search index, which cannot be written), kb approve
# says the proposal is approved and merged, names the step that failed
# and what to do, and exits 3, not 1 ("failed").  Under a kb index
# --rebuild loop, every approval that reports approved (0 or 3) is in
# main, and one that reports failure (1) is not.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
otter_text() {
	printf '%s\n' "---" "title: Otter talk" "tags: zoo" "---" \
	    "The otter talk is at $1."
}
otter_text ten | sed '1i === answers/otter-talk.md' | zoo_kb "$k"
export KB_DIR="$k"

note "the index cannot be written: approved, merged, exit 3"
otter_text eleven >"$tmp/otter.md"
expect_status 0 kb --agent "Alice Agent" propose otter-talk --message Eleven \
    --file "$tmp/otter.md"
branch=$out
expect_status 0 kb search otter
rm -f "$k/.git/kb/index.db"*
mkdir -p "$k/.git/kb/index.db/in-the-way"
expect_status 3 kb approve "$branch"
expect_match "$err" "^kb: approved $branch \(merged as [0-9a-f]{12}\) but updating the search index failed: .*; run kb index$" \
    "the message says it was merged, what failed and what to do"
expect_eq "" "$out" "no success line"
git -C "$k" merge-base --is-ancestor "$branch" main ||
    fail "exit 3 but the proposal is not in main"
expect_eq "" "$(git -C "$k" status --porcelain)" "the work tree followed"
expect_status 0 kb proposals
expect_eq "" "$out" "no longer pending"

note "once the index can be written, kb index catches up"
rm -rf "$k/.git/kb/index.db"
expect_status 0 kb index --quiet
expect_status 0 kb search eleven
expect_eq "otter-talk${TAB}Otter talk" "$out" "searchable"

note "approvals under a kb index --rebuild loop say what happened"
: >"$tmp/rebuilding"
(
	while [ -e "$tmp/rebuilding" ]; do
		"$KB_BIN" index --rebuild --quiet >/dev/null 2>&1 || true
	done
) &
loop=$!
i=0
while [ "$i" -lt 6 ]; do
	i=$((i + 1))
	propose_walrus "Alice Agent" "Round $i" "food$i"
	branch=$out
	rc=0
	kb approve "$branch" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if git -C "$k" merge-base --is-ancestor "$branch" main; then
		in_main=yes
	else
		in_main=no
	fi
	case "$rc,$in_main" in
	0,yes)
		expect_eq "approved $branch (fast-forward)" "$(cat "$tmp/out")" \
		    "round $i";;
	3,yes)
		expect_contains "$(cat "$tmp/err")" "approved $branch (merged as" \
		    "round $i";;
	1,no)
		expect_not_contains "$(cat "$tmp/err")" "approved" "round $i";;
	*)
		fail "round $i: exit $rc, in main: $in_main: $(cat "$tmp/err")";;
	esac
	expect_eq "" "$(git -C "$k" status --porcelain)" "round $i: work tree"
done
rm -f "$tmp/rebuilding"
wait "$loop" || true
expect_status 0 kb index --quiet
expect_status 0 kb search "food$i"
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "the last round"

exit 0
