#!/bin/sh
# A proposal that changes files besides its answer (made with plain git:
# REVIEWERS and synonyms.txt too) is shown as such in kb review, in red
# words that survive NO_COLOR (bold, and reverse video in the diff), and
# approving it needs "yes" typed to a question that names those files:
# y alone, another word or Esc approve nothing, nor does yes once the
# proposal changed since the question; yes approves it with them.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"
main=$(git -C "$k" rev-parse main)
branch=proposals/mallory/canoe-storage-1
git -C "$k" checkout -q -b "$branch"
sed -i 's/by the season/by the day/' "$k/answers/permits/canoe-storage.md"
echo "mallory@example.gov" >>"$k/REVIEWERS"
echo "kayak, canoe, boat" >"$k/synonyms.txt"
git -C "$k" add -A
git -C "$k" commit -q --author "Mallory <mallory@example.gov>" -m "By the day

Kb-Answer: canoe-storage"
git -C "$k" checkout -q main
# The question, as wrapped on the status line at 120 columns.
q1="Approve $branch WITH 2 EXTRA FILES: REVIEWERS, synonyms.txt? Type yes to merge them too;"
q2="anything else cancels"

note "the list says it changes more, in bold red"
TUI_ENV="NO_COLOR=1"
tui_start 120 40 "$k" review
wait_for "[+2 other files] By the day"

note "a from the list: y alone is not enough"
keys a
wait_for "$q1" "$q2"
type_text "y"
keys Enter
wait_for "Not approved: approving a proposal with extra files needs yes typed in full"
expect_eq "$main" "$(git -C "$k" rev-parse main)" "main after y"

note "Esc cancels"
keys a
wait_for "$q1" "$q2"
type_text "yes"
keys Escape
wait_for "Cancelled"
expect_eq "$main" "$(git -C "$k" rev-parse main)" "main after Esc"

note "the diff: every file, the extra ones headed in reverse video"
keys Enter
wait_for "EXTRA FILES: besides its answer this proposal changes 2 other files: REVIEWERS, synonyms.txt"
wait_for "EXTRA FILE: a/REVIEWERS b/REVIEWERS (not the proposal's answer)" \
    "EXTRA FILE: a/synonyms.txt b/synonyms.txt (not the proposal's answer)" \
    "+mallory@example.gov" "+kayak, canoe, boat" "+Racks for canoes are rented by the day"
expect_not_screen "EXTRA FILE: a/answers" "the answer's own file is not extra"
runs=$(reverse_runs | awk -F '\t' '$1 > 0 && $1 < 39 { print $2 }')
expect_contains "$runs" "EXTRA FILE: a/REVIEWERS b/REVIEWERS (not the proposal's answer)" \
    "the heading in reverse video, with NO_COLOR"
expect_contains "$runs" "EXTRA FILES: besides its answer" "the first line too"

note "the proposal changes while the question is open: not approved"
keys a
wait_for "$q1" "$q2"
git -C "$k" checkout -q "$branch"
echo "carol@example.gov" >>"$k/REVIEWERS"
git -C "$k" commit -q -a --amend --no-edit
git -C "$k" checkout -q main
type_text "yes"
keys Enter
wait_for "Not approved: $branch changed since you read it"
expect_eq "$main" "$(git -C "$k" rev-parse main)" "main after a change meanwhile"

note "yes, to the diff as it is now: approved with its extra files"
wait_for "+carol@example.gov"
keys a
wait_for "$q1" "$q2"
type_text " YES "
keys Enter
wait_for "Approved $branch (fast-forward, with its extra files)"
wait_for "No proposal is waiting."
keys q
expect_clean_exit
expect_eq "$(git -C "$k" rev-parse "$branch")" "$(git -C "$k" rev-parse main)" \
    "main is the proposal"
expect_contains "$(git -C "$k" show main:REVIEWERS)" "carol@example.gov" \
    "the extra file as the reviewer read it last"

exit 0
