#!/bin/sh
# The channel's wording first: on the phone channel an answer opens with
# its phone wording in view, right under its meta lines, before a long
# common text, and the status line says that the text goes on below
# ("more below, N%", as less shows it), then "end".  With every channel
# the text is as written: the phone wording is at its end, out of view.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
sample_kb "$k"
SAY='^\| Say: "First, report it lost online'

tui_start 80 24 "$k" --channel phone
wait_for -E '^Search:'
type_text "lost passport"
wait_for "> Report a lost or stolen passport"
keys Enter
wait_for -E '^Report a lost or stolen passport and replace it +passport-lost-stolen$'
wait_for -E "$SAY"
v=$(row_of "Version:   ")
p=$(row_of 'Say: "First')
expect_eq "| Phone" "$(row $((v + 2)))" "the Phone section right under the meta lines"
[ "$p" -lt 23 ] || fail "the phone wording is not in view"
expect_match "$(status_line)" '\| more below, [0-9]+% ' "the position marker"
expect_not_screen "Abroad? Contact the nearest" "the end of the common text, below"

note "End: the rest of the text, and the marker says so"
keys G
wait_for "Abroad? Contact the nearest"
expect_match "$(status_line)" '\| end ' "the position marker at the end"
keys q
wait_for "> Report a lost or stolen passport"

note "every channel: the text as written, the phone wording at its end"
keys F2 F2 F2
wait_for -E "$(status_re 'All channels')"
keys Enter
wait_for -E '^Report a lost or stolen passport and replace it +passport-lost-stolen$'
expect_not_screen 'Say: "First' "with every channel, the phone wording is not first"
expect_match "$screen" '^A lost or stolen passport must be reported' "the common text first"
keys C-c
expect_clean_exit

exit 0
