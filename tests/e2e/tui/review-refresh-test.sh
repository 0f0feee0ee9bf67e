#!/bin/sh
# kb review follows the proposals by itself: one pushed with plain git
# while the screen is open appears without a key, the chosen proposal
# stays chosen (by name, wherever it moves) with the terminal's cursor on
# it; a diff whose proposal gains a commit shows it as it is now, and
# one rejected elsewhere closes; Ctrl-L reads the proposals at once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"
propose() {	# AGENT ID SED-SCRIPT REASON
	path=$(git -C "$k" ls-tree -r --name-only main | grep "/$2.md\$")
	git -C "$k" show "main:$path" | sed "$3" |
	    kb --kb "$k" --agent "$1" propose "$2" --message "$4" >/dev/null ||
	    fail "kb propose $2"
}
propose alice kayak-permit 's/^title: .*/title: Kayak permits/' "Plural"
propose bob library-card 's/photo ID/photo card/' "Card"

# A proposal made with plain git, as a field office's push brings it.
git_proposal() {	# AGENT ID SED-SCRIPT REASON
	path=$(git -C "$k" ls-tree -r --name-only main | grep "/$2.md\$")
	git -C "$k" checkout -q -b "proposals/$1/$2-1" main
	sed -i "$3" "$k/$path"
	git -C "$k" commit -q -a --author "$1 <$1@example.gov>" -m "$4

Kb-Answer: $2"
	git -C "$k" checkout -q main
}

# The row of the chosen proposal ("> " first), and its answer.
chosen_row() {
	printf '%s\n' "$screen" | grep -n '^> ' | cut -d: -f1 | awk '{ print $1 - 1 }'
}

note "the list, the last proposal chosen, the cursor on it"
tui_start 100 24 "$k" review
wait_for "kayak-permit" "library-card"
keys G
wait_for -E '^> '
r=$(chosen_row)
chosen=$(row "$r" | awk '{ print $3 }')
wait_cursor "$r" 0

note "a proposal pushed with git appears without a key; the choice stays"
git_proposal carol canoe-storage 's/by the season/by the week/' "Weekly racks"
wait_for "canoe-storage" "Proposals waiting: 3 (was 2)"
r=$(chosen_row)
expect_eq "$chosen" "$(row "$r" | awk '{ print $3 }')" \
    "the same proposal is chosen after the list changed"
wait_cursor "$r" 0

note "its diff; the proposal amended with git: the diff as it is now, at once"
keys Home
wait_for -E '^> '
first=$(row "$(chosen_row)" | awk '{ print $3 }')
while [ "$first" != canoe-storage ]; do
	keys Down
	sleep 0.1
	capture >/dev/null
	first=$(row "$(chosen_row)" | awk '{ print $3 }')
done
keys Enter
wait_for "+Racks for canoes are rented by the week at the harbour."
git -C "$k" checkout -q proposals/carol/canoe-storage-1
sed -i 's/by the week/by the month/' "$k/answers/permits/canoe-storage.md"
git -C "$k" commit -q -a --amend --no-edit
git -C "$k" checkout -q main
wait_for "+Racks for canoes are rented by the month at the harbour." \
    "changed meanwhile: this is its diff now"

note "rejected elsewhere while its diff is open: the diff closes"
expect_status 0 kb --kb "$k" reject proposals/carol/canoe-storage-1 \
    --reason "Not yet"
wait_for "Proposals waiting for review" "is no longer waiting"
expect_not_screen "Weekly racks" "the rejected proposal left the list"
r=$(chosen_row)
[ -n "$r" ] || { dump_screen; fail "a proposal is chosen"; }
wait_cursor "$r" 0

note "Ctrl-L reads the proposals at once"
git -C "$k" branch -q -D proposals/bob/library-card-1
keys C-l
wait_for "Proposals read again: 1 waiting"
expect_not_screen "library-card" "the deleted proposal is gone"
expect_screen "kayak-permit" "the other one stays"
wait_cursor 2 0
keys q
expect_clean_exit

exit 0
