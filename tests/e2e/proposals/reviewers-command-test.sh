#!/bin/sh
# kb reviewers: lists REVIEWERS as committed on main; add and remove
# change it by a commit on main by the reviewer, keeping its comments,
# with the work tree following.  Only a reviewer may change it, except
# the first one of a KB with no REVIEWERS; a name already there, one not
# there, the last reviewer, and a name that could not be a line of the
# file (empty, too long, a control character or line break, a '#', a
# space at either end, invalid UTF-8) are refused, with nothing changed.
# --push needs a reviewer's clone of the centre.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"

who() {
	git -C "$k" config user.name "$1"
	git -C "$k" config user.email "$2"
}

# unchanged WHAT: main, the work tree and the list are as they were.
unchanged() {
	expect_eq "$main" "$(git -C "$k" rev-parse main)" "$1: main"
	expect_eq "" "$(git -C "$k" status --porcelain)" "$1: the work tree"
	expect_status 0 kb reviewers
	expect_eq "$list" "$out" "$1: the list"
}

note "the list: the names, not the comments"
expect_status 0 kb reviewers
expect_eq "Rita Reviewer" "$out" "kb reviewers"
expect_no_diag "kb reviewers"

note "add: a commit on main by the reviewer; the work tree follows"
expect_status 0 kb reviewers add sam@example.invalid
expect_eq "added sam@example.invalid to REVIEWERS" "$out" "kb reviewers add"
expect_no_diag "kb reviewers add"
expect_eq "Add sam@example.invalid to REVIEWERS" "$(git -C "$k" log -1 --format=%s main)" \
    "the commit's subject"
expect_eq "Rita Reviewer <rita@example.invalid>" \
    "$(git -C "$k" log -1 --format='%an <%ae>' main)" "the commit is Rita's"
expect_eq "REVIEWERS" "$(git -C "$k" diff --name-only main~1 main)" \
    "the commit changes REVIEWERS only"
expect_eq "# Who may approve or reject proposals: a git user.name or user.email.
Rita Reviewer
sam@example.invalid" "$(git -C "$k" show main:REVIEWERS)" "the comment kept, the name last"
expect_eq "" "$(git -C "$k" status --porcelain)" "the work tree follows main"
expect_eq "$(git -C "$k" show main:REVIEWERS)" "$(cat "$k/REVIEWERS")" "the file in the work tree"
expect_status 0 kb reviewers
expect_eq "Rita Reviewer
sam@example.invalid" "$out" "kb reviewers: two"
main=$(git -C "$k" rev-parse main)
list=$out

note "the new reviewer decides at once"
who "Sam Second" "Sam@Example.Invalid"
propose_walrus Alice "Herring" herring
expect_status 0 kb approve "$out"
main=$(git -C "$k" rev-parse main)

note "refused, nothing changed: a name already there (an email in any case)"
expect_status 1 kb reviewers add SAM@example.INVALID
expect_contains "$err" "in REVIEWERS already" "an email already there"
expect_status 1 kb reviewers add "Rita Reviewer"
expect_contains "$err" "in REVIEWERS already" "a name already there"
unchanged "already there"

note "refused: not a reviewer"
who "Nora Nobody" "nora@example.invalid"
expect_status 1 kb reviewers add nora@example.invalid
expect_contains "$err" "Nora Nobody <nora@example.invalid> may not change REVIEWERS" \
    "who is refused, and what"
expect_status 1 kb reviewers remove sam@example.invalid
expect_contains "$err" "may not change REVIEWERS" "nor remove"
unchanged "not a reviewer"

note "refused: names that cannot be a line of REVIEWERS"
who "Rita Reviewer" "rita@example.invalid"
long=$(printf '%0201d' 0)
ESC=$(printf '\033')
for bad in "" "$long" "a${NL}Nora Nobody" "tab${TAB}name" "# a comment" \
    " Rita" "Rita " "red${ESC}[31m" "$(printf 'caf\351')"; do
	expect_status 1 kb reviewers add "$bad"
	expect_contains "$err" "kb: " "refused: a message"
	case $err in
	*"$ESC"*) fail "a raw escape reached the terminal: $err" ;;
	esac
done
unchanged "bad names"

note "usage errors"
expect_status 2 kb reviewers add
expect_status 2 kb reviewers add a b
expect_status 2 kb reviewers drop sam@example.invalid
expect_status 2 kb reviewers --push
unchanged "usage errors"

note "a local change to REVIEWERS is never overwritten"
printf 'Nora Nobody\n' >>"$k/REVIEWERS"
expect_status 1 kb reviewers add ted@example.invalid
expect_contains "$err" "REVIEWERS" "the file in the way is named"
expect_eq "$main" "$(git -C "$k" rev-parse main)" "local change: main"
expect_contains "$(cat "$k/REVIEWERS")" "Nora Nobody" "the local change is kept"
git -C "$k" checkout -q -- REVIEWERS
unchanged "local change"

note "remove: every line naming the person, in any case for an email"
expect_status 0 kb reviewers remove SAM@EXAMPLE.INVALID
expect_eq "removed SAM@EXAMPLE.INVALID from REVIEWERS" "$out" "kb reviewers remove"
expect_eq "Remove SAM@EXAMPLE.INVALID from REVIEWERS" "$(git -C "$k" log -1 --format=%s main)" \
    "the commit's subject"
expect_status 0 kb reviewers
expect_eq "Rita Reviewer" "$out" "one left"
main=$(git -C "$k" rev-parse main)
list=$out
expect_status 1 kb reviewers remove sam@example.invalid
expect_contains "$err" "not in REVIEWERS" "removing one not there"
expect_status 1 kb reviewers remove "Rita Reviewer"
expect_contains "$err" "only reviewer" "the last one stays"
unchanged "remove refused"

note "--push needs a reviewer's clone of the centre"
expect_status 1 kb reviewers add ted@example.invalid --push
expect_contains "$err" "no clone of the centre" "--push without a remote"
expect_status 1 kb approve proposals/nobody/x-1 --push
expect_contains "$err" "no clone of the centre" "kb approve --push without a remote"
unchanged "--push refused"

note "a KB with no REVIEWERS: anyone adds the first, then only reviewers"
n=$tmp/norev
make_kb "$n" <<'EOF_KB'
=== answers/zoo/walrus-feeding.md
---
title: Walrus feeding times
tags: zoo
---
The walruses are fed clams at noon every day.
EOF_KB
export KB_DIR="$n"
git -C "$n" config user.name "Nora Nobody"
git -C "$n" config user.email "nora@example.invalid"
expect_status 0 kb reviewers
expect_eq "" "$out" "no REVIEWERS: nobody listed"
expect_contains "$err" "no REVIEWERS file" "and stderr says why"
expect_status 1 kb reviewers remove "Nora Nobody"
expect_contains "$err" "no REVIEWERS file" "nothing to remove from"
expect_status 0 kb reviewers add "Rita Reviewer"
expect_eq "# Who may approve or reject proposals: a git user.name or user.email a line.
Rita Reviewer" "$(git -C "$n" show main:REVIEWERS)" "the first reviewer, with a comment"
expect_eq "Nora Nobody" "$(git -C "$n" log -1 --format=%an main)" "added by whoever did it"
expect_status 1 kb reviewers add "Nora Nobody"
expect_contains "$err" "may not change REVIEWERS: not named in REVIEWERS" \
    "after the first, only reviewers"
git -C "$n" config --unset user.email
git config --global --unset user.email
expect_status 1 kb reviewers add "Sam Second"
expect_contains "$err" "who are you?" "no identity: asked"
git config --global user.email "e2e@example.invalid"

exit 0
