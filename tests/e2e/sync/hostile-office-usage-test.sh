#!/bin/sh
# A hostile office cannot forge, replace or hide another office's usage.
# Over a real git daemon, West syncs 2 events; East pushes, with plain
# git, refs/kb/usage/east (an office's ref as kbsync made them before
# stations, still read) whose lines claim to be West's ("office":
# "West"), copy West's uids, and break every field in turn; it also
# pushes a ref not named for an office, one that is no commit and one
# with 30 bad lines (of which 19 are told, then how many in all).  At
# the centre, kb report --all-offices counts East's lines as east's,
# West's as West's (2, however many copies), skips each bad line with a
# warning naming the ref, file and line (nothing raw from the line), and
# reads every office although some refs are bad.  A line's own office
# field is only a display name, shown when it names the line's ref
# ("East" on refs/kb/usage/east); else the ref's name is shown.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
daemon_start
url=$daemon_url
T=2026-11-25T10:00:00
day=2026-11-25.jsonl
west=$tmp/west
east=$tmp/east
make_office "$west" "$url" --office West
make_office "$east" "$url" --office East

note "West sends 2 events"
expect_status 0 at $T kb --kb "$west" --agent Ann use dog-licence --channel phone
expect_status 0 at $T kb --kb "$west" --agent Ann use lost-pet --channel email
expect_status 0 at $T kbsync --kb "$west"
expect_events_once west 2 "West"
west1=$(centre_events west | sed -n 1p)
west2=$(centre_events west | sed -n 2p)
wuid=$(printf '%s\n' "$west1" | sed 's/^{"uid":"\([0-9a-f]*\)".*/\1/')
[ ${#wuid} -eq 32 ] || fail "West's first uid: '$wuid'"

# ev UID [FIELD=JSON...]: an event line, the fields given replacing the
# defaults of a good one.
ev() {
	_uid=$1
	shift
	_time='"2026-11-25T10:00:00Z"' _kind='"use"' _agent='"Mallory"'
	_office='"East"' _channel='"phone"' _answer='"dog-licence"'
	_version=null _query=null _hits=null _reason=null
	for _kv in "$@"; do
		eval "_${_kv%%=*}=\${_kv#*=}"
	done
	printf '{"uid":"%s","time":%s,"kind":%s,"agent":%s,"office":%s,"channel":%s,"answer":%s,"version":%s,"query":%s,"hits":%s,"reason":%s}\n' \
	    "$_uid" "$_time" "$_kind" "$_agent" "$_office" "$_channel" \
	    "$_answer" "$_version" "$_query" "$_hits" "$_reason"
}

long=$(printf '%01001d' 0)
huge=$(printf '%09000d' 0)
{
	ev e0000000000000000000000000000001 office='"West"'	# 1: forged office
	printf '%s\n' "$west1"					# 2: West's line, copied
	ev e0000000000000000000000000000003 time='"yesterday"'	# 3
	ev e0000000000000000000000000000004 channel='"fax"'	# 4
	ev e0000000000000000000000000000005 answer='"../../etc"' # 5
	ev e0000000000000000000000000000006 agent='"Eve\u001b[2J"' # 6
	ev e0000000000000000000000000000007 query="\"$long\""	# 7
	ev e0000000000000000000000000000008 query="\"$huge\""	# 8: over 8192
	printf '%s\n' 'this is not json'			# 9
	ev e0000000000000000000000000000010 agent='"A\u0000B"'	# 10
	ev 'bad uid with spaces'				# 11
	ev e0000000000000000000000000000012 kind='"delete"'	# 12
	ev e0000000000000000000000000000013 hits=-5		# 13
	ev e0000000000000000000000000000014 version='"not-a-blob"' # 14
	ev e0000000000000000000000000000015 kind='"search"' answer=null hits=3 # 15: good
	printf '%s\n' "$west2" | sed 's/"office":"West"/"office":"east"/' # 16
} >"$tmp/forged.jsonl"

note "East pushes forged usage under its own name, with plain git"
blob=$(git -C "$east" hash-object -w "$tmp/forged.jsonl")
tree=$(printf '100644 blob %s\t%s\n' "$blob" "$day" | git -C "$east" mktree)
commit=$(git -C "$east" commit-tree -m "usage: forged" "$tree")
git -C "$east" push -q "$url" "$commit:refs/kb/usage/east" ||
    fail "the git daemon refused East's push"
git -C "$east" push -q "$url" "$commit:refs/kb/usage/Not.An.Office" ||
    fail "the git daemon refused the badly named ref"
git -C "$east" push -q "$url" "$blob:refs/kb/usage/blobby" ||
    fail "the git daemon refused the ref to a blob"
i=0
while [ $i -lt 30 ]; do
	echo "not json $i"
	i=$((i + 1))
done >"$tmp/noisy.jsonl"
nblob=$(git -C "$east" hash-object -w "$tmp/noisy.jsonl")
ntree=$(printf '100644 blob %s\t%s\n' "$nblob" "$day" | git -C "$east" mktree)
git -C "$east" push -q "$url" "$(git -C "$east" commit-tree -m noise "$ntree"):refs/kb/usage/noisy" ||
    fail "the git daemon refused the noisy ref"

note "the centre's report"
expect_status 0 kb --kb "$centre" report --all-offices --format json
report=$out
json_valid "$report" || fail "the report is not JSON"
expect_contains "$report" '{"office":"West","uses":2,"searches":0,"flags":0,"not_satisfied":0}' \
    "West: its own 2 uses, no more, none hidden"
expect_contains "$report" '{"office":"east","uses":3,"searches":0,"flags":0,"not_satisfied":0}' \
    "east: the forged and copied lines count as East's, under its ref's name"
expect_contains "$report" '{"office":"East","uses":0,"searches":1,"flags":0,"not_satisfied":0}' \
    "East: a line whose office names its own ref keeps that name"
expect_not_contains "$report" '"office":"blobby"' "the ref to a blob adds nothing"
expect_not_contains "$report" '"office":"Not.An.Office"' "the badly named ref adds nothing"
expect_contains "$report" '{"agent":"Ann","office":"West","uses":2,' \
    "Ann at West: 2 uses (her uid copied by East replaced nothing)"
expect_contains "$report" '{"agent":"Ann","office":"east","uses":2,' \
    "Ann's lines copied by East are East's"

ref=refs/kb/usage/east:$day
w() {
	expect_contains "$err" "$ref:$1: warning: $2" "line $1 skipped"
}
w 3 "time is missing or not YYYY-MM-DDTHH:MM:SSZ; line skipped"
w 4 "channel is not phone, email, walk-in or null; line skipped"
w 5 "answer is not an answer id; line skipped"
w 6 "agent is missing, longer than 200 bytes, or has a control character"
w 7 "query is longer than 1000 bytes"
w 8 "longer than 8192 bytes; line skipped"
w 9 "not a JSON object; line skipped"
w 10 "not a JSON object; line skipped"
w 11 "uid is missing or not 1 to 64 letters"
w 12 "kind is missing or not use, search, flag, unsatisfied, undo or flag_close"
w 13 "hits is not a count"
w 14 "version is not a blob id"
expect_contains "$err" "refs/kb/usage/Not.An.Office:1: warning: not an office's name" \
    "the badly named ref is named and skipped"
expect_match "$err" '^refs/kb/usage/blobby:1: warning: not read \(.*\); the other offices are$' \
    "the ref to a blob is named and skipped"
expect_eq 14 "$(printf '%s\n' "$err" | grep -v noisy | grep -c 'warning')" \
    "one warning per bad line or ref, nothing else"
expect_eq 21 "$(printf '%s\n' "$err" | grep -c '^refs/kb/usage/noisy')" \
    "30 bad lines in one ref: 19 told, then that there are more, then how many"
expect_contains "$err" "refs/kb/usage/noisy:$day:20: warning: more problems in this ref" \
    "the 20th says there are more"
expect_contains "$err" "refs/kb/usage/noisy:1: warning: 30 problems in all; every line with one was skipped" \
    "the count of them all"
case $err in
*"$(printf '\033')"*) fail "a raw escape reached stderr" ;;
esac
expect_not_contains "$err" "Eve" "no text from a bad line is echoed"

note "a second report reads nothing twice; only the unread refs are told again"
expect_status 0 kb --kb "$centre" report --all-offices --format json
expect_eq "$report" "$out" "the same report"
expect_eq 2 "$(printf '%s\n' "$err" | grep -c warning)" "two warnings: the refs not read"
expect_not_contains "$err" "refs/kb/usage/east" "no warning for lines read before"

note "West syncs again: its events stay its own"
expect_status 0 at $T kb --kb "$west" --agent Ann use dog-licence --channel phone
expect_status 0 at $T kbsync --kb "$west"
expect_events_once west 3 "West after another sync"
expect_status 0 kb --kb "$centre" report --all-offices --format json
expect_contains "$out" '{"office":"West","uses":3,"searches":0,"flags":0,"not_satisfied":0}' \
    "West: 3"
expect_contains "$out" '{"office":"east","uses":3,"searches":0,"flags":0,"not_satisfied":0}' \
    "east: as before"

exit 0
