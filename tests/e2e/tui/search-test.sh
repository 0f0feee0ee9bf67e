#!/bin/sh
# The TUI's search view: the first screen, search as you type, the count
# line, no answer, Ctrl-U and Esc clear, odd input does not crash.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"
head=$(git -C "$k" rev-parse --short=7 main)

tui_start 80 24 "$k"

note "the first screen: the search line, the hint, the status line"
wait_for -E '^Search:' "Type what the customer says"
expect_match "$(row 0)" '^Search: *$' "row 0 is the empty search line"
expect_eq "Type what the customer says. Up/Down choose, Enter opens, F1 lists every key." \
    "$(row 1)" "row 1 is the hint"
expect_status_line "All channels"
expect_match "$(status_line)" "kb ?@$head " "the status line shows the KB's commit"
expect_eq "0 8" "$(cursor_yx)" "the cursor waits after 'Search: '"

note "typing searches: one answer"
type_text kayak
wait_for "Search: kayak" "> Kayak launch permit"
expect_eq "1 answer" "$(row 1)" "the count line for one answer"
expect_match "$(row 2)" '^> Kayak launch permit  kayak, boating, permit$' \
    "the first result is selected, with its tags"
expect_match "$(row 3)" '^    .*kayak' "an indented snippet under the title"
expect_not_screen "Canoe storage racks" "kayak"
expect_not_screen "Bulky trash pickup" "kayak"
expect_not_screen "Type what the customer says" "kayak"

note "Ctrl-U clears: the hint comes back"
keys C-u
wait_for "Type what the customer says"
expect_match "$(row 0)" '^Search: *$' "Ctrl-U empties the search line"
expect_not_screen "Kayak launch permit" "after Ctrl-U"

note "three answers, each once"
type_text harbour
wait_for -E '^Search: harbour$' '^3 answers$'
for title in "Kayak launch permit" "Canoe storage racks" "漢字 tea ceremony"; do
	expect_screen "$title" "harbour"
done
expect_eq 1 "$(printf '%s\n' "$screen" | grep -c '^> ')" "one result is selected"
expect_not_screen "Library card renewal" "harbour"
expect_not_screen "Bulky trash pickup" "harbour"

note "Esc in the search line clears it too"
keys Escape
wait_for "Type what the customer says"
expect_match "$(row 0)" '^Search: *$' "Esc empties the search line"

note "a Spanish answer is marked with its language"
type_text biblioteca
wait_for "Search: biblioteca" "1 answer"
expect_match "$(row 2)" '^> Renovar la tarjeta de biblioteca \[es\]  biblioteca, tarjeta$' \
    "a result in Spanish carries [es]"

note "nothing found"
keys C-u
wait_for "Type what the customer says"
type_text zqxjkw
wait_for "Search: zqxjkw" "No answer found for this search."
expect_eq "No answer found for this search." "$(row 1)" "the info line"
expect_eq "" "$(row 2)" "no results listed"

note "odd input is a query like any other"
for q in '"AND(' '*' 'NEAR(' "'; --" '(((' '^'; do
	keys C-u
	wait_for "Type what the customer says"
	type_text "$q"
	wait_for -E '^(No answer found for this search\.|[0-9]+\+? answers?)' -F "Search: $q"
	expect_eq "Search: $q" "$(row 0)" "query [$q] is shown as typed"
	expect_not_screen "Error" "query [$q]"
done
keys C-u
type_text bulky
wait_for "Search: bulky" "> Bulky trash pickup"

note "Ctrl-C quits with status 0"
keys C-c
expect_clean_exit

exit 0
