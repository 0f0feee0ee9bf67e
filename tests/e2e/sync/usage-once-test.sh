#!/bin/sh
# Usage events (kb use, kb flag) reach the centre exactly once: as JSON
# lines in day files on refs/kb/station-usage/<office>/<station>, one commit per sync with
# Kb-Usage-Events and Kb-Usage-Last trailers; a sync with nothing new
# sends nothing; a push that fails (a git daemon that does not take
# pushes) sends nothing and a later sync sends those events once.  kb
# report --all-offices at the centre reads every office's events.  An
# office renamed (kb.office) sends what was not sent yet, once, under the
# new name.  A second KB using the same office and station names is
# refused (exit 4), its proposal still goes up, and once its station is
# renamed its event goes up.  (Two stations of one office: stations-test.sh.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office "North Side"
slug=north-side
ref=refs/kb/station-usage/$slug/$host_station
export KB_NOW=2026-11-25T10:00:00
day=2026-11-25.jsonl
dogv=$(git -C "$o" rev-parse main:answers/animals/dog-licence.md)
UID32='[0-9a-f]{32}'

use() {
	expect_status 0 kb --kb "$o" "$@"
}

note "3 events: kbsync sends 3"
use --agent Ann use dog-licence --channel phone --query "dog tag"
use --agent Ann use dog-licence --channel phone
use --agent Bob use lost-pet --channel email --query "lost cat"
expect_status 0 kbsync --kb "$o" --dry-run
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" "$slug" "0 0 0" "" "0 0" 3)" "$out" "--dry-run: 3 would be sent"
git -C "$o" rev-parse -q --verify "$ref" >/dev/null && fail "--dry-run wrote $ref"
git -C "$centre" rev-parse -q --verify "$ref" >/dev/null && fail "--dry-run sent $ref"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "0 0" 3)" "$out" "3 events sent"
expect_eq "" "$err" "nothing on stderr"
expect_events_once "$slug" 3 "after the first sync"
expect_eq "$day" "$(git -C "$centre" ls-tree --name-only "$ref")" "one day file"
lines=$(centre_events "$slug")
expect_match "$(printf '%s\n' "$lines" | sed -n 1p)" \
    "^\\{\"uid\":\"$UID32\",\"time\":\"2026-11-25T10:00:00Z\",\"kind\":\"use\",\"agent\":\"Ann\",\"office\":\"North Side\",\"channel\":\"phone\",\"answer\":\"dog-licence\",\"version\":\"$dogv\",\"query\":\"dog tag\",\"hits\":null,\"reason\":null,\"sure\":null,\"undoes\":null(,\"closes\":null)?\\}\$" \
    "the first event, every field"
expect_match "$(printf '%s\n' "$lines" | sed -n 3p)" \
    "^\\{\"uid\":\"$UID32\",\"time\":\"2026-11-25T10:00:00Z\",\"kind\":\"use\",\"agent\":\"Bob\",\"office\":\"North Side\",\"channel\":\"email\",\"answer\":\"lost-pet\",\"version\":\"[0-9a-f]{40}\",\"query\":\"lost cat\",\"hits\":null,\"reason\":null,\"sure\":null,\"undoes\":null(,\"closes\":null)?\\}\$" \
    "the third event"
last_uid=$(printf '%s\n' "$lines" | sed -n '3s/^{"uid":"\([0-9a-f]*\)".*/\1/p')
msg=$(git -C "$centre" log -1 --format=%B "$ref")
expect_match "$msg" '^Kb-Usage-Events: 3$' "the commit's event count"
expect_match "$msg" "^Kb-Usage-Last: [0-9]+ $last_uid\$" "the commit names the last event"
expect_eq 1 "$(git -C "$centre" rev-list --count "$ref")" "one usage commit"
expect_eq "$(git -C "$o" rev-parse "$ref")" "$(git -C "$centre" rev-parse "$ref")" \
    "the office's usage ref is the centre's"

note "nothing new: 0 sent"
sent=$(git -C "$centre" rev-parse "$ref")
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "0 0" 0)" "$out" "0 events sent"
expect_eq "$sent" "$(git -C "$centre" rev-parse "$ref")" "no new usage commit"

