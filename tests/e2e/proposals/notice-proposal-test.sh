#!/bin/sh
# Notices are proposed like answers: kb propose notices/<id> checks the
# text with the notice parser (errors: exit 1, path:line, no branch),
# makes proposals/<agent>/notices/<id>-N; kb proposals, kb diff, kb
# approve (the notice is on main and shown by kb notices and kb show at
# once) and kb reject work on it; plain git sees the same.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"
export KB_NOW=2026-07-02T10:00
branch=proposals/alice-agent/notices/pool-closed-1
path=notices/pool-closed.md
main_before=$(git -C "$k" rev-parse main)
DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'

cat >"$tmp/notice.md" <<'EOF'
---
title: Walrus pool closed for cleaning
starts: 2026-07-01
ends: 2026-07-15T18:00
severity: warning
tags: Animals
---
The walrus pool is being cleaned: the feeding show is cancelled.
EOF

# Nothing was proposed: no branch but those given, main as it was.
no_new_branch() {
	expect_eq "$1" "$(git -C "$k" for-each-ref --format='%(refname:short)' 'refs/heads/proposals/')" \
	    "$2: the proposal branches"
	expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "$2: main"
	expect_eq "" "$(git -C "$k" status --porcelain)" "$2: work tree"
}

note "an invalid notice: exit 1, path:line, nothing proposed"
sed 's/^severity: warning$/severity: urgent/' "$tmp/notice.md" >"$tmp/bad.md"
expect_status 1 kb --agent "Alice Agent" propose notices/pool-closed \
    --message "Pool cleaning" --file "$tmp/bad.md"
expect_eq "" "$out" "no branch printed for an invalid notice"
expect_match "$err" "^notices/pool-closed\\.md:5: error: severity 'urgent' should be info, warning or critical\$" \
    "the error names notices/<id>.md:line"
expect_contains "$err" "nothing was proposed" "says nothing was proposed"
no_new_branch "" "a bad severity"
printf -- '---\ntitle: No text\nstarts: 2026-07-01\nends: 2026-07-15\nseverity: info\n---\n' \
    >"$tmp/bad.md"
expect_status 1 kb --agent "Alice Agent" propose notices/pool-closed \
    --message "Pool cleaning" --file "$tmp/bad.md"
expect_match "$err" '^notices/pool-closed\.md:[0-9]+: error: the notice has no text' \
    "an empty notice"
no_new_branch "" "an empty notice"
sed 's/^starts: 2026-07-01$/starts: 2026-07-01T08:00Z/' "$tmp/notice.md" >"$tmp/bad.md"
expect_status 1 kb --agent "Alice Agent" propose notices/pool-closed \
    --message "Pool cleaning" --file "$tmp/bad.md"
expect_match "$err" '^notices/pool-closed\.md:3: error: .*write local time without a zone' \
    "a zone suffix"
no_new_branch "" "a zone suffix"
for id in notices/Pool_Closed notices/sub/pool notices/; do
	expect_status 1 kb --agent "Alice Agent" propose "$id" \
	    --message "Pool cleaning" --file "$tmp/notice.md"
	expect_contains "$err" "'$id'" "a bad notice id is named"
	no_new_branch "" "the id $id"
done

note "kb propose notices/<id>: the branch, main untouched"
expect_status 0 kb --agent "Alice Agent" propose notices/pool-closed \
    --message "Pool cleaning" --file "$tmp/notice.md"
expect_eq "$branch" "$out" "propose prints proposals/<agent>/notices/<id>-<n>"
expect_no_diag "a valid notice proposal"
no_new_branch "$branch" "after the proposal"
expect_status 0 kb notices
expect_eq "No active notices." "$out" "a pending notice is not shown"

note "plain git sees the branch with the notice at its path"
git -C "$k" rev-parse -q --verify "refs/heads/$branch" >/dev/null ||
    fail "git: no branch $branch"
expect_eq "$(cat "$tmp/notice.md")" "$(git -C "$k" show "$branch:$path")" \
    "git show of the notice on the branch"
expect_eq "$main_before" "$(git -C "$k" rev-parse "$branch~1")" \
    "the proposal is one commit on top of main"
expect_eq "A${TAB}$path" "$(git -C "$k" diff --name-status main "$branch")" \
    "git diff: the notice file added, nothing else"
expect_eq "Alice Agent" "$(git -C "$k" log -1 --format=%an "$branch")" "git: the author"
expect_eq "Pool cleaning" "$(git -C "$k" log -1 --format=%s "$branch")" "git: the reason"
git -C "$k" cat-file -e "main:$path" 2>/dev/null &&
    fail "the notice is on main before approval"

