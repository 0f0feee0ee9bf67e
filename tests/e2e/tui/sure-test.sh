#!/bin/sh
# The search view and confidence: the sure hits first, then a row
# "── not a sure match ──" that is not a result (the choice and the cursor
# move over it), then the weaker hits, which open like any other; with
# only weaker hits the screen still lists them under that row, and says
# "No answer found" only when there is nothing at all; a corrected query
# says 'showing results for "..."'; without a UTF-8 locale the row is
# drawn with '-'.
#
# It holds for any honest confidence: "heron nesting river" is every word
# of one answer and only the minor word "river" of two others; "river
# otters" is one word of three answers and nothing of the other.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
WA_TAGS="birds" write_answer "$k" birds/heron-nesting "Heron nesting season" \
    "Grey herons build nests in tall trees along the river in early spring." \
    "Visitors should keep their distance while the herons are nesting."
WA_TAGS="fish" write_answer "$k" fish/river-fishing "River fishing permits" \
    "A permit is needed to fish in the river, sold at the harbour office."
WA_TAGS="boats" write_answer "$k" boats/boat-launch "Boat launch hours" \
    "The boat launch on the river opens at dawn and closes at dusk."
commit "$k" "answers"
SEP="── not a sure match ──"

tui_start 80 24 "$k"
wait_for -E '^Search:'

note "sure hits, the separator row, the weaker hits"
type_text "heron nesting river"
wait_for "Search: heron nesting river" "$SEP" "River fishing permits"
expect_match "$(row 1)" '^1 answer, [0-9]+ not a sure match$' "the info line counts both"
sure=$(row_of "Heron nesting season")
sep=$(row_of "$SEP")
weak=$(row_of "River fishing permits")
[ -n "$sure" ] && [ -n "$sep" ] && [ -n "$weak" ] || { dump_screen; fail "rows not found"; }
expect_eq 2 "$sure" "the sure hit is the first result"
expect_eq "$((sure + 2))" "$sep" "the separator right under the sure hit (title, snippet)"
expect_eq "$((sep + 1))" "$weak" "the first weaker hit right under the separator"
expect_match "$(row "$sep")" '^── not a sure match ─+$' "the separator fills its row"
expect_match "$(row "$sure")" '^> Heron nesting season' "the sure hit is chosen"
expect_eq 1 "$(printf '%s\n' "$screen" | grep -c "not a sure match ─")" "one separator"

note "the cursor moves over the separator, both ways"
keys Tab
wait_cursor "$sure" 0
keys Down
wait_for -E "^> River fishing permits"
wait_cursor "$weak" 0
expect_match "$(row "$sep")" '^── not a sure match' "the separator stays, unchosen"
keys Up
wait_for -E "^> Heron nesting season"
wait_cursor "$sure" 0

note "a weaker hit opens like any other"
keys Down
wait_for -E "^> River fishing permits"
keys Enter
wait_for -E '^River fishing permits +river-fishing$'
expect_screen "sold at the harbour office" "the weaker answer's text"
keys Escape
wait_for "$SEP"

note "only weaker hits: listed under the separator, never 'No answer found'"
keys C-u
wait_for "Type what the customer says"
type_text "river otters"
wait_for "Search: river otters" "$SEP"
expect_match "$(row 1)" '^No sure answer, [0-9]+ not a sure match$' "the info line"
expect_not_screen "No answer found" "weaker hits exist"
expect_match "$(row 2)" "^$SEP" "the separator first"
expect_match "$(row 3)" '^> ' "a weaker hit is chosen under it"
wait_cursor 0 20
keys Tab
wait_cursor 3 0

note "nothing at all: No answer found, no separator"
keys Escape C-u
wait_for "Type what the customer says"
type_text "zzyzx"
wait_for "No answer found for this search."
expect_not_screen "not a sure match" "no hits"

note "a corrected query says what was searched"
keys C-u
wait_for "Type what the customer says"
type_text "heron nestng"
wait_for 'showing results for "heron nesting"'
expect_match "$(row 1)" '^1 answer  \(showing results for "heron nesting"\)$' "the info line"
type_text q
keys C-c
expect_clean_exit
tui_stop

note "without a UTF-8 locale the separator is drawn with '-'"
TUI_ENV="LC_ALL=C"
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text "heron nesting river"
wait_for "-- not a sure match --"
expect_not_screen "─" "no line-drawing character"
keys C-c
expect_clean_exit

exit 0
