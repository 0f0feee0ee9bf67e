#!/bin/sh
# Two proposals on the same lines of one answer: the first approval
# works, the second is a conflict that merges nothing and stays pending.
# Two proposals on different answers: the second approval is a merge
# commit by the reviewer.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" <<'EOF_KB'
=== answers/zoo/otter-pool.md
---
title: Otter pool cleaning
tags: zoo, animals
related: walrus-feeding
---
The otter pool is drained and cleaned on Mondays.
EOF_KB
export KB_DIR="$k"
wpath=answers/zoo/walrus-feeding.md

# walrus TEXT: the walrus answer with another body line.
walrus() {
	printf -- '---\ntitle: Walrus feeding times\ntags: zoo, animals\n'
	printf -- 'related: penguin-parade\n---\n%s\n' "$1"
}

note "two proposals change the same line"
walrus "The walruses are fed squid at one." >"$tmp/a.md"
walrus "The walruses are fed mussels at four." >"$tmp/b.md"
expect_status 0 kb --agent Ann propose walrus-feeding --message "squid" --file "$tmp/a.md"
a=$out
expect_status 0 kb --agent Ben propose walrus-feeding --message "mussels" --file "$tmp/b.md"
b=$out
expect_eq "proposals/ann/walrus-feeding-1" "$a" "first branch"
expect_eq "proposals/ben/walrus-feeding-1" "$b" "second branch"

note "the first approval works"
expect_status 0 kb approve "$a"
expect_eq "approved $a (fast-forward)" "$out" "first approval"
main_after_a=$(git -C "$k" rev-parse main)
b_tip=$(git -C "$k" rev-parse "$b")

note "the second is a conflict: exit 1, nothing merged"
expect_status 1 kb approve "$b"
expect_contains "$err" "conflict" "the refusal says conflict"
expect_contains "$err" "$wpath" "the refusal names the file"
expect_eq "$main_after_a" "$(git -C "$k" rev-parse main)" "main did not move"
expect_eq "$b_tip" "$(git -C "$k" rev-parse "$b")" "the proposal branch did not change"
expect_eq "$(cat "$tmp/a.md")" "$(cat "$k/$wpath")" "the work tree keeps the first text"
expect_eq "" "$(git -C "$k" status --porcelain)" "no conflict markers or index entries left"
[ ! -e "$k/.git/MERGE_HEAD" ] || fail "a refused approval must leave no merge in progress"
expect_status 0 kb search squid
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "the first text is searchable"
expect_status 0 kb search mussels
expect_eq "" "$out" "the conflicting text is not"

note "the second stays pending and can be rejected"
expect_status 0 kb proposals
expect_match "$out" "^$b${TAB}walrus-feeding${TAB}Ben${TAB}" "still pending after the conflict"
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "only it is pending"
expect_status 0 kb reject "$b" --reason "Conflicts with the squid change"
expect_status 0 kb proposals
expect_eq "" "$out" "nothing pending after the rejection"
expect_status 0 kb proposals --all
expect_match "$out" "^$b${TAB}.*${TAB}rejected: Conflicts with the squid change\$" "rejected"
expect_match "$out" "^$a${TAB}.*${TAB}merged\$" "merged"
expect_eq "$main_after_a" "$(git -C "$k" rev-parse main)" "reject does not move main"

note "two proposals on different answers"
expect_status 0 kb --agent Cal propose penguin-parade --message "parade at four" <<'EOF'
---
title: Penguin parade schedule
tags: zoo, animals
related: walrus-feeding
---
The penguin parade starts at four in the afternoon, rain or shine.
EOF
c=$out
expect_status 0 kb --agent Dee propose otter-pool --message "pool on Tuesdays" <<'EOF'
---
title: Otter pool cleaning
tags: zoo, animals
related: walrus-feeding
---
The otter pool is scrubbed on Tuesdays.
EOF
d=$out
expect_status 0 kb approve "$c"
expect_eq "approved $c (fast-forward)" "$out" "the first is a fast-forward"
before=$(git -C "$k" rev-parse main)
d_tip=$(git -C "$k" rev-parse "$d")

note "the second approval is a merge commit by the reviewer"
expect_status 0 kb approve "$d"
expect_eq "approved $d (merge commit)" "$out" "the second is a merge commit"
parents=$(git -C "$k" log -1 --format=%P main)
expect_eq "$before $d_tip" "$parents" "the merge's parents: main before, then the proposal"
expect_eq "Rita Reviewer <rita@example.invalid>" \
    "$(git -C "$k" log -1 --format='%an <%ae>' main)" "merge author"
expect_eq "Rita Reviewer" "$(git -C "$k" log -1 --format=%cn main)" "merge committer"
expect_contains "$(git -C "$k" log -1 --format=%B main)" "Kb-Decision: approved" \
    "the merge is the approval"
expect_eq "Dee" "$(git -C "$k" log -1 --format=%an "$d_tip")" "the agent's commit"
expect_eq "" "$(git -C "$k" status --porcelain)" "clean work tree after the merge"
expect_contains "$(cat "$k/answers/zoo/otter-pool.md")" "scrubbed on Tuesdays" \
    "work tree: the merged answer"
expect_contains "$(cat "$k/answers/zoo/penguin-parade.md")" "rain or shine" \
    "work tree: the fast-forwarded answer is still there"
expect_status 0 kb search scrubbed
expect_eq "otter-pool${TAB}Otter pool cleaning" "$out" "merged text searchable"
expect_status 0 kb search rain shine
expect_eq "penguin-parade${TAB}Penguin parade schedule" "$out" "the other too"
expect_status 0 kb history otter-pool
expect_match "$(printf '%s\n' "$out" | sed -n 1p)" \
    "^[0-9a-f]{12}${TAB}[0-9-]{10}${TAB}Dee${TAB}Rita Reviewer${TAB}pool on Tuesdays\$" \
    "history of the merged answer: agent and approver"
expect_status 0 kb proposals
expect_eq "" "$out" "nothing pending"
expect_status 0 kb check
expect_status 0 kb diff "$d"
expect_eq "" "$out" "a merged proposal changes nothing against main"

exit 0