note "kb proposals lists it; kb diff shows the notice file"
expect_status 0 kb proposals
expect_match "$out" "^$branch${TAB}notices/pool-closed${TAB}Alice Agent${TAB}$DATE${TAB}Pool cleaning\$" \
    "the pending line"
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one pending proposal"
expect_status 0 kb diff "$branch"
expect_contains "$out" "+++ b/$path" "diff names the notice file"
expect_contains "$out" "--- /dev/null" "diff: a new file"
expect_match "$out" '^\+severity: warning$' "diff: the severity added"
expect_match "$out" '^\+The walrus pool is being cleaned' "diff: the body added"

note "kb approve by the reviewer: on main, shown at once"
expect_status 0 kb approve "$branch"
expect_eq "approved $branch (fast-forward)" "$out" "approve's report"
expect_no_diag "approve"
expect_status 0 kb notices
expect_eq "notices/pool-closed.md  active  tags: Animals
WARNING: Walrus pool closed for cleaning (2026-07-01 to 2026-07-15 18:00)
  The walrus pool is being cleaned: the feeding show is cancelled." "$out" \
    "kb notices after approval"
expect_status 0 env KB_NOW=2026-07-15T18:00 "$KB_BIN" notices
expect_eq "No active notices." "$out" "the approved notice ends at 18:00"
expect_status 0 kb show walrus-feeding
expect_contains "$out" "WARNING: Walrus pool closed for cleaning (2026-07-01 to 2026-07-15 18:00)
  The walrus pool is being cleaned: the feeding show is cancelled.

The walruses are fed clams" "kb show: the notice above the text (tag Animals matches animals)"
expect_status 0 kb check
expect_eq "" "$out" "kb check after approval"

note "plain git: the notice is on main, in the work tree, approved by Rita"
expect_eq "$(cat "$tmp/notice.md")" "$(git -C "$k" show "main:$path")" \
    "git show main:notices/pool-closed.md"
expect_eq "$(cat "$tmp/notice.md")" "$(cat "$k/$path")" "the work tree file"
expect_eq "" "$(git -C "$k" status --porcelain)" "git status is clean"
expect_eq "Rita Reviewer" "$(git -C "$k" log -1 --format=%an main)" "the approval commit"
expect_contains "$(git -C "$k" log -1 --format=%B main)" "Kb-Decision: approved" \
    "the approval trailer"
expect_eq "$main_before" "$(git -C "$k" rev-parse main~2)" "the change and the approval"
expect_status 0 kb proposals --all
expect_match "$out" "^$branch${TAB}notices/pool-closed${TAB}Alice Agent${TAB}$DATE${TAB}Pool cleaning${TAB}merged\$" \
    "--all shows it merged"

note "kb history notices/ID: the notice's versions, who wrote and approved them"
expect_status 0 kb history notices/pool-closed
expect_match "$out" "^$(git -C "$k" rev-parse "main:$path" | cut -c1-12)${TAB}$DATE${TAB}Alice Agent${TAB}Rita Reviewer${TAB}Pool cleaning\$" \
    "one version, written by Alice, approved by Rita"
expect_status 1 kb history notices/Bad_Id
expect_status 0 kb history notices/never-written
expect_eq "" "$out" "a notice with no history prints nothing"

note "a change to the notice, proposed and rejected"
sed 's/^severity: warning$/severity: critical/' "$tmp/notice.md" >"$tmp/worse.md"
main_before=$(git -C "$k" rev-parse main)
expect_status 0 kb --agent Bob propose notices/pool-closed --message "Worse" \
    --file "$tmp/worse.md"
expect_eq "proposals/bob/notices/pool-closed-1" "$out" "Bob's branch"
expect_status 0 kb diff proposals/bob/notices/pool-closed-1
expect_match "$out" '^-severity: warning$' "diff: the old severity"
expect_match "$out" '^\+severity: critical$' "diff: the new severity"
expect_status 0 kb reject proposals/bob/notices/pool-closed-1 --reason "Not critical"
expect_eq "rejected proposals/bob/notices/pool-closed-1" "$out" "reject's report"
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "reject does not move main"
expect_status 0 kb proposals
expect_eq "" "$out" "nothing pending"
expect_status 0 kb proposals --all
expect_match "$out" "^proposals/bob/notices/pool-closed-1${TAB}notices/pool-closed${TAB}Bob${TAB}$DATE${TAB}Worse${TAB}rejected: Not critical\$" \
    "--all shows it rejected"
expect_status 0 kb notices
expect_match "$out" '^WARNING: Walrus pool closed' "the notice is still a warning"
expect_status 1 kb approve proposals/bob/notices/pool-closed-1
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "a rejected notice cannot be approved"

note "a second proposal for the same notice gets -2"
expect_status 0 kb --agent "Alice Agent" propose notices/pool-closed \
    --message "Again" --file "$tmp/worse.md"
expect_eq "proposals/alice-agent/notices/pool-closed-2" "$out" "the next number"

exit 0
