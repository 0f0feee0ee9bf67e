#!/bin/sh
# Only someone named in REVIEWERS on main (by git user.name or
# user.email of the KB repository) may approve or reject; everyone else
# is refused with a message saying why, and nothing changes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" '# Nora Nobody is only in a comment' '  Sam.Second@Example.Invalid  ' </dev/null
export KB_DIR="$k"

propose() {
	propose_walrus Alice "$1" "$1"
	printf "%s\n" "$out"
}

# who NAME EMAIL: the KB repository's identity.
who() {
	git -C "$k" config user.name "$1"
	git -C "$k" config user.email "$2"
}

# unchanged WHAT: main, the branches and the list are as they were.
unchanged() {
	expect_eq "$main" "$(git -C "$k" rev-parse main)" "$1: main"
	expect_eq "$refs" "$(git -C "$k" for-each-ref --format='%(refname) %(objectname)')" \
	    "$1: every branch"
	expect_eq "" "$(git -C "$k" status --porcelain)" "$1: work tree"
	expect_status 0 kb proposals
	expect_eq "$pending" "$out" "$1: still pending"
}

b1=$(propose herring)
b2=$(propose sardines)
main=$(git -C "$k" rev-parse main)
refs=$(git -C "$k" for-each-ref --format='%(refname) %(objectname)')
pending=$(kb proposals)
expect_eq 2 "$(printf '%s\n' "$pending" | wc -l | tr -d ' ')" "two pending"

note "not in REVIEWERS (a name in a comment does not count): refused"
who "Nora Nobody" "nora@example.invalid"
expect_status 1 kb approve "$b1"
expect_contains "$err" "REVIEWERS" "approve refusal names REVIEWERS"
expect_contains "$err" "Nora Nobody" "approve refusal names who tried"
expect_contains "$err" "may not approve" "approve refusal says what is not allowed"
expect_status 1 kb reject "$b1" --reason "no"
expect_contains "$err" "REVIEWERS" "reject refusal names REVIEWERS"
unchanged "not a reviewer"

note "part of a reviewer's name is not the name"
who "Rita" "rita@example.invalid"
expect_status 1 kb approve "$b1"
who "Rita Reviewer Jr" "rita@example.invalid"
expect_status 1 kb approve "$b1"
unchanged "near names"

note "a global identity does not count when the repository names another"
git config --global user.name "Rita Reviewer"
who "Nora Nobody" "nora@example.invalid"
expect_status 1 kb approve "$b1"
git config --global user.name "E2E Tester"
unchanged "global identity"

note "REVIEWERS only in the work tree (not on main) does not count"
printf 'Nora Nobody\n' >>"$k/REVIEWERS"
expect_status 1 kb approve "$b1"
expect_contains "$err" "REVIEWERS" "uncommitted REVIEWERS"
git -C "$k" checkout -q -- REVIEWERS
unchanged "uncommitted REVIEWERS"

note "named by user.email (any case, spaces around): allowed"
who "Sam Second" "sam.second@example.invalid"
expect_status 0 kb reject "$b2" --reason "sardines are out"
expect_eq "Sam Second <sam.second@example.invalid>" \
    "$(git -C "$k" log -1 --format='%an <%ae>' "$b2")" "the rejection by the email reviewer"

note "named by user.name: allowed"
who "Rita Reviewer" "rita.private@example.invalid"
expect_status 0 kb approve "$b1"
expect_eq "approved $b1 (fast-forward)" "$out" "approved by name"
expect_eq "Rita Reviewer <rita.private@example.invalid>" \
    "$(git -C "$k" log -1 --format='%an <%ae>' main)" "approval by the name reviewer"

note "a KB with no REVIEWERS file: nobody may approve or reject"
n=$tmp/norev
make_kb "$n" <<'EOF_KB'
=== answers/zoo/walrus-feeding.md
---
title: Walrus feeding times
tags: zoo, animals
related: walrus-feeding
---
The walruses are fed clams at noon every day.
EOF_KB
export KB_DIR="$n"
k=$n
b=$(propose krill)
who "Rita Reviewer" "rita@example.invalid"
main=$(git -C "$k" rev-parse main)
refs=$(git -C "$k" for-each-ref --format='%(refname) %(objectname)')
pending=$(kb proposals)
expect_status 1 kb approve "$b"
expect_contains "$err" "no REVIEWERS" "approve: the KB has no REVIEWERS file"
expect_status 1 kb reject "$b" --reason "no"
expect_contains "$err" "no REVIEWERS" "reject: the KB has no REVIEWERS file"
unchanged "no REVIEWERS"
printf 'Rita Reviewer\n' >"$n/REVIEWERS"
expect_status 1 kb approve "$b"
expect_contains "$err" "REVIEWERS" "an untracked REVIEWERS does not count"
rm "$n/REVIEWERS"
unchanged "untracked REVIEWERS"

note "proposing needs no reviewer"
expect_status 0 kb --agent Bob propose walrus-feeding --message "Bob too" <<'EOF'
---
title: Walrus feeding times
tags: zoo, animals
related: walrus-feeding
---
The walruses are fed squid.
EOF

exit 0
