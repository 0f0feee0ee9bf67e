#!/bin/sh
# Keys typed faster than kb draws (a fast typist, a paste, a scanner)
# act in order: Enter or Down after a query act on that query's results,
# never on the results of the query before it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"

# One burst: tmux writes the whole string to kb at once.
CTRL_U=$(printf '\025')
CR=$(printf '\r')
DOWN=$(printf '\033OB')	# xterm-256color's Down in keypad mode

tui_start 80 24 "$k"
wait_for -E '^Search:'

note "a query and Enter at once: the answer for that query opens"
type_text "kayak$CR"
wait_for -E '^Kayak launch permit +kayak-permit$'
keys Escape
wait_for "Search: kayak" "1 answer" "> Kayak launch permit"

note "a new query and Enter at once: its answer, not the one selected before"
type_text "${CTRL_U}bulky$CR"
if ! poll_for -E '^(Bulky trash pickup +bulky-trash|Kayak launch permit +kayak-permit)$'; then
	dump_screen
	fail "no answer opened"
fi
expect_match "$(row 0)" '^Bulky trash pickup +bulky-trash$' \
    "Ctrl-U, 'bulky', Enter typed at once opened another answer"
keys Escape
wait_for "Search: bulky" "1 answer" "> Bulky trash pickup"

note "a query and Down at once: the second result of that query"
keys C-u
wait_for "Type what the customer says"
type_text harbour
wait_for "Search: harbour" "3 answers"
second=$(row 4 | cut -c3-)
keys C-u
wait_for "Type what the customer says"
type_text "harbour$DOWN"
wait_for "Search: harbour" "3 answers"
expect_eq "> $second" "$(row 4)" "Down typed with the query selects its second result"

keys C-c
expect_clean_exit

exit 0
