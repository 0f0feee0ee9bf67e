#!/bin/sh
# kb init --remote without --office never takes the host name silently:
# on a terminal (a tmux pane) it asks "Office name:", with the rules,
# until it gets a name, and makes the office KB with it; an empty answer
# asks again, one with a control character is refused and asked again,
# and the end of input gives up (exit 2, naming --office, nothing made).
# Without a terminal it refuses at once (first-sync-test.sh).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"
. "$(dirname "$0")/../tui/tmux.sh"

make_centre
tui_shell 100 30
wait_for -E '^\$'

# prompts N: until the screen shows "Office name:" N times.
prompts() {
	_i=0
	while [ "$(capture | grep -c '^Office name:')" -lt "$1" ]; do
		_i=$((_i + 1))
		[ $_i -lt $TUI_TRIES ] || { dump_screen; fail "not asked $1 times"; }
		sleep 0.05
	done
}

# run_init DIR: kb init --remote in the pane, then its exit status.
run_init() {
	type_text "$(_q "$KB_BIN") init --remote $(_q "$centre") --station pc-1 --quiet $(_q "$1"); echo \"EXIT=\$?\""
	keys Enter
}

note "asked on a terminal"
run_init "$tmp/o1"
wait_for -E "^Office name:"
expect_screen "same office name; kbsync sends usage under it" "the prompt says why"
expect_screen '("Main Street" is main-street)' "the prompt gives the rules"
keys Enter
prompts 2
type_text "North Side"
keys Enter
wait_for "EXIT=0"
expect_screen "Office north-side, station pc-1 (this copy; git config kb.station NAME renames it)." \
    "the office made with the name given"
expect_eq "North Side" "$(git -C "$tmp/o1" config kb.office)" "kb.office: the name as typed"
expect_eq "pc-1" "$(git -C "$tmp/o1" config kb.station)" "kb.station"

note "a control character is refused; the end of input gives up"
type_text "printf '\\033[H\\033[2J'"
keys Enter
wait_gone "EXIT=0"
run_init "$tmp/o2"
wait_for -E "^Office name:"
type_text "North"
keys C-v C-a Enter
wait_for "No control characters, please."
keys C-d
wait_for "EXIT=2"
expect_screen "kb init: --remote needs the office's name: give --office NAME" \
    "the end of input: the usage error names --office"
[ ! -e "$tmp/o2" ] || fail "a kb init that got no office made $tmp/o2"

tui_stop
exit 0
