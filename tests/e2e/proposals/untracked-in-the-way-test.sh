#!/bin/sh
# An untracked file where an approved new answer would go (main checked
# out): git merge refuses ("untracked working tree files would be
# overwritten"), and so must kb approve, before anything moves.  The
# file is never overwritten, main does not move, the proposal branch gets
# no approval commit for an approval that did not happen, and the git
# index and work tree stay consistent with HEAD.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"

expect_status 0 kb --agent Dave propose seal-show --message "Seals" <<'EOF'
---
title: Seal show
tags: zoo
related: walrus-feeding
---
Seals perform at five.
EOF
branch=$out
printf 'my own draft, not committed\n' >"$k/answers/seal-show.md"
main=$(git -C "$k" rev-parse main)
tip=$(git -C "$k" rev-parse "$branch")

note "approve with an untracked file in the way"
rc=0
kb approve "$branch" >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_eq "my own draft, not committed" "$(cat "$k/answers/seal-show.md")" \
    "the untracked file is never overwritten"
status=$(git -C "$k" status --porcelain)
if [ "$rc" -eq 0 ]; then
	fail "approve succeeded with an untracked file in the way: $(cat "$tmp/out")"
fi
expect_eq "$main" "$(git -C "$k" rev-parse main)" \
    "a failed approval (exit $rc: $(cat "$tmp/err")) must not move main"
expect_eq "?? answers/seal-show.md" "$status" \
    "git status: only the untracked file (no staged deletion of the approved answer)"
expect_eq "$tip" "$(git -C "$k" rev-parse "$branch")" \
    "no approval commit is left on the proposal branch by an approval that failed"
expect_status 0 kb proposals
expect_match "$out" "^$branch${TAB}" "still pending"
expect_status 0 kb search seals
expect_eq "" "$out" "not searchable"

note "once the file is moved away, the approval works"
mv "$k/answers/seal-show.md" "$tmp/draft"
expect_status 0 kb approve "$branch"
expect_eq "" "$(git -C "$k" status --porcelain)" "clean after approval"
expect_eq "Approve seal-show
Seals" "$(git -C "$k" log --format=%s "$main..main")" \
    "main gains the proposal and one approval commit"
expect_status 0 kb search seals
expect_eq "seal-show${TAB}Seal show" "$out" "searchable once approved"

exit 0
