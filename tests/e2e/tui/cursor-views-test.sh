#!/bin/sh
# Accessibility in every view: the terminal's real cursor, which screen
# readers and magnifiers follow, is on what the agent works with: the
# top of the answer's text (or the line / found), the help's first line,
# the chosen proposal in kb review's list as it moves, a diff's first
# line; and back in the search line as soon as a key is typed.
# (cursor-test.sh covers the search line, the results and the preview.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"
for who in bob carol dave; do
	git -C "$k" show main:answers/permits/canoe-storage.md |
	    sed "s/by the season/by the season ($who)/" |
	    kb --kb "$k" --agent "$who" propose canoe-storage --message "from $who" \
	    >/dev/null || fail "kb propose by $who"
done

tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text kayak
wait_for "> Kayak launch permit"

note "the answer view: the top of the text, then the line found"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
wait_cursor 1 0
keys /
type_text emailwording
keys Enter
wait_for '"emailwording": line 1 of 1 with it'
wait_cursor "$(row_of "Reply with emailwording")" 0

note "the help: its first line"
keys F1
wait_for -E '^Keys \(Esc'
wait_cursor 0 0
keys Escape
wait_for -E '^Kayak launch permit +kayak-permit$'

note "back in the search view, a typed key brings the cursor to the search line"
keys q
wait_for "> Kayak launch permit"
keys Tab
wait_cursor 2 0
type_text s
wait_for -E '^Search: kayaks$'
wait_cursor 0 14
keys C-c
expect_clean_exit
tui_stop

note "kb review: the cursor on the chosen proposal, as it moves"
tui_start 80 24 "$k" review
wait_for "Proposals waiting for review" "dave"
wait_cursor 2 0
expect_match "$(row 2)" '^> ' "the chosen proposal on row 2"
keys Down
wait_for -E '^>.*'
wait_cursor 3 0
expect_match "$(row 3)" '^> ' "the chosen proposal on row 3"
keys Down
wait_cursor 4 0
keys Up
wait_cursor 3 0

note "a diff: its first line"
keys Enter
wait_for "+Racks for canoes"
wait_cursor 1 0
keys q
wait_for "Proposals waiting for review"
wait_cursor 3 0
keys q
expect_clean_exit

exit 0
