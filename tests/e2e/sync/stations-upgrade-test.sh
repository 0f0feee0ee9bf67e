#!/bin/sh
# An office of one PC, synced by the kbsync before stations, upgrades
# without losing or sending again an event.  Its usage is put in the
# previous format by hand: refs/kb/usage/north, commits with the old
# message (Kb-Office, Kb-Usage-Events, Kb-Usage-Last, no Kb-Station), the
# centre's copy one commit behind the office's (a push that failed), no
# kb.station; and the centre's offices.db of the older schema.  The
# upgraded kbsync leaves refs/kb/usage/north where it is, sends the 2
# events only the office had on a new station ref (named after the host,
# written to kb.station), then new events there; the centre counts every
# event once, by uid, the old ref's under "(before stations)".  A second
# PC joins the office, and an office not yet upgraded (plain git, as the
# old kbsync pushes) goes on pushing the old ref beside the new ones.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed (apt-get install sqlite3)"

make_centre
o=$tmp/office
url=$centre
T=2026-11-25T10:00:00
make_office "$o" "$url" --office North
st=$host_station
new_ref=refs/kb/station-usage/north/$st
old_ref=refs/kb/usage/north

note "the office's first events: 3 sent, then 2 exported and not sent"
for a in dog-licence lost-pet dog-licence; do
	expect_status 0 at $T kb --kb "$o" --agent Ann use "$a" --channel phone
done
expect_status 0 at $T kbsync --kb "$o"
daemon_start --no-push
for a in lost-pet dog-licence; do
	expect_status 0 at $T kb --kb "$o" --agent Bob use "$a" --channel email
done
rc=0
at $T kbsync --kb "$o" --remote "$daemon_url" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -ne 0 ] || fail "a push the daemon refuses: kbsync exited 0"
daemon_stop
sent=$(git -C "$o" rev-parse "$new_ref~1")
kept=$(git -C "$o" rev-parse "$new_ref")
expect_eq "$sent" "$(git -C "$centre" rev-parse "$new_ref")" "the centre has the first commit only"

# old_commit COMMIT [PARENT]: COMMIT's tree under the message the kbsync
# before stations wrote (same events, same Kb-Usage-Last), on PARENT.
old_commit() {
	_msg=$(git -C "$o" log -1 --format=%B "$1")
	_n=$(printf '%s\n' "$_msg" | sed -n 's/^Kb-Usage-Events: //p')
	_last=$(printf '%s\n' "$_msg" | sed -n 's/^Kb-Usage-Last: //p')
	_s=s
	[ "$_n" = 1 ] && _s=""
	printf 'usage: %s event%s from north\n\nKb-Office: north\nKb-Usage-Events: %s\nKb-Usage-Last: %s\n' \
	    "$_n" "$_s" "$_n" "$_last" >"$tmp/msg"
	GIT_AUTHOR_NAME=kbsync GIT_AUTHOR_EMAIL=kbsync@kb.invalid \
	GIT_COMMITTER_NAME=kbsync GIT_COMMITTER_EMAIL=kbsync@kb.invalid \
	    git -C "$o" commit-tree ${2:+-p "$2"} -F "$tmp/msg" "$1^{tree}"
}

note "put in the previous format: refs/kb/usage/north, here and at the centre"
old1=$(old_commit "$sent")
old2=$(old_commit "$kept" "$old1")
git -C "$o" update-ref "$old_ref" "$old2"
git -C "$o" update-ref refs/kb/central/usage/north "$old1"
git -C "$o" update-ref -d "$new_ref"
git -C "$o" update-ref -d "refs/kb/central/station-usage/north/$st"
git -C "$o" config --unset kb.station
git -C "$o" push -q "$centre" "$old1:$old_ref" || fail "pushing the old ref"
git -C "$centre" update-ref -d "$new_ref"
expect_eq "$old_ref" "$(git -C "$centre" for-each-ref --format='%(refname)' refs/kb/)" \
    "the centre has the old layout only"
expect_events_once north 3 "before the upgrade"
first3=$(centre_events north | sed 's/^{"uid":"\([0-9a-f]*\)".*/\1/' | sort)

note "the centre's offices.db as the kb before stations made it (schema 4)"
odb=$centre/kb/offices.db
mkdir -p "$centre/kb"
{
	echo "CREATE TABLE event(ref TEXT NOT NULL, uid TEXT NOT NULL, time TEXT NOT NULL, kind TEXT NOT NULL, agent TEXT NOT NULL, office TEXT NOT NULL, channel TEXT, answer TEXT, version TEXT, query TEXT, hits INTEGER, reason TEXT, sure INTEGER, undoes TEXT, PRIMARY KEY(ref, uid));"
	echo "CREATE INDEX event_undoes ON event(ref, undoes) WHERE undoes IS NOT NULL;"
	echo "CREATE TABLE source(ref TEXT PRIMARY KEY, tip TEXT NOT NULL);"
	centre_events north | while IFS= read -r line; do
		printf "INSERT INTO event SELECT '%s', j->>'uid', j->>'time', j->>'kind', j->>'agent', j->>'office', j->>'channel', j->>'answer', j->>'version', j->>'query', j->>'hits', j->>'reason', j->>'sure', j->>'undoes' FROM (SELECT '%s' AS j);\n" \
		    "$old_ref" "$line"
	done
	echo "INSERT INTO source VALUES('$old_ref', '$old1');"
	echo "PRAGMA user_version=4;"
} | sqlite3 "$odb" || fail "making a schema 4 offices.db"
expect_eq 3 "$(sqlite3 "$odb" 'SELECT count(*) FROM event')" "the old offices.db holds 3 events"

