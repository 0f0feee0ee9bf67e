#!/bin/sh
# kb review shows every line of a diff: a 5,000-line proposal scrolls to
# its last line (End), and kb diff prints all of it.  A proposal that
# changes other files (made with plain git) shows each one in its diff,
# marked EXTRA FILE, and the approve key asks to type yes for them: y
# alone approves nothing (review-confirm-test.sh approves one).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"

note "a new answer of 5,000 lines, proposed"
{
	printf '%s\n' "---" "title: Every harbour rule" "tags: harbour" "---"
	i=1
	while [ "$i" -lt 5000 ]; do
		printf 'Harbour rule %d.\n' "$i"
		i=$((i + 1))
	done
	printf 'Harbour rule 5000 is the last.\n'
} >"$tmp/rules.md"
expect_status 0 kb --kb "$k" --agent alice propose harbour-rules \
    --message "All the rules" --file "$tmp/rules.md"
branch=$out
expect_status 0 kb --kb "$k" diff "$branch"
expect_eq 5000 "$(printf '%s\n' "$out" | grep -c '^+Harbour rule ')" \
    "kb diff prints every line"
expect_eq "+Harbour rule 5000 is the last." "$(printf '%s\n' "$out" | tail -n 1)" \
    "kb diff ends with the last line"

note "kb review: End shows the last line, then approve"
tui_start 100 30 "$k" review
wait_for "harbour-rules"
keys Enter
wait_for "+Harbour rule 1."
keys End
wait_for "+Harbour rule 5000 is the last."
expect_screen "+Harbour rule 4990." "the lines before the last"
keys a
wait_for "into main? y: yes"
keys y
wait_for "Approved $branch"
keys q
expect_clean_exit
tui_stop
expect_status 0 kb --kb "$k" search "last"
expect_contains "$out" "harbour-rules" "approved"

note "a proposal that also changes REVIEWERS: marked, and not approved here"
main=$(git -C "$k" rev-parse main)
git -C "$k" checkout -q -b proposals/mallory/canoe-storage-1
path=answers/permits/canoe-storage.md
sed -i 's/by the season/by the day/' "$k/$path"
echo "mallory@example.gov" >>"$k/REVIEWERS"
git -C "$k" add -A
git -C "$k" commit -q --author "Mallory <mallory@example.gov>" -m "By the day

Kb-Answer: canoe-storage"
git -C "$k" checkout -q main
tui_start 100 30 "$k" review
wait_for "canoe-storage"
expect_screen "[+1 other file] By the day" "the list says it changes more"
keys Enter
wait_for "EXTRA FILE: a/REVIEWERS b/REVIEWERS (not the proposal's answer)"
expect_screen "+mallory@example.gov" "the extra file's change is shown"
expect_not_screen "EXTRA FILE: a/$path" "the answer's own file is not marked"
keys a
wait_for "WITH 1 EXTRA FILE: REVIEWERS? Type yes to merge it too"
type_text y
keys Enter
wait_for "Not approved: approving a proposal with extra files needs yes typed in full"
keys q
wait_for "Proposals waiting for review"
keys q
expect_clean_exit
tui_stop
expect_eq "$main" "$(git -C "$k" rev-parse main)" "main did not move"

exit 0
