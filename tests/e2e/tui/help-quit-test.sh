#!/bin/sh
# The TUI's help screen (F1, ?) and every way to close it that it names;
# q typed in the search line or the results is text (typing never acts
# there); Ctrl-C quits from the search line, always with status 0.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"

# The help's first line: which keys close it (Esc, q and F1 at least).
HELP='^Keys \(Esc, q,? .*F1 closes this help\)$'

# help_pages: with the help open at its top, every page of it, PgDn after
# PgDn down to the last one (which G shows), into $help_all.
help_pages() {
	keys G
	wait_gone "Keys (Esc"
	_last=$(row 0)
	keys g
	wait_for -E "$HELP"
	help_all=$screen
	_pages=1
	while [ "$(row 0)" != "$_last" ]; do
		_top=$(row 0)
		keys NPage
		_n=0
		while capture >/dev/null && [ "$(row 0)" = "$_top" ]; do
			_n=$((_n + 1))
			[ $_n -lt 200 ] || { dump_screen; fail "PgDn does not scroll the help"; }
			sleep 0.05
		done
		wait_for -F "$(row 0)"
		help_all="$help_all$NL$screen"
		_pages=$((_pages + 1))
		[ $_pages -le 10 ] || fail "the help has more than 10 pages at 80x24"
	done
}

tui_start 80 24 "$k"
wait_for -E '^Search:'

note "F1 opens the help: the keys"
keys F1
wait_for -E "$HELP"
for re in '^Ctrl-U +search view +clear the search' '^Tab  Shift-Tab +search view' \
    '^PgUp  PgDn +search, results'; do
	expect_match "$screen" "$re" "a help line on its first page"
done
expect_match "$(status_line)" 'Esc close' "status line in the help"
expect_not_screen "Search:" "the help replaces the search view"

note "PgDn pages through the help: every key"
help_pages
for re in '^(c  )?F2 +[a-z, ]+ +channel' '^F1 +(\? +)?anywhere +this help' \
    '^(q  )?Ctrl-C +[a-z, ]+ +quit' '^y +answer +copy it'; do
	expect_match "$help_all" "$re" "a help line"
done
note "the help's descriptions are whole at 80 columns"
# y's description ends "... with its reference line", p's "... (lpr),
# else save it": wrapped or not, the help must show them.
for word in reference lpr; do
	expect_contains "$help_all" "$word" "the help at 80 columns cuts a description"
done

note "Esc closes the help"
keys Escape
wait_for -E '^Search: *$' "Type what the customer says"
expect_not_screen "Keys (Esc" "after Esc"

note "q in the search line is typed, not quit"
type_text q
wait_for -E '^Search: q$'
keys C-u
wait_for "Type what the customer says"

note "? in an answer opens the help; q closes it, back to the answer"
type_text kayak
wait_for "Search: kayak" "> Kayak launch permit"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
type_text '?'
wait_for -E "$HELP"
type_text q
wait_for -E '^Kayak launch permit +kayak-permit$' "Tags:"
keys Escape
wait_for "Search: kayak" "> Kayak launch permit"

note "q in the results (after Tab) is typed into the search line, as any letter"
keys Tab
# Only the cursor shows the focus: it moves to the selected result.
wait_cursor 2 0
type_text q
wait_for -E '^Search: kayakq$'
wait_cursor 0 14
keys C-c
expect_clean_exit

note "kb tui opens the same screen; Ctrl-C quits from the search line, status 0"
tui_stop
tui_start 80 24 "$k" tui
wait_for -E '^Search: *$' "Type what the customer says"
type_text harbour
wait_for "Search: harbour" "3 answers"
keys C-c
expect_clean_exit

note "F1 closes the help it opened (its first line says so)"
tui_stop
tui_start 80 24 "$k"
wait_for -E '^Search:'
keys F1
wait_for -E "$HELP"
keys F1
wait_for -E '^Search: *$' "Type what the customer says"
note "...and again: F1 opens, Esc closes"
keys F1
wait_for -E "$HELP"
keys Escape
wait_for -E '^Search: *$' "Type what the customer says"
keys C-c
expect_clean_exit

exit 0
