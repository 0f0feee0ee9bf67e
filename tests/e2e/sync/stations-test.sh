#!/bin/sh
# Many PCs per office: each copy of an office's KB is a station with a
# name of its own (kb init --remote --station, kb.station), and sends its
# usage on refs/kb/station-usage/<office>/<station>.  Two PCs of North,
# over a real git daemon, both sync (exit 0, never 4) and the centre
# counts both: kb report --all-offices groups by office (offices) and
# breaks it down by station (stations).  A third copy taking a station
# name the centre has usage under is refused by kb init --remote (it
# sees the centre's refs), and by kbsync (exit 4, saying to pick another
# name) when renamed into one; renamed out of it, it sends its events
# once.  A station renamed goes on after its last event sent, nothing
# twice.  At the centre an event two refs of one office carry counts
# once, and a badly named station ref is told and left out.  The example
# pre-receive hook lets an office push only its own stations' refs.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
daemon_start
url=$daemon_url
T=2026-11-25T10:00:00
pc1=$tmp/pc1
pc2=$tmp/pc2

note "two PCs of one office, each a station"
make_office "$pc1" "$url" --office North --station "PC 1"
expect_eq "Office north, station pc-1 (this copy; git config kb.station NAME renames it)." \
    "$(printf '%s\n' "$out" | sed -n 2p)" "kb init --remote names the station"
make_office "$pc2" "$url" --office North --station pc-2
expect_status 0 at $T kb --kb "$pc2" status
expect_match "$out" '^office     north$' "kb status: the office"
expect_match "$out" '^station    pc-2$' "kb status: the station"

note "both sync: no exit 4, each its own ref"
expect_status 0 at $T kb --kb "$pc1" --agent Ann use dog-licence --channel phone
expect_status 0 at $T kb --kb "$pc1" --agent Ann use lost-pet --channel email
expect_status 0 at $T kb --kb "$pc2" --agent Bob use dog-licence --channel walk-in
expect_status 0 at $T kb --kb "$pc2" --agent Bob flag lost-pet --reason "Shelter moved"
want_station=pc-1
expect_status 0 at $T kbsync --kb "$pc1"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 2)" "$out" "PC 1: 2 events sent"
expect_eq "" "$err" "PC 1: nothing on stderr"
want_station=pc-2
expect_status 0 at $T kbsync --kb "$pc2"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 2)" "$out" "PC 2: 2 events sent"
expect_eq "" "$err" "PC 2: nothing on stderr"
expect_status 0 at $T kbsync --kb "$pc1"
want_station=pc-1
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "PC 1 again: nothing new"
expect_eq "refs/kb/station-usage/north/pc-1
refs/kb/station-usage/north/pc-2" \
    "$(git -C "$centre" for-each-ref --format='%(refname)' refs/kb/)" \
    "the centre holds one usage ref per station, and no other"
expect_events_once north/pc-1 2 "PC 1's"
expect_events_once north/pc-2 2 "PC 2's"
expect_events_once north 4 "North's: both stations"
expect_match "$(git -C "$centre" log -1 --format=%B refs/kb/station-usage/north/pc-2)" \
    '^Kb-Station: pc-2$' "the usage commit names its station"

note "the centre counts both: by office, and by station"
expect_status 0 kb --kb "$centre" report --all-offices --format json
json_valid "$out" || fail "kb report --all-offices --format json: not JSON"
report=$out
expect_contains "$report" '{"office":"North","uses":3,"searches":0,"flags":1,"not_satisfied":0}' \
    "the offices section: North, both PCs"
expect_contains "$report" '"stations":[
  {"office":"North","station":"pc-1","uses":2,"searches":0,"flags":0,"not_satisfied":0},
  {"office":"North","station":"pc-2","uses":1,"searches":0,"flags":1,"not_satisfied":0}]' \
    "the stations section: each PC"
expect_status 0 kb --kb "$centre" report --all-offices --section stations
expect_contains "$out" "Offices by station
------------------
office  station  uses  searches  flags  not satisfied
North   pc-1        2         0      0              0
North   pc-2        1         0      1              0" "the stations section as text"
expect_status 0 kb --kb "$pc1" report --format json
expect_not_contains "$out" '"stations"' "without --all-offices: no stations section"

note "a third copy with a station name the centre has: kb init --remote refuses"
expect_status 1 kb --office North init --remote "$url" --station PC-2 --quiet "$tmp/pc3"
expect_eq "kb: $url already has usage from station pc-2 of office north (refs/kb/station-usage/north/pc-2): another copy of the KB uses that station name.  Give this one another with --station NAME" \
    "$err" "the refusal names the station and --station"
[ ! -e "$tmp/pc3" ] || fail "a refused kb init --remote left $tmp/pc3"
make_office "$tmp/pc3" "$url" --office North --station pc-3

