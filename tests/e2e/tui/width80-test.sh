#!/bin/sh
# 80 columns: the status line, questions, banners, titles and messages
# are never cut in the middle of a word.  The key hints give way by
# priority (q back and y copy stay), a long question takes the row above
# and its typed text scrolls, a message longer than the line takes two
# and is read whole, a banner row or a title too long ends between words
# with "…".
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

# A KB whose directory name makes a long status line.
k=$tmp/springfield-city-contact-centre-knowledge-base
id=kayak-launch-permit-for-the-north-harbour-slipway-and-the-marina
mkdir -p "$k"
git -C "$k" init -q -b main
write_answer "$k" "permits/$id" \
    "Kayak launch permit for the north harbour slipway, the marina and every beach of the bay" \
    "A permit is needed to launch a kayak at the harbour."
mkdir -p "$k/notices"
cat >"$k/notices/works.md" <<'EOF'
---
title: Harbour works: the north slipway and the marina car park are closed for resurfacing and repairs
starts: 2026-11-01
ends: 2026-12-31
severity: warning
---
Use the south slipway.
EOF
commit "$k" "answers"

# whole_words SHOWN SOURCE: the words of SHOWN that are not whole words of
# SOURCE ("…" aside), one a line: none when nothing was cut mid-word.
whole_words() {
	printf '%s\n' "$1" | tr -s ' ' '\n' | sed '/^$/d' | while read -r _w; do
		[ "$_w" = "…" ] && continue
		printf '%s\n' "$2" | tr -s ' ' '\n' | grep -qxF -- "$_w" ||
		    printf '%s\n' "$_w"
	done
}

expect_whole() {
	_cut=$(whole_words "$1" "$2")
	[ -z "$_cut" ] && return 0
	dump_screen
	fail "$3: cut mid-word: $(printf '%s' "$_cut" | tr '\n' ' ')"
}

HINTS="q back y copy u used p print F1 help f flag / find c channel s save x unsatisfied U undo Enter open F2 channel Tab pane ^C quit"
TITLE="Harbour works: the north slipway and the marina car park are closed for resurfacing and repairs"

tui_start 80 24 "$k" --channel phone
wait_for -E '^Search:'

note "the banner row: a long title ends between words"
banner=$(row 1)
expect_match "$banner" '…$' "the banner row says something was left out"
expect_whole "$banner" " WARNING: $TITLE (until 2026-12-31)" "the banner row"

note "the status line: the identity whole as far as it goes, hints whole"
ident="springfield-city-contact-centre-knowledge-base@$(git -C "$k" rev-parse --short=7 main) | Phone | alice@downtown"
expect_whole "$(status_line)" "$ident $HINTS" "the status line in the search view"
type_text kayak
wait_for "> Kayak launch permit"
keys Enter
wait_for -E "  $id\$"
expect_whole "$(row 0)" "Kayak launch permit for the north harbour slipway, the marina and every beach of the bay  $id" \
    "the title row"
expect_whole "$(status_line)" "$ident | $HINTS" "the status line in the answer view"

note "a question too long for the line: wrapped whole, above the typed text"
keys f
wait_for "say why"
q="Flag $id: 1 outdated  2 wrong  3 unclear  4 say why  (Esc: cancel)"
two=$(printf '%s\n' "$screen" | tail -n 2)
expect_whole "$two" "$q" "the flag question"
expect_eq "$(printf '%s' "$q" | tr -s ' ')" "$(printf '%s' "$two" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')" \
    "the question, whole, on two rows"
keys 4
wait_for "(Enter: done, Esc: cancel)"
tq="Flag $id, why? (Enter: done, Esc: cancel)"
above=$(printf '%s\n' "$screen" | tail -n 3 | head -n 2)
expect_whole "$above" "$tq" "the question above the typed text"
expect_eq "$tq" "$(printf '%s' "$above" | tr -s ' \n' '  ' | sed 's/^ //; s/ $//')" \
    "the question, whole, on the rows above"
reason="the fee on the form is not the fee on the website and the office hours differ too"
type_text "$reason"
wait_for "office hours differ too"
expect_match "$(status_line)" '^ > .*office hours differ too$' "the typed text scrolls, its end in view"
wait_cursor 23 79

note "a message longer than the line: two lines, read whole"
keys Enter
wait_for "Flagged $id"
msg="Flagged $id: $reason (logged; U undoes it)"
rows=$(printf '%s\n' "$screen" | tail -n 3)
expect_whole "$rows" "$msg" "the message"
expect_contains "$(printf '%s' "$rows" | tr -s ' \n' '  ')" "(logged; U undoes it)" \
    "the end of the message is on the screen"
keys C-c
expect_clean_exit

exit 0
