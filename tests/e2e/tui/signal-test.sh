#!/bin/sh
# The terminal is given back on every way out: SIGTERM and SIGHUP end kb
# cleanly (the alternate screen left, the cursor shown, the tty in its
# old mode: the shell after kb reads a typed line normally), and a search
# in progress is logged on the way out.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"

# kb's own pid (not that of the shell around it, whose command line
# names the KB too).
kb_pid() {
	for _p in $(pgrep -f -- "--kb $k"); do
		[ "$(cat "/proc/$_p/comm" 2>/dev/null)" = "$(basename "$KB_BIN")" ] &&
		    { echo "$_p"; return; }
	done
}

for sig in TERM HUP; do
	note "SIGTERM/SIGHUP: kb quits, the terminal is back to normal ($sig)"
	tui_start 80 24 "$k"
	wait_for "Search:"
	type_text "kayak"
	wait_for "1 answer"
	pid=$(kb_pid)
	[ -n "$pid" ] || fail "test setup: no kb process found"
	kill -s "$sig" "$pid"
	wait_exit
	# The pane's shell is back on the normal screen: kb's rows are gone.
	capture >/dev/null
	expect_not_contains "$screen" "Search:" "after SIG$sig: kb's screen is gone"
	expect_contains "$screen" "KB-EXITED=" "after SIG$sig: the shell ran on"
	# The tty is cooked again: a line typed now is read by the shell.
	type_text "echo tty-is-$((6 * 7))"
	keys Enter
	wait_for "tty-is-42"
	tui_stop
done

note "the search in progress when kb was told to quit is in the usage log"
n=$(sqlite3 "$k/.git/kb/usage.db" \
    "SELECT count(*) FROM event WHERE kind = 'search' AND query = 'kayak'") ||
    fail "sqlite3 cannot read the usage log"
expect_eq 2 "$n" "searches logged on SIGTERM and SIGHUP"
