#!/bin/sh
# What the screen logs says what was logged, and U takes the last of it
# back within a minute: an undo event in the usage log (which never
# deletes), counted by kb report as if the use never happened; u then
# logs the use again; with nothing left to undo, U says so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"

k=$tmp/kb
tui_kb "$k"
db=$k/.git/kb/usage.db
sql() {
	sqlite3 -batch -noheader "$db" "$1" || fail "sqlite3 could not run: $1"
}

tui_start 80 24 "$k" --channel phone
wait_for -E '^Search:'
type_text kayak
wait_for "> Kayak launch permit"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'

note "u logs the use and says so; U takes it back"
type_text u
wait_for "Marked as used: kayak-permit on phone (logged; U undoes it)"
type_text U
wait_for "Undone: use of kayak-permit (phone) (the log keeps the undo)"
expect_eq "use
undo" "$(sql "SELECT kind FROM event ORDER BY id")" "the use, then its undo"

note "the use no longer counts for the search: u logs it again"
type_text u
wait_for "Marked as used: kayak-permit on phone (logged; U undoes it)"
expect_eq 2 "$(sql "SELECT count(*) FROM event WHERE kind = 'use'")" "two uses logged"

note "x and its undo, then the use before it; then nothing to undo"
type_text x
wait_for "Customer not satisfied: kayak-permit (logged; U undoes it)"
type_text U
wait_for 'Undone: "not satisfied" for kayak-permit'
type_text U
wait_for "Undone: use of kayak-permit (phone)"
type_text U
wait_for "Nothing to undo"
keys C-c
expect_clean_exit

note "kb report counts neither the undone uses nor the undone outcome"
expect_status 0 env KB_NOW=2026-11-22 "$KB_BIN" --kb "$k" report --format csv --section top_answers
expect_not_contains "$out" "kayak-permit" "an undone use in the top answers"
expect_eq 3 "$(sql "SELECT count(*) FROM event WHERE kind = 'undo'")" "three undo events"

exit 0
