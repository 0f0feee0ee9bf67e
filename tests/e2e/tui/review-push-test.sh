#!/bin/sh
# kb review in a reviewer's clone of the centre: the screen lists the
# centre's proposals (fetched when it starts, the clone made with plain
# git), and approving or rejecting there pushes the decision to the
# centre at once, as kb approve --push does.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

src=$tmp/src
tui_reviewer_kb "$src"
centre=$tmp/central.git
git clone -q --bare "$src" "$centre"

# propose_at_centre AGENT TITLE: a proposal made in an agent's clone and
# pushed to the centre with plain git; its branch on stdout.
propose_at_centre() {
	_a=$tmp/agent-$1
	rm -rf "$_a"
	git clone -q "$centre" "$_a"
	_path=$(git -C "$_a" ls-tree -r --name-only main | grep kayak-permit.md)
	git -C "$_a" show "main:$_path" | sed "s/^title: .*/title: $2/" |
	    kb --kb "$_a" --agent "$1" propose kayak-permit --message "$2" \
	    >"$tmp/branch" || fail "kb propose in $_a"
	git -C "$_a" push -q origin "$(cat "$tmp/branch")" || fail "git push"
	cat "$tmp/branch"
}

b1=$(propose_at_centre bob "Kayak permit (paddleboards too)")
r=$tmp/rita
git clone -q "$centre" "$r"
git -C "$r" config user.name "Rita Reviewer"
git -C "$r" config user.email rita@example.gov

note "the screen lists the centre's proposal; a approves and pushes"
tui_start 100 30 "$r" review
wait_for "Proposals waiting for review"
wait_for "kayak-permit"
keys a
wait_for "into main? y: yes"
keys y
wait_for "Approved $b1"
wait_for "No proposal is waiting."
keys q
expect_clean_exit
tui_stop
expect_eq "$(git -C "$r" rev-parse main)" "$(git -C "$centre" rev-parse main)" \
    "the centre's main is the clone's"
git -C "$centre" merge-base --is-ancestor "$(git -C "$r" rev-parse "$b1")" main ||
    fail "the centre's main does not have the approved proposal"
expect_eq "Rita Reviewer" "$(git -C "$centre" log -1 --format=%an main)" \
    "the approval at the centre is Rita's"

note "r rejects, and the rejection is at the centre"
b2=$(propose_at_centre carol "Kayak pass")
tip2=$(git -C "$centre" rev-parse "$b2")
tui_start 100 30 "$r" review
wait_for "kayak-permit"
keys r
wait_for "why?"
type_text "Pass is not the word we use"
keys Enter
wait_for "Rejected $b2"
keys q
expect_clean_exit
tui_stop
expect_eq "$tip2" "$(git -C "$centre" rev-parse "$b2~1")" \
    "the centre's branch: the proposal, then the rejection"
expect_eq "Reject kayak-permit: Pass is not the word we use" \
    "$(git -C "$centre" log -1 --format=%s "$b2")" "the rejection's message"
expect_status 0 kb --kb "$r" proposals
expect_eq "" "$out" "nothing pending"

exit 0
