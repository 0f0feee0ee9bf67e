#!/bin/sh
# Proposals are ordinary git branches: plain git lists them, shows who
# wrote them, and may merge them; a proposal merged with plain git is no
# longer pending and its text is searchable without kb index.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" <<'EOF_KB'
EOF_KB
# Plain git works as lib.sh's tester here; Rita comes in to approve.
git -C "$k" config --unset user.name
git -C "$k" config --unset user.email
export KB_DIR="$k"

propose_walrus "Alice Agent" "Herring" herring
a=$out
penguin_text four >"$tmp/penguin-four.md"
expect_status 0 kb --agent "Bob Builder" propose penguin-parade --message "Parade at four" \
    --file "$tmp/penguin-four.md"
b=$out
kb search clams >/dev/null	# build the index now: the merges must refresh it

note "git branch lists the proposals as ordinary branches"
expect_eq "  $a
  $b" "$(git -C "$k" branch --list 'proposals/*' | sort)" "git branch --list"
expect_eq "refs/heads/$a" "$(git -C "$k" rev-parse --symbolic-full-name "$a")" \
    "a proposal is a local branch"
expect_eq "* main" "$(git -C "$k" branch --list main)" "main still checked out"

note "git log: the agent wrote the proposal"
expect_eq "Alice Agent" "$(git -C "$k" log -1 --format=%an "$a")" "author of $a"
expect_eq "Bob Builder" "$(git -C "$k" log -1 --format=%an "$b")" "author of $b"
expect_eq "Herring" "$(git -C "$k" log -1 --format=%s "$a")" "the reason is the subject"
expect_contains "$(git -C "$k" log -1 --format=%B "$a")" "Kb-Answer: walrus-feeding" \
    "the answer trailer"
expect_eq "$(git -C "$k" rev-parse main)" "$(git -C "$k" merge-base main "$a")" \
    "a proposal starts at main"

note "git merge --no-edit (a real merge: main moved meanwhile)"
git -C "$k" checkout -q main
write_answer "$k" zoo/otter-pool "Otter pool cleaning" "The otter pool is drained on Mondays."
commit "$k" "Add otter answer"
git -C "$k" merge -q --no-edit "$a" >/dev/null 2>&1 || fail "git merge $a"
expect_eq 2 "$(git -C "$k" log -1 --format=%P main | wc -w | tr -d ' ')" \
    "git made a merge commit"

note "no longer pending; --all says merged; searchable without kb index"
expect_status 0 kb proposals
expect_match "$out" "^$b${TAB}penguin-parade${TAB}Bob Builder${TAB}" "the other is pending"
expect_not_contains "$out" "$a" "the merged one is not"
expect_status 0 kb proposals --all
expect_match "$out" "^$a${TAB}walrus-feeding${TAB}Alice Agent${TAB}.*${TAB}merged\$" \
    "--all: merged with git"
expect_status 0 kb search herring
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "merged text found"
expect_status 0 kb search clams
expect_eq "" "$out" "old text gone"
expect_status 0 kb history walrus-feeding
expect_match "$(printf '%s\n' "$out" | sed -n 1p)" \
    "^[0-9a-f]{12}${TAB}[0-9-]{10}${TAB}Alice Agent${TAB}E2E Tester${TAB}Herring\$" \
    "history of a git merge: the proposer wrote it, whoever merged approved it"
git -C "$k" config user.name "Rita Reviewer"
git -C "$k" config user.email "rita@example.invalid"
expect_status 1 kb approve "$a"
expect_contains "$err" "merged" "approving what git merged is refused as merged"

note "a second proposal merged with plain git"
git -C "$k" merge -q --no-edit "$b" >/dev/null 2>&1 || fail "git merge $b"
expect_status 0 kb proposals
expect_eq "" "$out" "nothing pending after both merges"
expect_status 0 kb search parade four
expect_eq "penguin-parade${TAB}Penguin parade schedule" "$out" "second merged text found"

note "a proposal branch deleted with git is gone from the list"
git -C "$k" branch -q -D "$a"
expect_status 0 kb proposals --all
expect_not_contains "$out" "$a" "a deleted branch is not listed"
expect_match "$out" "^$b${TAB}" "the other is still listed"

note "a proposal pushed to another clone is a proposal there"
git clone -q --bare "$k" "$tmp/server.git"
expect_status 0 kb --agent Carol propose walrus-feeding --message "Squid" <<'EOF'
---
title: Walrus feeding times
tags: zoo, animals
related: penguin-parade
---
The walruses are fed squid at noon every day.
EOF
c=$out
git -C "$k" push -q "$tmp/server.git" "$c" 2>/dev/null || fail "git push"
expect_status 0 kb --kb "$tmp/server.git" proposals
expect_match "$out" "^$c${TAB}walrus-feeding${TAB}Carol${TAB}" "listed in the bare clone"

exit 0
