#!/bin/sh
# The TUI follows the terminal's size: a preview beside the results from
# 120 columns, below them from 40 rows, a message below 80x24, and the
# results back when the terminal grows again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"

tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text kayak
wait_for "Search: kayak" "1 answer" "> Kayak launch permit"

# The screen without its status line (which has '|' of its own).
body() {
	printf '%s\n' "$screen" | sed '$d'
}

note "80x24: the results alone"
expect_not_contains "$(body)" "|" "no preview at 80x24"
expect_not_contains "$(body)" "Tags:" "no preview at 80x24"

note "130x40: the preview beside the results, after a '|'"
resize 130 40
wait_for -E '^> Kayak launch permit .*\| Kayak launch permit$' '[^ ].*\| Tags: +kayak, boating, permit$'
expect_eq "130 40" "$(tm display -p -t "$TUI_TARGET" '#{pane_width} #{pane_height}')" \
    "the pane was resized"
sep=$(printf '%s\n' "$screen" | sed -n '3,39p' | grep -c '^.\{52\}|')
expect_eq 37 "$sep" "a '|' in column 52 on every row between the info and status lines"
expect_match "$screen" '\| Standard: +Answered the same day$' "the preview's metadata"
expect_match "$screen" '\| A permit is needed to launch a kayak' "the preview's text"
expect_status_line "All channels"

note "100x40: the preview below the results, after a rule"
resize 100 40
wait_for -E '^-{100}$' '^Tags: +kayak, boating, permit$'
expect_eq "> Kayak launch permit  kayak, boating, permit" "$(row 2)" "the result"
rule=$(row_of "-----")
title=$(row_of "Kayak launch permit")
expect_eq "Kayak launch permit" "$(row $((rule + 1)))" "the preview's title, under the rule"
[ "$title" -lt "$rule" ] || fail "the results are not above the rule"
expect_not_contains "$(printf '%s\n' "$screen" | sed -n "1,${rule}p")" "|" \
    "no '|' column beside the results in the tall layout"

note "60x20: too small, kb says so"
resize 60 20
wait_for "kb needs 80x24 (now 60x20)"
expect_not_screen "Kayak" "nothing else on a too small screen"

note "100x30: the results are back, without a preview"
resize 100 30
wait_for "Search: kayak" "1 answer" "> Kayak launch permit  kayak, boating, permit"
expect_not_screen "kb needs" "the message is gone"
expect_not_screen "Tags:" "no preview at 100x30"
expect_status_line "All channels"
expect_eq 30 "$(printf '%s\n' "$screen" | wc -l | tr -d ' ')" "30 rows"

note "resized while reading an answer"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
resize 120 30
# 120 columns: the title, 89 blanks, the id at the new right edge.
wait_for -E '^Kayak launch permit {89}kayak-permit$'
expect_match "$screen" '^A permit is needed to launch a kayak at the harbour\. Commonword applies on every channel\.$' \
    "the text is wrapped again for 120 columns"
keys Escape
wait_for "Search: kayak" -E '\| Tags: +kayak, boating, permit$'

note "Ctrl-C (from the results) still quits cleanly"
keys Tab
wait_cursor 2 0
keys C-c
expect_clean_exit

exit 0
