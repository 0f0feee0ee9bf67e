#!/bin/sh
# kb propose -> kb approve, end to end: the approved text is on main, in
# the work tree and in the index at once; kb history and git log both
# say who wrote it and who approved it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" <<'EOF_KB'
EOF_KB
export KB_DIR="$k"
branch=proposals/alice-agent/walrus-feeding-1
path=answers/zoo/walrus-feeding.md
main_before=$(git -C "$k" rev-parse main)
DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'

cat >"$tmp/new.md" <<'EOF'
---
title: Walrus feeding schedule
tags: zoo, animals
related: penguin-parade
---
The walruses are fed herring at two in the afternoon.
EOF

note "kb propose prints the new branch and leaves main alone"
expect_status 0 kb --agent "Alice Agent" propose walrus-feeding \
    --message "Herring at two now" --file "$tmp/new.md"
expect_eq "$branch" "$out" "propose prints proposals/<agent-slug>/<id>-<n>"
expect_no_diag "a valid proposal"
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "propose must not move main"
expect_eq "" "$(git -C "$k" status --porcelain)" "propose must not touch the work tree"
expect_eq "$(cat "$tmp/new.md")" "$(git -C "$k" show "$branch:$path")" \
    "the proposal branch holds the text at the answer's path"
expect_eq "$main_before" "$(git -C "$k" rev-parse "$branch~1")" \
    "the proposal is one commit on top of main"
expect_status 0 kb search herring
expect_eq "" "$out" "a pending proposal is not searchable"

note "kb proposals lists it: branch, answer, author, date, reason"
expect_status 0 kb proposals
expect_match "$out" "^$branch${TAB}walrus-feeding${TAB}Alice Agent${TAB}$DATE${TAB}Herring at two now\$" \
    "the pending line"
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one pending proposal"

note "kb diff shows the change against main"
expect_status 0 kb diff "$branch"
expect_contains "$out" "--- a/$path" "diff names the old file"
expect_contains "$out" "+++ b/$path" "diff names the new file"
expect_match "$out" '^-title: Walrus feeding times$' "diff: old title removed"
expect_match "$out" '^\+title: Walrus feeding schedule$' "diff: new title added"
expect_match "$out" '^-The walruses are fed clams' "diff: old body removed"
expect_match "$out" '^\+The walruses are fed herring' "diff: new body added"
expect_match "$out" '^ tags: zoo, animals$' "diff: unchanged line as context"

note "kb approve by a reviewer: a fast-forward through an approval commit"
expect_status 0 kb approve "$branch"
expect_eq "approved $branch (fast-forward)" "$out" "approve's report"
expect_no_diag "approve"

note "the index finds the new text at once; the old text is gone"
expect_status 0 kb search herring
expect_eq "walrus-feeding${TAB}Walrus feeding schedule" "$out" "search for the new words"
expect_status 0 kb search clams
expect_eq "" "$out" "the old words are not found any more"
expect_status 0 kb show walrus-feeding
expect_contains "$out" "Walrus feeding schedule" "show: the new title"
expect_contains "$out" "herring at two in the afternoon" "show: the new text"
expect_not_contains "$out" "clams" "show: not the old text"

note "git log: the approval commit by the reviewer on top of the agent's"
tip=$(git -C "$k" rev-parse main)
expect_eq "Rita Reviewer <rita@example.invalid>" \
    "$(git -C "$k" log -1 --format='%an <%ae>' main)" "approval commit author"
expect_eq "Rita Reviewer" "$(git -C "$k" log -1 --format=%cn main)" \
    "approval commit committer"
expect_contains "$(git -C "$k" log -1 --format=%B main)" "Kb-Decision: approved" \
    "approval commit trailer"
expect_eq "$(git -C "$k" rev-parse "$branch~0")" "$tip" \
    "the proposal branch ends with the approval too"
expect_eq "Alice Agent" "$(git -C "$k" log -1 --format=%an main~1)" \
    "the agent wrote the change"
expect_eq "Herring at two now" "$(git -C "$k" log -1 --format=%s main~1)" \
    "the agent's reason is the change's subject"
expect_eq "$main_before" "$(git -C "$k" rev-parse main~2)" "no other commit"
expect_eq "" "$(git -C "$k" diff --stat main~1 main)" "the approval changes nothing itself"

note "the work tree on main follows, as after git merge"
expect_eq "$(cat "$tmp/new.md")" "$(cat "$k/$path")" "work tree file has the new text"
expect_eq "" "$(git -C "$k" status --porcelain)" "git status is clean after approve"
expect_eq "refs/heads/main" "$(git -C "$k" symbolic-ref HEAD)" "still on main"

note "kb history: newest first, author and approver"
expect_status 0 kb history walrus-feeding
version=$(git -C "$k" rev-parse "main:$path" | cut -c1-12)
old_version=$(git -C "$k" rev-parse "$main_before:$path" | cut -c1-12)
expect_eq 2 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "two versions"
expect_match "$(printf '%s\n' "$out" | sed -n 1p)" \
    "^$version${TAB}$DATE${TAB}Alice Agent${TAB}Rita Reviewer${TAB}Herring at two now\$" \
    "the approved version"
expect_match "$(printf '%s\n' "$out" | sed -n 2p)" \
    "^$old_version${TAB}2026-01-01${TAB}E2E Tester${TAB}\\(direct commit\\)${TAB}Initial answers\$" \
    "the first version, a direct commit"

note "decided: no longer pending, merged in --all; approving again is refused"
expect_status 0 kb proposals
expect_eq "" "$out" "nothing pending"
expect_status 0 kb proposals --all
expect_match "$out" "^$branch${TAB}walrus-feeding${TAB}Alice Agent${TAB}$DATE${TAB}Herring at two now${TAB}merged\$" \
    "--all shows it merged"
expect_status 1 kb approve "$branch"
expect_contains "$err" "merged" "a second approval says it is merged already"
expect_eq "$tip" "$(git -C "$k" rev-parse main)" "a refused approval moves nothing"
git -C "$k" rev-parse -q --verify "refs/heads/$branch" >/dev/null ||
    fail "the decided proposal's branch must stay"

note "approve --message: the note is in the approval commit"
penguin_text four >"$tmp/p2.md"
expect_status 0 kb --agent "Alice Agent" propose penguin-parade \
    --message "Parade at four" <"$tmp/p2.md"
expect_eq "proposals/alice-agent/penguin-parade-1" "$out" "text from standard input"
expect_status 0 kb approve proposals/alice-agent/penguin-parade-1 --message "checked with the keepers"
expect_contains "$(git -C "$k" log -1 --format=%B main)" "checked with the keepers" \
    "approve --message is recorded"
expect_status 0 kb search parade four
expect_eq "penguin-parade${TAB}Penguin parade schedule" "$out" "second approval searchable"

exit 0
