#!/bin/sh
# Accessibility: the terminal's real cursor is where the agent is (screen
# readers and magnifiers follow it): after the typed text in the search
# line, on the selected result in the list, at the top of the preview.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"
# 14 answers for one word: more than the 10 results 80x24 shows at once.
i=1
while [ $i -le 14 ]; do
	n=$(printf '%02d' $i)
	WA_TAGS=ferry write_answer "$k" "ferry/ferry-route-$n" "Ferry route $n timetable" \
	    "The ferry on route $n leaves the pier every hour."
	i=$((i + 1))
done
commit "$k" "ferry routes"

# The row (0-based) of the selected result, marked "> ".
selected_row() {
	printf '%s\n' "$screen" | grep -n '^> ' | cut -d: -f1 | awk '{ print $1 - 1 }'
}

# The title of the selected result.
selected_title() {
	printf '%s\n' "$screen" | sed -n 's/^> //p' | sed 's/  .*//'
}

# Until the selected result ("> ") is on row N.
wait_selected_row() {
	_n=0
	while :; do
		wait_for -E '^> '
		[ "$(selected_row)" != "$1" ] || return 0
		_n=$((_n + 1))
		[ $_n -lt 200 ] || { dump_screen; fail "the selected result is not on row $1"; }
		sleep 0.05
	done
}

# The cursor must be at the start of the selected result's row.
expect_cursor_on_selection() {
	_y=$(selected_row)
	[ -n "$_y" ] || { dump_screen; fail "$1: no result is marked '> '"; }
	[ "$(printf '%s\n' "$_y" | wc -l)" -eq 1 ] ||
	    { dump_screen; fail "$1: more than one result marked '> '"; }
	wait_cursor "$_y" 0
}

tui_start 80 24 "$k"
wait_for -E '^Search:'
expect_eq 1 "$(tm display -p -t "$TUI_TARGET" '#{cursor_flag}')" "the cursor is visible"

note "in the search line, the cursor follows the typed text"
wait_cursor 0 8
type_text ferry
wait_for "Search: ferry" "14 answers" "> Ferry route"
wait_cursor 0 13
expect_eq 2 "$(selected_row)" "the first result is selected"

note "Down from the search line moves the selection, not the cursor"
keys Down
wait_selected_row 4
wait_cursor 0 13

note "Tab: the cursor goes to the selected result"
keys Tab
wait_cursor 4 0
keys Down
wait_selected_row 6
expect_cursor_on_selection "Down in the list"

note "the list scrolls: the cursor stays on the selection"
keys NPage
wait_selected_row 20
expect_cursor_on_selection "PgDn"
was=$(selected_title)
keys End
wait_gone "> $was"
wait_selected_row 20
expect_cursor_on_selection "End (the last result)"
keys Up
wait_selected_row 18
expect_cursor_on_selection "Up"
was=$(selected_title)
keys PPage
wait_gone "> $was"
wait_selected_row 2
expect_cursor_on_selection "PgUp"
was=$(selected_title)
keys Home
wait_gone "> $was"
wait_selected_row 2
expect_cursor_on_selection "Home (the first result)"
expect_match "$screen" '^14 answers$' "the info line stays"

note "typing from the list goes to the search line, and so does the cursor"
type_text ' '
wait_cursor 0 14
keys BSpace
wait_cursor 0 13

note "Shift-Tab from the search line: to the results (two panes at 80x24)"
keys BTab
expect_cursor_on_selection "Shift-Tab"
keys BTab
wait_cursor 0 13

note "at 130 columns, the third pane: the preview, its title row"
resize 130 30
wait_for -E '\| Tags: +e2e, ferry$'
bar=$(row 2 | awk '{ print index($0, "|") - 1 }')
[ "$bar" -gt 0 ] || fail "no '|' on row 2 at 130 columns"
keys Tab
expect_cursor_on_selection "Tab at 130 columns"
keys Tab
wait_cursor 2 $((bar + 2))
keys Tab
wait_cursor 0 13

note "q from the list is typed, as any letter is: the cursor back to the search line"
keys Tab
expect_cursor_on_selection "Tab"
type_text q
wait_for -E '^Search: ferryq$'
wait_cursor 0 14
keys C-c
expect_clean_exit

exit 0
