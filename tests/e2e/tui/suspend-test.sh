#!/bin/sh
# Ctrl-Z suspends kb as any program started from a shell: the shell is
# back (the terminal as it was), and fg brings the screen back as it was
# left, the search and its results still there.  When no shell with job
# control started kb, nothing could bring it back: it says so instead.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"

note "from an interactive shell: Ctrl-Z, the shell, fg"
tui_shell 80 24
wait_for -E '^\$ *$'
type_text "$(kb_command "$k")"
keys Enter
wait_for -E '^Search:'
type_text kayak
wait_for "Search: kayak" "> Kayak launch permit"
keys C-z
wait_gone "Search: kayak"
# The shell reads a line again: the terminal is back to normal.
type_text "echo shell-says-$((6 * 7))"
keys Enter
wait_for "shell-says-42" -E 'Stopped +.*kb'
type_text fg
keys Enter
wait_for "Search: kayak" "> Kayak launch permit"
wait_cursor 0 13
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
keys C-c
wait_gone "Kayak launch permit"
type_text 'echo "KB-DONE=$?"'
keys Enter
wait_for "KB-DONE=0"
tui_stop

note "no shell with job control: not suspended, and it says so"
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text kayak
wait_for "> Kayak launch permit"
keys C-z
wait_for "Not suspended: kb was not started from a shell with job control"
expect_screen "Search: kayak" "the screen stays"
keys C-c
expect_clean_exit

exit 0
