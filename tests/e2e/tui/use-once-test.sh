#!/bin/sh
# One search, one use of an answer: marking it used (u), copying (y),
# printing (p) and saving (s) it all log the answer as used, once for the
# search however many of them the agent does, so that the report counts
# answers given, not keys.  A search that ends with only a copy is a use
# (on email: a copy is for an email), not an abandoned search.  The next
# search counts again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"

k=$tmp/kb
tui_kb "$k"
db=$k/.git/kb/usage.db
mkdir -p "$tmp/bin" "$tmp/saved"
printf '#!/bin/sh\ncat >/dev/null\n' >"$tmp/bin/lpr"
chmod +x "$tmp/bin/lpr"

sql() {
	sqlite3 -batch -noheader -nullvalue NULL "$db" "$1" ||
	    fail "sqlite3 could not run: $1"
}

TUI_ENV="KB_SAVE_DIR=$tmp/saved PATH=$tmp/bin:$PATH"
tui_start 80 24 "$k" --channel phone
wait_for -E '^Search:'

note "one search: u, y, p, s and u again on the same answer"
type_text kayak
wait_for "> Kayak launch permit"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
type_text u
wait_for -E '(^| )Marked as used: kayak-permit on phone \(logged'
type_text y
wait_for -E '(^| )Copied kayak-permit \(email wording\)'
type_text p
wait_for -E '(^| )Sent kayak-permit \(walk-in wording\) to the printer'
type_text s
wait_for -E '(^| )Saved kayak-permit \(walk-in wording\)'
type_text u
wait_for -E '(^| )Marked as used: kayak-permit on phone \(already logged for this search'
expect_eq "kayak-permit|phone|kayak" \
    "$(sql "SELECT answer, channel, query FROM event WHERE kind = 'use'")" \
    "one use for the search, with its channel and query"

note "a search that ends with a copy only: a use, not an abandoned search"
keys Escape
wait_for "> Kayak launch permit"
keys C-u
wait_for "Type what the customer says"
type_text canoe
wait_for "> Canoe storage racks"
keys Enter
wait_for -E '^Canoe storage racks +canoe-storage$'
type_text y
wait_for -E '(^| )Copied canoe-storage \(email wording\)'
keys Escape
wait_for "> Canoe storage racks"
keys C-u
wait_for "Type what the customer says"
expect_eq "canoe-storage|email|canoe" \
    "$(sql "SELECT answer, channel, query FROM event WHERE kind = 'use' AND answer = 'canoe-storage'")" \
    "the copy is the use"
expect_eq 0 "$(sql "SELECT count(*) FROM event WHERE kind = 'search'")" \
    "no search logged: each ended with an answer used"

note "the next search counts again"
type_text kayak
wait_for "> Kayak launch permit"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
type_text u
wait_for -E '(^| )Marked as used: kayak-permit on phone \(logged'
keys C-c
expect_clean_exit
expect_eq "canoe-storage|1
kayak-permit|2" \
    "$(sql "SELECT answer, count(*) FROM event WHERE kind = 'use' GROUP BY answer ORDER BY answer")" \
    "uses: one per answer per search"
expect_eq 0 "$(sql "SELECT count(*) FROM event WHERE kind != 'use'")" "nothing else logged"

exit 0