note "2 more: 2 sent, appended"
use --agent Ann use dog-licence --channel walk-in
use --agent Cy use dog-licence --channel walk-in
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "0 0" 2)" "$out" "2 events sent"
expect_events_once "$slug" 5 "after 3 + 2 uses"
expect_eq "$lines" "$(centre_events "$slug" | sed -n 1,3p)" "the first 3 lines are kept as they were"
expect_eq "$sent" "$(git -C "$centre" rev-parse "$ref~1")" "the new commit follows the old one"
expect_match "$(git -C "$centre" log -1 --format=%B "$ref")" '^Kb-Usage-Events: 2$' \
    "the second commit's count"

note "a flag: 1 event sent"
use --agent Cy flag lost-pet --reason "Shelter moved"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "0 0" 1)" "$out" "1 event sent"
expect_events_once "$slug" 6 "after the flag"
expect_match "$(centre_events "$slug" | sed -n 6p)" \
    "^\\{\"uid\":\"$UID32\",\"time\":\"2026-11-25T10:00:00Z\",\"kind\":\"flag\",\"agent\":\"Cy\",\"office\":\"North Side\",\"channel\":null,\"answer\":\"lost-pet\",\"version\":\"[0-9a-f]{40}\",\"query\":null,\"hits\":null,\"reason\":\"Shelter moved\",\"sure\":null,\"undoes\":null(,\"closes\":null)?\\}\$" \
    "the flag event"

note "events on another day go to that day's file"
expect_status 0 env KB_NOW=2026-11-26T08:00:00 "$KB_BIN" --kb "$o" --agent Ann \
    use lost-pet --channel phone
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "0 0" 1)" "$out" "the next day's event"
expect_eq "2026-11-26.jsonl" "$(git -C "$centre" ls-tree --name-only "$ref")" \
    "the sync's commit holds its own day's file, and only it"
expect_eq 1 "$(git -C "$centre" show "$ref:2026-11-26.jsonl" | wc -l | tr -d ' ')" \
    "one event on the 26th"
expect_eq 1 "$(git -C "$centre" show "$ref~1:2026-11-25.jsonl" | wc -l | tr -d ' ')" \
    "the commit before holds the flag alone"
expect_events_once "$slug" 7 "after the next day's"

note "a second office; kb report --all-offices at the centre"
o2=$tmp/office-south
make_office "$o2" "$url" --office South
expect_status 0 kb --kb "$o2" --agent Dee use dog-licence --channel phone
expect_status 0 kb --kb "$o2" --agent Dee use dog-licence --channel email
expect_status 0 kbsync --kb "$o2"
expect_eq "$(want_report "$url" south "0 0 0" "" "0 0" 2)" "$out" "South: 2 events sent"
expect_events_once south 2 "South"
expect_events_once "$slug" 7 "North Side, untouched by South"
expect_status 0 kb --kb "$centre" report --all-offices --format json
report=$out
json_valid "$report" || fail "kb report --all-offices --format json: not JSON"
expect_contains "$report" '{"answer":"dog-licence","title":"License your dog or cat","uses":6}' \
    "top answers: dog-licence 4 uses at North Side, 2 at South"
expect_contains "$report" '{"answer":"lost-pet","title":"Lost or found pet","uses":2}' \
    "top answers: lost-pet"
expect_contains "$report" '{"office":"North Side","uses":6,"searches":0,"flags":1,"not_satisfied":0}' \
    "the offices section: North Side"
expect_contains "$report" '{"office":"South","uses":2,"searches":0,"flags":0,"not_satisfied":0}' \
    "the offices section: South"