note "renamed into a station the centre has: kbsync refuses, exit 4"
pc3=$tmp/pc3
pc2_tip=$(git -C "$centre" rev-parse refs/kb/station-usage/north/pc-2)
git -C "$pc3" config kb.station pc-2
expect_status 0 at $T kb --kb "$pc3" --agent Cy use lost-pet --channel phone
expect_status 4 at $T kbsync --kb "$pc3"
expect_eq "kbsync: refs/kb/station-usage/north/pc-2: the centre has other usage under this station's name: another KB of office north uses the station name pc-2.  Pick another station name for this one (git config kb.station NAME; kbsync(1)), and the next kbsync sends its events under it" \
    "$err" "exit 4: pick another station name"
expect_eq "$pc2_tip" "$(git -C "$centre" rev-parse refs/kb/station-usage/north/pc-2)" \
    "PC 2's usage at the centre is untouched"
git -C "$pc3" rev-parse -q --verify refs/kb/station-usage/north/pc-2 >/dev/null &&
    fail "the refused copy wrote a ref under PC 2's name"
expect_status 4 at $T kbsync --kb "$pc3"
git -C "$pc3" config kb.station pc-3
want_station=pc-3
expect_status 0 at $T kbsync --kb "$pc3"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 1)" "$out" "renamed out: its event sent"
expect_events_once north/pc-3 1 "PC 3's"
expect_events_once north 5 "North's: three stations"

note "a station renamed goes on after its last event sent, nothing twice"
expect_status 0 at $T kb --kb "$pc1" --agent Ann use lost-pet --channel phone
git -C "$pc1" config kb.station "Front Desk"
want_station=front-desk
expect_status 0 at $T kbsync --kb "$pc1"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 1)" "$out" "renamed: only the new event"
expect_events_once north/front-desk 1 "the new name's"
expect_events_once north/pc-1 2 "the old name's, as it was"
expect_events_once north 6 "North's, each once"

note "at the centre: an event on two refs of one office counts once"
git -C "$centre" update-ref refs/kb/station-usage/north/copy \
    refs/kb/station-usage/north/pc-2
expect_status 0 kb --kb "$centre" report --all-offices --section offices,stations --format json
expect_contains "$out" '{"office":"North","uses":5,"searches":0,"flags":1,"not_satisfied":0}' \
    "North: 5 uses, PC 2's copied events not again"
expect_not_contains "$out" '"station":"copy"' "the copy adds no station"
git -C "$centre" update-ref -d refs/kb/station-usage/north/copy

note "a station ref not named as kbsync names them: told, left out"
pc2_now=$(git -C "$centre" rev-parse refs/kb/station-usage/north/pc-2)
git -C "$centre" update-ref refs/kb/station-usage/north/Bad.Name "$pc2_now"
git -C "$centre" update-ref refs/kb/station-usage/south "$pc2_now"
expect_status 0 kb --kb "$centre" report --all-offices --section offices --format json
expect_contains "$err" "refs/kb/station-usage/north/Bad.Name:1: warning: not an office's and a station's name as kbsync makes them" \
    "a station name with a dot and capitals"
expect_contains "$err" "refs/kb/station-usage/south:1: warning: not an office's and a station's name" \
    "a station ref without a station"
expect_contains "$out" '{"office":"North","uses":5,' "the others are read all the same"
git -C "$centre" update-ref -d refs/kb/station-usage/north/Bad.Name
git -C "$centre" update-ref -d refs/kb/station-usage/south

note "the example pre-receive hook: an office pushes only its own stations' refs"
hook=$KB_TOP/man/examples/pre-receive
Z=0000000000000000000000000000000000000000
c1=$(git -C "$centre" rev-parse refs/kb/station-usage/north/pc-2)
hook_run() {
	_want=$1 _who=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/stdin"
	_rc=0
	env -u KB_PUSHER -u REMOTE_USER -u GL_USER GIT_DIR="$centre" \
	    "KB_PUSHER=$_who" "$hook" <"$tmp/stdin" >"$tmp/out" 2>"$tmp/err" ||
	    _rc=$?
	err=$(cat "$tmp/err")
	[ "$_rc" = "$_want" ] || fail "hook as $_who, '$*': exit $_rc, want $_want: $err"
}
hook_run 0 north "$Z $c1 refs/kb/station-usage/north/pc-9"
hook_run 1 east "$Z $c1 refs/kb/station-usage/north/pc-9"
expect_eq "kb pre-receive: refs/kb/station-usage/north/pc-9: refused: only office north pushes its usage (east pushed)" \
    "$err" "another office's station ref: refused"
hook_run 1 north "$Z $c1 refs/kb/station-usage/north/Bad.Name"
expect_contains "$err" "not a station's usage ref" "a station name kbsync does not make"
hook_run 1 north "$Z $c1 refs/kb/station-usage/north/a/b"
hook_run 1 north "$c1 $Z refs/kb/station-usage/north/pc-2"
expect_contains "$err" "a usage ref is never deleted" "no deleting a station's ref"

daemon_stop
exit 0
