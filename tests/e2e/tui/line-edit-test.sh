#!/bin/sh
# The search line is edited as a shell's line is: Left, Right, Home,
# End, Ctrl-A, Ctrl-E move the cursor (the real one, where the agent
# types); typing, Backspace and Delete work at the cursor; Ctrl-W and
# Alt-Backspace delete the word before it; a line longer than the screen
# scrolls so that the cursor stays in view.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"

tui_start 80 24 "$k"
wait_for -E '^Search:'

note "typing in the middle of the line"
type_text "kayak permt"
wait_for -E '^Search: kayak permt$'
wait_cursor 0 19
keys Left
wait_cursor 0 18
type_text i
wait_for -E '^Search: kayak permit$' "> Kayak launch permit"
wait_cursor 0 19

note "Home, Delete; End; Ctrl-A, Right, Backspace; Ctrl-E"
keys Home
wait_cursor 0 8
keys DC
wait_for -E '^Search: ayak permit$'
wait_cursor 0 8
keys End
wait_cursor 0 19
keys C-a
wait_cursor 0 8
type_text k
wait_for -E '^Search: kayak permit$'
keys Right Right
wait_cursor 0 11
keys BSpace
wait_for -E '^Search: kaak permit$'
wait_cursor 0 10
type_text y
wait_for -E '^Search: kayak permit$'
keys C-e
wait_cursor 0 20

note "Ctrl-W and Alt-Backspace: the word before the cursor"
keys C-w
wait_for -E '^Search: kayak$'
wait_cursor 0 14
type_text "launch permit"
wait_for -E '^Search: kayak launch permit$'
keys M-BSpace
wait_for -E '^Search: kayak launch$'
wait_cursor 0 21
keys M-BSpace
wait_for -E '^Search: kayak$'
wait_cursor 0 14

note "a line longer than the screen scrolls with the cursor"
keys C-u
long="one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
type_text "$long"
wait_for "fourteen"
wait_cursor 0 79
expect_not_screen "Search: one two" "the start has scrolled out"
keys Home
wait_for -E '^Search: one two three'
wait_cursor 0 8
keys C-c
expect_clean_exit

exit 0
