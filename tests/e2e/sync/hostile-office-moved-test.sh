#!/bin/sh
# An office whose usage ref someone else moved at the centre recovers by
# itself, instead of exit 4 at every sync.  Over a real git daemon, West
# sends 2 events; East force-pushes West's station ref
# (refs/kb/station-usage/west/<station>) to a history of
# its own.  West's next kbsync (after a dry run that changes nothing)
# exits 0, says once on stderr what happened and what to tell the
# centre, and joins its usage to the centre's copy: a commit with West's
# own day files and both histories as parents, pushed as a
# fast-forward.  The centre then holds every West event once, the report
# counts West's 3, and the sync after that is quiet.  (Another knowledge
# base under the same name, which never had its usage at the centre, is
# still refused: usage-once-test.sh.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
daemon_start
url=$daemon_url
T=2026-11-25T10:00:00
west=$tmp/west
east=$tmp/east
make_office "$west" "$url" --office West
make_office "$east" "$url" --office East
ref=refs/kb/station-usage/west/$host_station

note "West sends 2 events"
expect_status 0 at $T kb --kb "$west" --agent Ann use dog-licence --channel phone
expect_status 0 at $T kb --kb "$west" --agent Ann use lost-pet --channel email
expect_status 0 at $T kbsync --kb "$west"
expect_events_once west 2 "West"
sent=$(git -C "$centre" rev-parse "$ref")

note "East moves West's usage ref to a history of its own"
printf '%s\n' '{"uid":"f0000000000000000000000000000001","time":"2026-11-25T10:00:00Z","kind":"use","agent":"Mallory","office":"West","channel":"phone","answer":"dog-licence","version":null,"query":null,"hits":null,"reason":null}' \
    >"$tmp/forged.jsonl"
blob=$(git -C "$east" hash-object -w "$tmp/forged.jsonl")
tree=$(printf '100644 blob %s\t2026-11-25.jsonl\n' "$blob" | git -C "$east" mktree)
forged=$(git -C "$east" commit-tree -m "usage: not West's" "$tree")
git -C "$east" push -q -f "$url" "$forged:$ref" || fail "the daemon refused East's push"
expect_eq "$forged" "$(git -C "$centre" rev-parse "$ref")" "the centre's ref was moved"

expect_status 0 at $T kb --kb "$west" --agent Ann use dog-licence --channel walk-in
local_tip=$(git -C "$west" rev-parse "$ref")

note "a dry run says what would happen and changes nothing"
expect_status 0 at $T kbsync --kb "$west" --dry-run
expect_contains "$err" "kbsync: warning: $ref: someone else moved this station's usage at the centre" \
    "dry run: the warning"
expect_contains "$err" "would be joined" "dry run: what would be done"
expect_eq "$local_tip" "$(git -C "$west" rev-parse "$ref")" "dry run: the office's ref unchanged"
expect_eq "$forged" "$(git -C "$centre" rev-parse "$ref")" "dry run: the centre's ref unchanged"

note "West's next kbsync joins its usage to the centre's copy"
expect_status 0 at $T kbsync --kb "$west"
expect_eq "$(want_report "$url" west "0 0 0" "" "0 0" 3)" "$out" \
    "the report: West's 3 events sent (2 again, 1 new)"
expect_eq 1 "$(printf '%s\n' "$err" | grep -c .)" "one line on stderr"
expect_contains "$err" "kbsync: warning: $ref: someone else moved this station's usage at the centre (to ${forged%"${forged#????????????}"})" \
    "it says what happened"
expect_contains "$err" "Only this KB should push $ref: ask the centre" \
    "and what to tell the centre"
tip=$(git -C "$centre" rev-parse "$ref")
expect_eq "$tip" "$(git -C "$west" rev-parse "$ref")" "the office's ref is the centre's"
parents=$(git -C "$centre" log -1 --format=%P "$tip")
ours=${parents%% *}
expect_eq "$ours $forged" "$parents" \
    "both histories are kept: West's and the one that replaced it"
expect_eq "$local_tip" "$(git -C "$centre" rev-parse "$ours~1")" \
    "West's side: its usage before, then the new event's commit"
expect_eq "$(git -C "$centre" rev-parse "$ours^{tree}")" "$(git -C "$centre" rev-parse "$tip^{tree}")" \
    "the centre's ref holds West's own day files"
git -C "$centre" merge-base --is-ancestor "$sent" "$tip" ||
    fail "what West had sent before is not in the centre's ref"
expect_events_once west 3 "every West event once"
expect_not_contains "$(centre_events west)" "Mallory" "East's line is not in West's files"

note "the centre counts West's 3 events"
expect_status 0 kb --kb "$centre" report --all-offices --format json
expect_contains "$out" '{"office":"West","uses":3,"searches":0,"flags":0,"not_satisfied":0}' \
    "West: 3 uses"
expect_not_contains "$out" '"agent":"Mallory"' "nothing of East's history under West"

note "the next sync is quiet"
expect_status 0 at $T kb --kb "$west" --agent Ann use lost-pet --channel phone
expect_status 0 at $T kbsync --kb "$west"
expect_eq "$(want_report "$url" west "0 0 0" "" "0 0" 1)" "$out" "1 event sent"
expect_eq "" "$err" "nothing on stderr"
expect_events_once west 4 "West at the end"

exit 0
