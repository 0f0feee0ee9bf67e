#!/bin/sh
# A usage ref in the layout before issue 18 (each commit holds the day
# file whole, grown at its end) is read without loss, and the upgraded
# kbsync goes on after it in the new layout (each commit holds only its
# own events): the centre counts every event once, whether it read the
# old commits before the change or reads old and new in one import.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed (apt-get install sqlite3)"

make_centre
o=$tmp/office
url=$centre
T=2026-11-25T10:00:00
make_office "$o" "$url" --office North
ref=refs/kb/station-usage/north/$host_station
day=2026-11-25.jsonl

uses() {
	for _a in "$@"; do
		expect_status 0 at $T kb --kb "$o" --agent Ann use "$_a" --channel phone
	done
}

north_uses() {
	expect_status 0 kb --kb "$centre" report --all-offices --format json
	expect_contains "$out" "{\"office\":\"North\",\"uses\":$1,\"searches\":0,\"flags\":0,\"not_satisfied\":0}" \
	    "$2: the centre counts $1 uses"
}

note "two syncs: 3 events, then 2"
uses dog-licence lost-pet dog-licence
expect_status 0 at $T kbsync --kb "$o"
first=$(git -C "$o" rev-parse "$ref")
uses lost-pet dog-licence
expect_status 0 at $T kbsync --kb "$o"
second=$(git -C "$o" rev-parse "$ref")
expect_eq 2 "$(git -C "$o" show "$second:$day" | wc -l | tr -d ' ')" \
    "the new layout: the second commit holds its 2 events only"

note "the same two commits in the layout before: the day file grows whole"
git -C "$o" show "$first:$day" >"$tmp/whole"
git -C "$o" show "$second:$day" >>"$tmp/whole"
blob=$(git -C "$o" hash-object -w "$tmp/whole")
tree=$(printf '100644 blob %s\t%s\n' "$blob" "$day" | git -C "$o" mktree)
git -C "$o" log -1 --format=%B "$second" >"$tmp/msg"
old=$(GIT_COMMITTER_NAME=kbsync GIT_COMMITTER_EMAIL=kbsync@kb.invalid \
    git -C "$o" commit-tree -p "$first" -F "$tmp/msg" "$tree")
git -C "$o" update-ref "$ref" "$old"
git -C "$o" update-ref "refs/kb/central/station-usage/north/$host_station" "$old"
git -C "$o" push -q -f "$centre" "$old:$ref" || fail "putting the old layout at the centre"
expect_eq 5 "$(git -C "$centre" show "$ref:$day" | wc -l | tr -d ' ')" \
    "the centre's tip holds the whole day, as the old kbsync wrote it"
expect_events_once north 5 "the old layout"
north_uses 5 "the old layout read"

note "the upgraded kbsync goes on after it with a commit of its 2 new events"
uses lost-pet lost-pet
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 2)" "$out" "2 sent"
tip=$(git -C "$centre" rev-parse "$ref")
expect_eq "$old" "$(git -C "$centre" rev-parse "$tip^")" "on top of the old layout's tip"
expect_eq 2 "$(git -C "$centre" show "$tip:$day" | wc -l | tr -d ' ')" \
    "the new commit holds its 2 events only"
expect_events_once north 7 "old and new layouts"
north_uses 7 "read after the old layout"

note "a centre that reads it all at once (no offices.db): every event once"
rm -f "$centre/kb/offices.db" "$centre/kb/offices.db-wal" "$centre/kb/offices.db-shm"
north_uses 7 "old and new in one import"
expect_eq 7 "$(sqlite3 "$centre/kb/offices.db" 'SELECT count(DISTINCT uid) FROM event')" \
    "offices.db: 7 distinct events"
expect_eq 7 "$(sqlite3 "$centre/kb/offices.db" 'SELECT count(*) FROM event')" \
    "offices.db: 7 rows"

exit 0
