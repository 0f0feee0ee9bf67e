#!/bin/sh
# Proposals from the screen and review on the screen: e opens the answer
# in the agent's editor and proposes it with a reason (main untouched);
# kb review lists it, shows the diff, approves it (the new text is
# searchable at once); a second proposal on the same lines conflicts,
# and the reviewer resolves it with e; another is rejected with a reason.
# The editors are scripts, as $EDITOR, so nothing waits for a person.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"
main_before=$(git -C "$k" rev-parse main)

# An editor that renames the kayak permit.
cat > "$tmp/edit-title.sh" <<'EOF_SH'
#!/bin/sh
sed -i 's/^title: .*/title: Kayak and paddleboard launch permit/' "$1"
EOF_SH
chmod +x "$tmp/edit-title.sh"

note "e on an answer: the editor, a reason, a proposal; main untouched"
TUI_ENV="EDITOR=$tmp/edit-title.sh"
tui_start 100 30 "$k"
wait_for "Search:"
type_text "kayak"
wait_for "1 answer"
keys Enter
wait_for -E "^Kayak launch permit"
keys e
wait_for "why, in one line?"
type_text "Paddleboards use the same permit"
keys Enter
wait_for "Proposed as proposals/alice/kayak-permit-1"
keys C-c
expect_clean_exit
tui_stop
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "main after a proposal"
expect_status 0 kb --kb "$k" proposals
expect_contains "$out" "proposals/alice/kayak-permit-1" "the proposal is pending"

note "kb review: the proposal, its diff with the change, approve"
TUI_ENV=""
tui_start 100 30 "$k" review
wait_for "Proposals waiting for review"
wait_for "kayak-permit"
keys Enter
wait_for "+title: Kayak and paddleboard launch permit"
expect_contains "$screen" "-title: Kayak launch permit" "the diff shows the old line"
keys a
wait_for "into main? y: yes"
keys y
wait_for "Approved proposals/alice/kayak-permit-1"
wait_for "No proposal is waiting."
keys q
expect_clean_exit
tui_stop
expect_status 0 kb --kb "$k" search paddleboard
expect_contains "$out" "kayak-permit" "the approved text is searchable at once"
expect_eq "Rita Reviewer" "$(git -C "$k" log -1 --format=%an main)" \
    "the approval is a commit by the reviewer"

note "a conflict: the reviewer edits the result, which is merged"
path=$(git -C "$k" ls-tree -r --name-only main | grep kayak-permit.md)
git -C "$k" show "main:$path" | sed 's/^title: .*/title: Kayak permit A/' |
    kb --kb "$k" --agent bob propose kayak-permit --message "A" >/dev/null ||
    fail "kb propose A"
git -C "$k" show "main:$path" | sed 's/^title: .*/title: Kayak permit B/' |
    kb --kb "$k" --agent carol propose kayak-permit --message "B" >/dev/null ||
    fail "kb propose B"
expect_status 0 kb --kb "$k" approve proposals/bob/kayak-permit-1
# The resolution keeps the proposal's side of the conflict markers.
cat > "$tmp/resolve.sh" <<'EOF_SH'
#!/bin/sh
awk '/^=======/ { keep = 1; next } /^>>>>>>>/ { keep = 0 } keep' "$1" > "$1.new" &&
    mv "$1.new" "$1"
EOF_SH
chmod +x "$tmp/resolve.sh"
TUI_ENV="EDITOR=$tmp/resolve.sh"
tui_start 100 30 "$k" review
wait_for "carol"
keys a
wait_for "y: yes"
keys y
wait_for "e: edit the result, r: reject"
keys e
wait_for "Merged proposals/carol/kayak-permit-1 as you resolved it"
keys q
expect_clean_exit
tui_stop
expect_status 0 kb --kb "$k" show kayak-permit
expect_contains "$out" "Kayak permit B" "main has the resolved text"
expect_eq 2 "$(git -C "$k" log -1 --format=%p main | wc -w)" \
    "the resolution is a merge commit"

note "reject with a reason the proposer sees"
git -C "$k" show "main:$path" | sed 's/^tags: .*/tags: kayak/' |
    kb --kb "$k" --agent dave propose kayak-permit --message "fewer tags" \
    >/dev/null || fail "kb propose"
TUI_ENV=""
tui_start 100 30 "$k" review
wait_for "dave"
keys r
wait_for "why? (the proposer sees it)"
type_text "tags help callers find it"
keys Enter
wait_for "Rejected proposals/dave/kayak-permit-1"
keys q
expect_clean_exit
tui_stop
expect_status 0 kb --kb "$k" --agent dave proposals --mine --all
expect_contains "$out" "rejected: tags help callers find it" \
    "the proposer sees the rejection and why"
