#!/bin/sh
# kb undo takes back the last use, flag or "not satisfied" the agent
# logged, within a minute: the log keeps both events (append only, an
# undo naming the event's uid), and kb report counts neither.  At the
# centre too: the undo travels with kbsync, and an office's undo takes
# back only that office's own events (a line naming another's is
# skipped with a warning).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../sync/sync.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"

sql() {
	sqlite3 -batch -noheader -nullvalue NULL "$1" "$2" ||
	    fail "sqlite3 could not run: $2"
}
top() {	# the rows of a CSV section, without its header
	printf '%s\n' "$1" | tr -d '\r' | sed 1d
}

k=$tmp/kb
sample_kb "$k"
export KB_DIR="$k"
db=$k/.git/kb/usage.db

note "a use undone does not count in kb report"
expect_status 0 at 2026-11-25T10:00:00 kb --agent ann use dog-licence --channel phone
expect_status 0 at 2026-11-25T10:00:10 kb --agent ann use dog-licence --channel email
expect_status 0 kb report --format csv --section top_answers
expect_eq "dog-licence,License your dog or cat,2" "$(top "$out")" \
    "test setup: two uses before the undo"
expect_status 0 at 2026-11-25T10:00:30 kb --agent ann undo
expect_eq "undone: use of dog-licence (email)" "$out" "kb undo says what it took back"
expect_status 0 kb report --format csv --section top_answers
expect_eq "dog-licence,License your dog or cat,1" "$(top "$out")" \
    "the undone use is not counted"
expect_status 0 kb report --format csv --section use_by_channel
expect_contains "$out" "dog-licence,1,0,0,0,1," \
    "use by channel: the phone use only"
expect_eq "use|phone|
use|email|
undo|email|2" \
    "$(sql "$db" "SELECT kind, channel, (SELECT e.id FROM event e WHERE e.uid = u.undoes) FROM event u ORDER BY id" | sed 's/NULL$//')" \
    "the log keeps both events; the undo names the email use"

note "a flag undone is not in the flagged answers"
expect_status 0 at 2026-11-25T10:05:00 kb --agent ann flag dog-licence --reason outdated
expect_status 0 kb report --format csv --section flagged
expect_contains "$out" "dog-licence," "test setup: flagged before the undo"
expect_status 0 at 2026-11-25T10:05:59 kb --agent ann undo
expect_eq "undone: flag of dog-licence (outdated)" "$out" "kb undo: the flag"
expect_status 0 kb report --format csv --section flagged
expect_not_contains "$out" "dog-licence," "the undone flag is not counted"

note "after a minute, or another agent's, or twice: nothing to undo"
expect_status 0 at 2026-11-25T10:10:00 kb --agent ann use passport-renew-mail --channel phone
expect_status 1 at 2026-11-25T10:11:01 kb --agent ann undo
expect_contains "$err" "nothing to undo" "61 seconds later"
expect_status 1 at 2026-11-25T10:10:30 kb --agent bob undo
expect_contains "$err" "bob logged no use, flag" "another agent's use is not bob's to undo"
expect_status 0 at 2026-11-25T10:11:00 kb --agent ann undo
expect_status 1 at 2026-11-25T10:11:00 kb --agent ann undo
expect_contains "$err" "nothing to undo" "each event is undone once"
expect_status 2 kb --agent ann undo dog-licence
expect_eq 3 "$(sql "$db" "SELECT count(*) FROM event WHERE kind = 'undo'")" \
    "three undos logged, nothing deleted"

note "at the centre: the office's undo travels with its usage"
make_centre
o=$tmp/office
make_office "$o" "$centre" --office North
expect_status 0 at 2026-11-25T11:00:00 kb --kb "$o" --agent Ann use dog-licence --channel phone
expect_status 0 at 2026-11-25T11:00:05 kb --kb "$o" --agent Ann use passport-renew-mail --channel phone
expect_status 0 at 2026-11-25T11:00:20 kb --kb "$o" --agent Ann undo
expect_status 0 kbsync --kb "$o"
lines=$(centre_events north)
undone=$(sql "$o/.git/kb/usage.db" "SELECT uid FROM event WHERE answer = 'passport-renew-mail' AND kind = 'use'")
expect_match "$lines" "\"kind\":\"undo\",\"agent\":\"Ann\",.*\"undoes\":\"$undone\",\"closes\":null}\$" \
    "the undo's line names the use it takes back"
expect_status 0 kb --kb "$centre" report --all-offices --format csv --section top_answers
expect_eq "dog-licence,License your dog or cat,1" "$(top "$out")" \
    "the centre does not count the office's undone use"
expect_no_diag "the office's own undo is taken without a warning"

note "an office cannot undo another office's event"
north_use=$(sql "$o/.git/kb/usage.db" "SELECT uid FROM event WHERE answer = 'dog-licence'")
day=2026-11-25.jsonl
{
	printf '{"uid":"e0000000000000000000000000000001","time":"2026-11-25T11:00:30Z","kind":"undo","agent":"Ann","office":null,"channel":"phone","answer":"dog-licence","version":null,"query":null,"hits":null,"reason":null,"sure":null,"undoes":"%s"}\n' "$north_use"
	printf '%s\n' '{"uid":"e0000000000000000000000000000002","time":"2026-11-25T11:01:00Z","kind":"use","agent":"Eve","office":null,"channel":"phone","answer":"dog-licence","version":null,"query":null,"hits":null,"reason":null,"sure":null,"undoes":null}'
	printf '%s\n' '{"uid":"e0000000000000000000000000000003","time":"2026-11-25T11:03:00Z","kind":"undo","agent":"Eve","office":null,"channel":"phone","answer":"dog-licence","version":null,"query":null,"hits":null,"reason":null,"sure":null,"undoes":"e0000000000000000000000000000002"}'
	printf '%s\n' '{"uid":"e0000000000000000000000000000004","time":"2026-11-25T11:03:30Z","kind":"undo","agent":"Eve","office":null,"channel":"phone","answer":"dog-licence","version":null,"query":null,"hits":null,"reason":null,"sure":null,"undoes":null}'
} >"$tmp/east.jsonl"
blob=$(git -C "$centre" hash-object -w "$tmp/east.jsonl")
tree=$(printf '100644 blob %s\t%s\n' "$blob" "$day" | git -C "$centre" mktree)
git -C "$centre" update-ref refs/kb/usage/east \
    "$(git -C "$centre" commit-tree -m "usage: a hostile office" "$tree")"
expect_status 0 kb --kb "$centre" report --all-offices --format csv --section top_answers
expect_eq "dog-licence,License your dog or cat,2" "$(top "$out")" \
    "North's use and East's own use both count: no undo of East's took them back"
ref=refs/kb/usage/east:$day
expect_contains "$err" "$ref:1: warning: undoes no event of this office's" \
    "an undo of North's event, on East's ref: skipped"
expect_contains "$err" "$ref:3: warning: undoes no event of this office's" \
    "an undo two minutes after the use: skipped"
expect_contains "$err" "$ref:4: warning: undoes is missing or not a uid, in an undo; line skipped" \
    "an undo naming nothing: skipped"
expect_eq 3 "$(printf '%s\n' "$err" | grep -c warning)" "a warning for each bad line, no more"
