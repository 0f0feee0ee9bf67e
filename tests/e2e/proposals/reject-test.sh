#!/bin/sh
# kb reject: the decision is an empty commit by the reviewer on the
# proposal branch (kept), main does not change, and the proposal leaves
# the pending list; a rejected proposal cannot be approved.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"
branch=proposals/bob/walrus-feeding-1
path=answers/zoo/walrus-feeding.md
main_before=$(git -C "$k" rev-parse main)
DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'

note "propose"
propose_walrus Bob "Sardines instead" sardines
expect_eq "$branch" "$out" "branch"
proposal=$(git -C "$k" rev-parse "$branch")

note "kb reject needs a reason"
expect_status 2 kb reject "$branch"
expect_contains "$err" "--reason" "reject without --reason says what is missing"
expect_status 1 kb reject "$branch" --reason ""
expect_contains "$err" "reason" "an empty reason is refused"
expect_status 1 kb reject "$branch" --reason "   "
expect_contains "$err" "reason" "a blank reason is refused"
expect_eq "$proposal" "$(git -C "$k" rev-parse "$branch")" \
    "refused rejections add nothing to the branch"

note "kb reject by the reviewer"
expect_status 0 kb reject "$branch" --reason "Sardines are not in the budget"
expect_eq "rejected $branch" "$out" "reject's report"
expect_no_diag "reject"

note "main and the work tree are unchanged"
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "main not moved by reject"
expect_eq "" "$(git -C "$k" status --porcelain)" "work tree clean"
expect_contains "$(cat "$k/$path")" "clams" "work tree file unchanged"
expect_status 0 kb search sardines
expect_eq "" "$out" "a rejected text is not searchable"
expect_status 0 kb search clams
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "the old text still is"

note "the rejection is an empty commit by the reviewer on the kept branch"
git -C "$k" rev-parse -q --verify "refs/heads/$branch" >/dev/null ||
    fail "the rejected proposal's branch must be kept"
expect_eq "$proposal" "$(git -C "$k" rev-parse "$branch~1")" \
    "the rejection sits right on the proposal"
expect_eq "Rita Reviewer <rita@example.invalid>" \
    "$(git -C "$k" log -1 --format='%an <%ae>' "$branch")" "rejection author"
body=$(git -C "$k" log -1 --format=%B "$branch")
expect_match "$body" '^Kb-Decision: rejected$' "rejection trailer"
expect_match "$body" '^Kb-Reason: Sardines are not in the budget$' "reason trailer"
expect_eq "" "$(git -C "$k" diff "$branch~1" "$branch")" "the rejection changes no file"
expect_eq "Bob" "$(git -C "$k" log -1 --format=%an "$branch~1")" "the agent's commit stays"

note "no longer pending; --all says rejected: <reason>"
expect_status 0 kb proposals
expect_eq "" "$out" "nothing pending"
expect_status 0 kb proposals --all
expect_match "$out" "^$branch${TAB}walrus-feeding${TAB}Bob${TAB}$DATE${TAB}Sardines instead${TAB}rejected: Sardines are not in the budget\$" \
    "--all line"

note "approve or reject again after a rejection is refused"
expect_status 1 kb approve "$branch"
expect_contains "$err" "rejected" "approve after reject says it was rejected"
expect_status 1 kb reject "$branch" --reason "again"
expect_contains "$err" "rejected" "reject after reject says it was rejected"
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "main still unchanged"
expect_eq 2 "$(git -C "$k" rev-list --count "$main_before..$branch")" \
    "nothing more on the branch"

note "history is unchanged by a rejection"
expect_status 0 kb history walrus-feeding
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one version"
expect_not_contains "$out" "Bob" "the rejected proposal is not a version"

note "the agent proposes again: a new number, pending"
propose_walrus Bob "Herring then" herring
expect_eq "proposals/bob/walrus-feeding-2" "$out" "the next number"
expect_status 0 kb proposals
expect_match "$out" "^proposals/bob/walrus-feeding-2${TAB}" "the new one is pending"
expect_not_contains "$out" "$branch$TAB" "the rejected one is not"

exit 0
