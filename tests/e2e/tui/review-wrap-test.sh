#!/bin/sh
# kb review hides nothing of a long line: a Markdown paragraph is one
# line, and a phone number changed at column 155 of it shows at 80
# columns, on a row that keeps the line's +/- and starts with the
# continuation mark (\ where the locale is not UTF-8), the number alone
# in reverse video.  The paging keys count rows (End shows the last row
# of the last line), / finds text in a wrapped row and puts the cursor
# on it, and a wider screen wraps the lines again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"
para="A permit is needed to launch a kayak at the old harbour slipway. For a lost permit, or a launch outside office hours, call the harbour master on 1-877-555-0120 and give the permit number."
at=$(printf '%s\n' "$para" | awk '{ print index($0, "0120") - 1 }')
[ "$at" -ge 150 ] || fail "test setup: the number is at column $at"
{
	printf '%s\n' "---" "title: Slipway rules" "tags: harbour, slipway" \
	    "review-by: 2099-12-31" "---"
	i=1
	while [ $i -le 30 ]; do
		printf 'Rule %d is posted at the slipway.\n' $i
		i=$((i + 1))
	done
	printf '%s\n' "$para"
} >"$k/answers/permits/slipway-rules.md"
commit "$k" "Slipway rules"

note "a proposal: every rule reworded, and the number changed"
sed 's/ is posted at the slipway\./ is posted at the ramp./; s/555-0120/555-0199/' \
    "$k/answers/permits/slipway-rules.md" |
    kb --kb "$k" --agent alice propose slipway-rules --message "New number" \
    >/dev/null || fail "kb propose"

note "80 columns: the number on a row of its own line, with the mark"
tui_start 80 24 "$k" review
wait_for "slipway-rules"
keys Enter
wait_for "-Rule 1 is posted at the slipway."
keys End
wait_for "0199"
# The last body row is the last row of the last line: rows are counted.
expect_match "$(row 22)" '^\+↪.*give the permit number\.$' \
    "End shows the last row of the last line"
new=$(row_of "0199")
[ -n "$new" ] || { dump_screen; fail "the new number on the screen"; }
expect_match "$(row "$new")" '^\+↪' "the new number's row: the + and the mark"
expect_match "$(row "$((new - 1))")" '^\+(↪|A permit)' "the rows before it are of the same line"
runs=$(reverse_runs | awk -F '\t' '$1 > 0 && $1 < 23 { print $1 ":" $2 }')
expect_eq "$new:0199" "$(printf '%s\n' "$runs" | grep "^$new:")" \
    "the new number alone in reverse video on its row"
for r in $(seq 1 22); do
	w=$(row "$r" | tr -d '\n' | wc -m)
	[ "$w" -le 80 ] || fail "row $r is $w columns wide"
done

note "/ finds the old number in its wrapped row; the cursor is on it"
keys g
wait_for "-Rule 1 is posted at the slipway."
keys /
wait_for "Find:"
type_text "555-0120"
keys Enter
wait_for '"555-0120": line 1 of 1'
old=$(row_of "555-0120")
expect_match "$(row "$old")" '^-↪' "the old number's row: the - and the mark"
# The cursor's column, in characters (the mark is one, of 3 bytes).
c=$(row "$old" | sed 's/555-0120.*//' | tr -d '\n' | wc -m)
wait_cursor "$old" "$c"
runs=$(reverse_runs | awk -F '\t' '$1 > 0 && $1 < 23 { print $1 ":" $2 }')
expect_eq "$old:0120" "$(printf '%s\n' "$runs" | grep "^$old:")" \
    "the old number alone in reverse video on its row"

note "100 columns: wrapped again, the number still shown"
resize 100 24
wait_for "slipway. For a lost permit, or a launch"
expect_match "$(row 1)" '^-A permit is needed' "the same line at the top"
expect_match "$(row 2)" '^-↪.*1-877-555-0120' "its next row, wider"
keys End
wait_for "0199"
expect_match "$(row "$(row_of 0199)")" '^\+' "a row of the new line"
for r in $(seq 1 22); do
	w=$(row "$r" | tr -d '\n' | wc -m)
	[ "$w" -le 100 ] || fail "row $r is $w columns wide at 100"
done
keys q
wait_for "Proposals waiting"
keys q
expect_clean_exit
tui_stop

note "a locale that is not UTF-8: the mark is a backslash"
TUI_ENV="LANG=C"
tui_start 80 24 "$k" review
wait_for "slipway-rules"
keys Enter
wait_for "-Rule 1 is posted at the slipway."
keys End
wait_for "0199"
expect_match "$(row "$(row_of 0199)")" '^\+\\' "the ASCII mark"
keys q
wait_for "Proposals waiting"
keys q
expect_clean_exit

exit 0
