#!/bin/sh
# The centre sees a station's backlog: a sync sends at most
# kb.syncMaxEvents events (default 100,000), and each usage commit names
# the events still waiting after it (Kb-Usage-Backlog: N), which the
# centre's kb report --all-offices shows in its syncs section.  Here the
# office sets kb.syncMaxEvents 4 and logs 10 events: the first sync
# sends 4 and leaves 6 waiting, the second 4 and 2, the third the last 2
# and 0; each event reaches the centre once.  With --dry-run, kbsync
# counts what it would send, at most kb.syncMaxEvents.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
T=2026-11-25T10:00:00
make_office "$o" "$url" --office North
ref=refs/kb/station-usage/north/$host_station
git -C "$o" config kb.syncMaxEvents 4

i=0
while [ $i -lt 10 ]; do
	expect_status 0 at $T kb --kb "$o" --agent Ann use dog-licence \
	    --channel phone
	i=$((i + 1))
done

# backlog: North's events and backlog in the centre's syncs section.
backlog() {
	expect_status 0 env KB_NOW=2026-11-25T12:00:00 "$KB_BIN" --kb "$centre" \
	    report --all-offices --format csv --section syncs
	out=$(printf '%s\n' "$out" | tr -d '\r' | grep "^north,$host_station," | cut -d, -f4,5)
}

note "--dry-run: at most kb.syncMaxEvents"
expect_status 0 at $T kbsync --kb "$o" --dry-run
expect_contains "$out" "usage      4 events" "dry run: 4 of 10"

note "a partial send: 4 sent, 6 waiting"
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 4)" "$out" "sync 1: 4 sent"
expect_contains "$(git -C "$centre" log -1 --format=%B "$ref")" \
    "Kb-Usage-Backlog: 6" "sync 1: the commit names 6 waiting"
backlog
expect_eq "4,6" "$out" \
    "sync 1: the centre's syncs section shows a backlog of 6"

note "the next syncs send the rest"
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 4)" "$out" "sync 2: 4 sent"
backlog
expect_eq "8,2" "$out" "sync 2: backlog 2"
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 2)" "$out" "sync 3: 2 sent"
expect_contains "$(git -C "$centre" log -1 --format=%B "$ref")" \
    "Kb-Usage-Backlog: 0" "sync 3: nothing waits"
backlog
expect_eq "10,0" "$out" "sync 3: backlog 0"
expect_events_once north 10 "after 3 syncs"

note "nothing new: nothing sent, no commit"
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "sync 4: 0 sent"
expect_eq 3 "$(git -C "$centre" rev-list --count "$ref")" "three commits"
