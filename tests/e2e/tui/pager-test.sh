#!/bin/sh
# Keys people know, in the answer view (as in less): Space, b, Ctrl-F,
# Ctrl-B a page, Ctrl-D and Ctrl-U half a page, g, G, Home, End; / finds
# text in the answer, n and N the next and previous line with it, round
# the end; the position on the status line ("more below, N%", "end");
# q and Esc go back one level (related answer, answer, results), and in
# the help; Ctrl-L redraws.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
set --
i=1
while [ $i -le 60 ]; do
	case $i in
	12) set -- "$@" "Rule $i: the mooring fee is paid at the office." "" ;;
	30) set -- "$@" "Rule $i: a late FEE doubles it." "" ;;
	47) set -- "$@" "Rule $i: the fee is waived for rescue boats." "" ;;
	*) set -- "$@" "Rule $i of the harbour." "" ;;
	esac
	i=$((i + 1))
done
WA_RELATED=slipway write_answer "$k" harbour/harbour-rules "Harbour rules" "$@"
WA_RELATED=harbour-rules write_answer "$k" harbour/slipway "Slipway hours" \
    "The slipway opens at dawn."
commit "$k" "answers"

# The first line of the answer's text on the screen: "Rule N ...".
first_rule() {
	printf '%s\n' "$screen" | grep -m1 -o '^Rule [0-9]*' | cut -d' ' -f2
}

tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text "harbour rules"
wait_for "> Harbour rules"
keys Enter
wait_for -E '^Harbour rules +harbour-rules$' "Rule 1 of the harbour."
expect_match "$(status_line)" '\| more below, [0-9]+% ' "the position: the text goes on"
start=$(first_rule)

note "Space, b, Ctrl-F, Ctrl-B, PgDn: a page"
keys Space
wait_gone "Rule 1 of the harbour."
paged=$(first_rule)
[ "$paged" -gt "$start" ] || fail "Space did not page down ($start, then $paged)"
keys b
wait_for "Rule 1 of the harbour."
keys C-f
wait_for -E "^Rule $paged[ :]"
keys C-b
wait_for "Rule 1 of the harbour."
keys NPage
wait_for -E "^Rule $paged[ :]"

note "Ctrl-D, Ctrl-U: half a page"
keys C-d
wait_gone -E "^Rule $paged[ :]"
half=$(first_rule)
[ "$half" -gt "$paged" ] || fail "Ctrl-D did not scroll down"
keys C-u
wait_for -E "^Rule $paged[ :]"

note "G and g: the end and the top"
keys G
wait_for "Rule 60 of the harbour." "1  Slipway hours"
expect_match "$(status_line)" '\| end ' "the position at the end"
keys g
wait_for "Rule 1 of the harbour."
expect_match "$(status_line)" '\| more below, [0-9]+% ' "the position at the top"

note "/ finds text: letters of either case, the cursor on its line"
keys /
wait_for -E '(^| )Find: *$'
type_text fee
keys Enter
wait_for '"fee": line 1 of 3 with it'
y=$(row_of "Rule 12: the mooring fee")
[ -n "$y" ] || { dump_screen; fail "the line found is not on the screen"; }
wait_cursor "$y" 0

note "n: the next line with it; N: the one before; round the end"
keys n
wait_for '"fee": line 2 of 3 with it'
wait_cursor "$(row_of "Rule 30: a late FEE")" 0
keys n
wait_for '"fee": line 3 of 3 with it'
wait_cursor "$(row_of "Rule 47: the fee is waived")" 0
keys n
wait_for '"fee": line 1 of 3 with it (from the other end)'
keys N
wait_for '"fee": line 3 of 3 with it (from the other end)'
keys N
wait_for '"fee": line 2 of 3 with it'
keys /
wait_for -E '(^| )Find: *$'
type_text "helicopter"
keys Enter
wait_for 'Not found: "helicopter"'

note "q: back one level, from a related answer to the answer, then to the results"
keys G
wait_for "1  Slipway hours"
keys 1
wait_for -E '^Slipway hours +slipway$'
keys q
wait_for -E '^Harbour rules +harbour-rules$'
keys q
wait_for "Search: harbour rules" "> Harbour rules"
keys Enter
wait_for -E '^Harbour rules +harbour-rules$'
keys Escape
wait_for "Search: harbour rules" "> Harbour rules"

note "in the help too: q closes it; and Ctrl-L redraws, changing nothing"
keys F1
wait_for -E '^Keys \(Esc'
keys q
wait_for "Search: harbour rules" "> Harbour rules"
before=$(capture)
keys C-l
wait_for "Search: harbour rules" "> Harbour rules"
expect_eq "$before" "$(capture)" "the screen after Ctrl-L"
keys C-c
expect_clean_exit

exit 0
