#!/bin/sh
# kb diff for a person and for a program: on a terminal (run in tmux) a
# paragraph's long line goes on in rows of the terminal's width, each
# with the line's sign and the continuation mark, the changed number in
# reverse video (SGR 7) and nothing else; NO_COLOR leaves the marks out;
# to a pipe it is the unified diff as it is, every character on its line;
# --width wraps anywhere, and a bad width is a usage error.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"
para="A permit is needed to launch a kayak at the old harbour slipway. For a lost permit, or a launch outside office hours, call the harbour master on 1-877-555-0120 and give the permit number."
printf '%s\n' "---" "title: Slipway rules" "tags: harbour, slipway" \
    "review-by: 2099-12-31" "---" "Rules are posted at the slipway." \
    "	Tabbed note." "$para" >"$k/answers/permits/slipway-rules.md"
commit "$k" "Slipway rules"
sed 's/555-0120/555-0199/; s/Tabbed note/Tabbed notes/' \
    "$k/answers/permits/slipway-rules.md" |
    kb --kb "$k" --agent alice propose slipway-rules --message "New number" \
    >/dev/null || fail "kb propose"
p=proposals/alice/slipway-rules-1
new=$(printf '%s\n' "$para" | sed 's/555-0120/555-0199/')

note "to a pipe: the unified diff, each line whole, no escape, no mark"
expect_status 0 kb --kb "$k" diff "$p"
plain=$out
expect_contains "$plain" "
-$para
" "the old long line, whole"
expect_contains "$plain" "
+$new" "the new long line, whole"
expect_contains "$plain" "
+	Tabbed notes." "a tab kept"
expect_eq "" "$(printf '%s' "$plain" | tr -d -c '\033')" "no escape sequence"
expect_not_contains "$plain" "↪" "no continuation mark"
kb --kb "$k" diff "$p" >"$tmp/file.diff" || fail "kb diff to a file"
expect_eq "$plain" "$(cat "$tmp/file.diff")" "to a file: the same"

note "--width to a pipe: rows, with the mark, and no escape"
expect_status 0 kb --kb "$k" diff --width 60 "$p"
expect_contains "$out" "
+A permit is needed to launch a kayak at the old harbour " "the first row"
expect_match "$out" '^\+↪.*1-877-555-0199' "the number on a continuation row"
expect_eq "" "$(printf '%s' "$out" | tr -d -c '\033')" "no escape sequence"
printf '%s\n' "$out" | while IFS= read -r line; do
	[ "$(printf '%s' "$line" | wc -m)" -le 60 ] ||
	    fail "a row wider than 60: $line"
done
expect_status 2 kb --kb "$k" diff --width 10 "$p"
expect_contains "$err" "--width takes 0 or a number from 20 to 1000" "a bad width"
expect_status 0 kb --kb "$k" diff --width 0 "$p"
expect_eq "$plain" "$out" "--width 0: as it is"

note "a terminal of 80 columns: rows, the mark, the number reversed"
tui_start 80 30 "$k" diff "$p"
wait_exit
expect_eq 0 "$kb_status" "kb diff on a terminal"
r=$(row_of "1-877-555-0199")
[ -n "$r" ] || { dump_screen; fail "the new number on the screen"; }
expect_match "$(row "$r")" '^\+↪' "its row: the + and the mark"
expect_screen "+A permit is needed to launch a kayak at the old harbour slipway. For a lost" \
    "the first row, cut after a blank"
expect_screen "+       Tabbed notes." "a tab as spaces, to column 8"
runs=$(reverse_runs | awk -F '\t' '{ print $2 }')
expect_eq "0120
0199
note
notes" "$(printf '%s\n' "$runs" | sort)" "only the changed words in reverse video"
tui_stop

note "NO_COLOR: the same rows, no reverse video"
TUI_ENV="NO_COLOR=1"
tui_start 80 30 "$k" diff "$p"
wait_exit
expect_screen "1-877-555-0199" "the number"
expect_eq "" "$(reverse_runs)" "no reverse video"

exit 0
