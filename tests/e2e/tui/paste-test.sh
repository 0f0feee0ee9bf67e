#!/bin/sh
# A paste is text: with bracketed paste (which kb asks the terminal for),
# a pasted newline, tab or letter goes into the search line as text and
# never acts as a key (no answer opened, nothing logged, no quitting).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"
tui_start 100 30 "$k" --channel phone
wait_for "Search:"

note "a paste with a newline, a tab and action letters stays in the query"
printf 'kayak\npermit\tu n y q' > "$tmp/paste.txt"
tm load-buffer "$tmp/paste.txt"
tm paste-buffer -p
wait_for -E '^Search: kayak permit u n y q$'
# Still the search view, still running: nothing acted on the letters.
expect_not_contains "$screen" "KB-EXITED" "kb still runs after the paste"
expect_not_contains "$screen" "Marked as used" "no use was marked"
if [ -f "$k/.git/kb/usage.db" ]; then
	n=$(sqlite3 "$k/.git/kb/usage.db" "SELECT count(*) FROM event WHERE kind != 'search'")
	expect_eq 0 "$n" "no use, flag or outcome logged by a paste"
fi

note "typed keys still act: Ctrl-U, a query, Enter opens the answer"
keys C-u
type_text "kayak"
wait_for "1 answer"
keys Enter
wait_for -E "^Kayak launch permit"
keys C-c
expect_clean_exit
