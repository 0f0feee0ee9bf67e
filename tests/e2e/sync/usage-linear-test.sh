#!/bin/sh
# Usage storage is linear in events: over 16 syncs of 5 events each (one
# day), every commit at the centre holds only its sync's events, so the
# bytes the usage ref holds are the events' bytes once (the layout
# before issue 18 held the day file again at every sync: 1 + 2 + ... + 16
# times as much), and each sync adds one commit, one tree and one file.
# After a sync the office runs git gc --auto (a warning when it cannot).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
T=2026-11-25T10:00:00
make_office "$o" "$url" --office North
ref=refs/kb/station-usage/north/$host_station
SYNCS=16
PER_SYNC=5

# blob_bytes REPO REF: the bytes of every file the usage ref holds, in
# all of its commits, each stored file counted once (as git stores it).
blob_bytes() {
	git -C "$1" rev-list --objects "$2" | cut -d' ' -f1 |
	    git -C "$1" cat-file --batch-check='%(objecttype) %(objectsize)' |
	    awk '$1 == "blob" { n += $2 } END { print n + 0 }'
}

objects() {
	git -C "$1" rev-list --objects "$2" | wc -l | tr -d ' '
}

note "$SYNCS syncs of $PER_SYNC events"
i=0
first_bytes=""
while [ $i -lt $SYNCS ]; do
	j=0
	while [ $j -lt $PER_SYNC ]; do
		expect_status 0 at $T kb --kb "$o" --agent Ann use dog-licence \
		    --channel phone
		j=$((j + 1))
	done
	expect_status 0 at $T kbsync --kb "$o"
	expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" $PER_SYNC)" "$out" \
	    "sync $((i + 1)): $PER_SYNC sent"
	i=$((i + 1))
	[ -n "$first_bytes" ] || first_bytes=$(blob_bytes "$centre" "$ref")
	expect_eq $((3 * i)) "$(objects "$centre" "$ref")" \
	    "sync $i: a commit, a tree and a file per sync at the centre"
done

events=$((SYNCS * PER_SYNC))
expect_events_once north $events "after $SYNCS syncs"
lines=$(centre_events north | wc -c | tr -d ' ')
total=$(blob_bytes "$centre" "$ref")
expect_eq "$lines" "$total" \
    "the ref's files hold each event's line once: bytes = the events' bytes"
# Each sync's file is about the same size: the 16th adds what the 1st did.
[ "$total" -le $((SYNCS * first_bytes * 11 / 10)) ] ||
    fail "not linear: $total bytes after $SYNCS syncs, $first_bytes after 1"
expect_eq "$total" "$(blob_bytes "$o" "$ref")" "the office's copy: the same bytes"

note "the centre counts them all, once"
expect_status 0 kb --kb "$centre" report --all-offices --format json
expect_contains "$out" "{\"office\":\"North\",\"uses\":$events," "North: $events uses"

note "after a sync the office packs its repository when git says it should"
packs() {
	find "$o/.git/objects/pack" -name '*.pack' | wc -l | tr -d ' '
}
# Everything in a pack, then the next sync's usage commit in another.
git -C "$o" repack -q
expect_status 0 at $T kb --kb "$o" --agent Ann use dog-licence --channel phone
expect_status 0 at $T kbsync --kb "$o"
git -C "$o" repack -q
[ "$(packs)" -ge 2 ] || fail "test set-up: $(packs) packs, not 2 or more"
git -C "$o" config gc.autoPackLimit 1
expect_status 0 at $T kb --kb "$o" --agent Ann use dog-licence --channel phone
expect_status 0 at $T kbsync --kb "$o"
expect_eq "" "$err" "nothing on stderr"
expect_eq 1 "$(packs)" "git gc --auto packed the two into one"

note "without git, the sync goes on and says the repository was not packed"
expect_status 0 at $T kb --kb "$o" --agent Ann use dog-licence --channel phone
expect_status 0 env PATH=/nonexistent "$KBSYNC_BIN" --kb "$o"
expect_contains "$err" "kbsync: warning: git gc --auto did not run or failed" \
    "the warning"
expect_contains "$err" "apt-get install git" "what to do"
expect_events_once north $((events + 3)) "the event sent all the same"

exit 0