note "a push that fails sends nothing; the next sync sends it once"
daemon_start --no-push
use --agent Ann use dog-licence --channel phone
use --agent Ann use dog-licence --channel phone
before=$(git -C "$centre" rev-parse "$ref")
rc=0
kbsync --kb "$o" --remote "$daemon_url" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -ne 0 ] || fail "kbsync with a centre that refuses pushes exited 0: $(cat "$tmp/out")"
note "the push refused: exit $rc: $(cat "$tmp/err")"
expect_eq "$before" "$(git -C "$centre" rev-parse "$ref")" "nothing reached the centre"
expect_events_once "$slug" 7 "after the failed push"
use --agent Ann use dog-licence --channel phone
rc=0
kbsync --kb "$o" --remote "$daemon_url" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -ne 0 ] || fail "the second kbsync with a centre that refuses pushes exited 0"
expect_events_once "$slug" 7 "after the second failed push"
expect_status 0 kbsync --kb "$o" --remote "$daemon_url" --dry-run
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$daemon_url" "$slug" "0 0 0" "" "0 0" 3)" "$out" \
    "--dry-run counts the 3 events not yet at the centre"
daemon_stop
daemon_start --same-port
expect_status 0 kbsync --kb "$o" --remote "$daemon_url"
expect_eq "$(want_report "$daemon_url" "$slug" "0 0 0" "" "0 0" 3)" "$out" \
    "the retry sends the 3 events held back"
expect_events_once "$slug" 10 "after the retry"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "0 0" 0)" "$out" "and not again"
expect_events_once "$slug" 10 "at the end"
daemon_stop

note "the office renamed: what was not sent goes up once, under the new name"
use --agent Ann use lost-pet --channel phone
use --agent Ann use lost-pet --channel email
git -C "$o" config kb.office "North Side East"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north-side-east "0 0 0" "" "0 0" 2)" "$out" \
    "renamed: the 2 events not yet sent"
expect_events_once north-side-east 2 "the new name"
expect_events_once "$slug" 10 "the old name, as it was"
use --agent Ann use lost-pet --channel walk-in
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north-side-east "0 0 0" "" "0 0" 1)" "$out" "renamed: the next event"
expect_events_once north-side-east 3 "the new name, then"

note "another KB with the same office and station names: refused, exit 4"
o3=$tmp/office-copy
north_side=$(git -C "$centre" rev-parse "$ref")
make_office "$o3" "$url" --office "North Side" --station elsewhere
git -C "$o3" config kb.station "$host_station"
expect_status 0 kb --kb "$o3" --agent Eve use lost-pet --channel phone
sed 's/^title: Lost or found pet$/title: Lost or found pets/' "$o3/answers/animals/lost-pet.md" \
    >"$tmp/pets.md"
expect_status 0 kb --kb "$o3" --agent Eve propose lost-pet --message "Plural" --file "$tmp/pets.md"
eve=$out
expect_status 4 kbsync --kb "$o3"
expect_eq "kbsync: $ref: the centre has other usage under this station's name: another KB of office $slug uses the station name $host_station.  Pick another station name for this one (git config kb.station NAME; kbsync(1)), and the next kbsync sends its events under it" \
    "$err" "refused: the message says to pick another station name"
git -C "$o3" rev-parse -q --verify "$ref" >/dev/null &&
    fail "the refused KB wrote $ref"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "1 0" 0)" "$out" \
    "refused usage: the report (the proposal sent)"
expect_eq "$(git -C "$o3" rev-parse "$eve")" \
    "$(git -C "$centre" rev-parse -q --verify "refs/heads/$eve" || echo "not at the centre")" \
    "the proposal the report says was sent is at the centre"
expect_eq "$north_side" "$(git -C "$centre" rev-parse "$ref")" \
    "the centre's usage for North Side is untouched"
expect_events_once "$slug" 10 "North Side after the refusal"
note "its station renamed (git config kb.station): its event goes up under it"
git -C "$o3" config kb.station "Counter 2"
want_station=counter-2
expect_status 0 kbsync --kb "$o3"
expect_eq "$(want_report "$url" "$slug" "0 0 0" "" "0 0" 1)" "$out" \
    "renamed: its event is sent under the new station name"
want_station=""
expect_events_once "$slug/counter-2" 1 "the renamed station"
expect_events_once "$slug" 11 "North Side at the end: both stations"
expect_events_once "$slug/$host_station" 10 "the first station's, untouched"
expect_events_once north-side-east 3 "North Side East at the end"

exit 0