note "a dry run of the upgraded kbsync: 2 would be sent, nothing written"
expect_status 0 at $T kbsync --kb "$o" --dry-run
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" north "0 0 0" "" "0 0" 2)" "$out" "--dry-run: the 2 never sent"
expect_status 1 git -C "$o" config kb.station
git -C "$o" rev-parse -q --verify "$new_ref" >/dev/null && fail "--dry-run wrote $new_ref"

note "the upgraded kbsync: the 2 events the centre never had, on the station's ref"
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 2)" "$out" "2 events sent"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$st" "$(git -C "$o" config kb.station)" "kb.station: the host's name, written"
expect_eq "$old1" "$(git -C "$centre" rev-parse "$old_ref")" "the old ref stays as it was"
expect_events_once "north/$st" 2 "the station's ref"
expect_events_once north 5 "every event of the office, once"
expect_eq "" "$(centre_events "north/$st" | sed 's/^{"uid":"\([0-9a-f]*\)".*/\1/' | sort |
    comm -12 - "$(printf '%s\n' "$first3" >"$tmp/first3"; echo "$tmp/first3")")" \
    "none of the 3 sent before is sent again"
expect_match "$(git -C "$centre" log -1 --format=%B "$new_ref")" \
    "^Kb-Usage-Last: [0-9]+ $(centre_events "north/$st" | sed -n '$s/^{"uid":"\([0-9a-f]*\)".*/\1/p')\$" \
    "its mark: the last event"

note "new events go on the station's ref"
expect_status 0 at $T kb --kb "$o" --agent Ann use lost-pet --channel walk-in
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 1)" "$out" "1 event sent"
expect_status 0 at $T kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "then none"
expect_events_once north 6 "after one more"

note "the centre reads both layouts, its old offices.db taken on"
expect_status 0 kb --kb "$centre" report --all-offices --section offices,stations --format json
expect_eq "" "$err" "no warning"
expect_contains "$out" '{"office":"North","uses":6,"searches":0,"flags":0,"not_satisfied":0}' \
    "North: 6 uses, each once"
expect_contains "$out" "\"stations\":[
  {\"office\":\"North\",\"station\":\"(before stations)\",\"uses\":3,\"searches\":0,\"flags\":0,\"not_satisfied\":0},
  {\"office\":\"North\",\"station\":\"$st\",\"uses\":3,\"searches\":0,\"flags\":0,\"not_satisfied\":0}]" \
    "by station: the old ref's 3, the station's 3"
expect_eq 6 "$(sqlite3 "$odb" 'SELECT count(DISTINCT uid) FROM event')" "offices.db: 6 events"
[ "$(sqlite3 "$odb" 'PRAGMA user_version')" -gt 4 ] || fail "offices.db kept schema 4"

note "a second PC joins the office"
pc2=$tmp/pc2
make_office "$pc2" "$url" --office North --station pc-2
expect_status 0 at $T kb --kb "$pc2" --agent Cy use dog-licence --channel phone
want_station=pc-2
expect_status 0 at $T kbsync --kb "$pc2"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 1)" "$out" "PC 2: 1 event sent, no exit 4"
want_station=""
expect_events_once north 7 "both PCs"

note "an office not yet upgraded pushes its old ref, beside the new ones"
line=$(centre_events north/pc-2 | sed 's/"uid":"[0-9a-f]*"/"uid":"0123456789abcdef0123456789abcdef"/')
printf '%s\n' "$line" >"$tmp/late.jsonl"
git -C "$centre" show "$old_ref:2026-11-25.jsonl" >"$tmp/day.jsonl"
cat "$tmp/late.jsonl" >>"$tmp/day.jsonl"
blob=$(git -C "$o" hash-object -w "$tmp/day.jsonl")
tree=$(printf '100644 blob %s\t2026-11-25.jsonl\n' "$blob" | git -C "$o" mktree)
late=$(git -C "$o" commit-tree -p "$old1" -m "usage: 1 event from north" "$tree")
git -C "$o" push -q "$centre" "$late:$old_ref" || fail "the old ref's push"
expect_status 0 kb --kb "$centre" report --all-offices --section offices --format json
expect_contains "$out" '{"office":"North","uses":8,' "North: 8, the old ref's new event too"

exit 0
