#!/bin/sh
# The centre sees its offices: kb report --all-offices has a syncs
# section, a row per office and station with its last sync (its usage
# ref's tip, when the commit landed), the events it sent of the period
# (offices.db's daily counts), its backlog when its commit says
# (Kb-Usage-Backlog), and how long it has been silent when longer than
# kb.syncWarnHours; offices silent that long (every station) come first.
# The refs are written at the centre with plain git and fixed commit
# times (GIT_COMMITTER_DATE), as offices' syncs would have left them;
# KB_NOW is the centre's "now".  kb import (for cron) reads what is new
# and says how much.  An old office's ref (refs/kb/usage/<o>)
# is a row too, "(before stations)".  The import is incremental: a new
# commit on one ref adds its events once, and a report with nothing new
# changes nothing.  An offices.db of schema 6 is migrated in place.
. "$(dirname "$0")/../lib.sh"

centre=$tmp/central.git
kb init "$tmp/src" >/dev/null
git clone -q --bare "$tmp/src" "$centre"

# event UID OFFICE TIME KIND: one JSON line of a use or a search.
event() {
	n=$1
	shift
	printf '{"uid":"%032x","time":"%s","kind":"%s","agent":"Ann","office":"%s","channel":"phone","answer":"%s","version":null,"query":null,"hits":null,"reason":null}\n' \
	    "$n" "$2" "$3" "$1" "$([ "$3" = use ] && echo dog-licence || echo null)" |
	    sed 's/"answer":"null"/"answer":null/'
}

# syncs ARGS...: the report's syncs section as CSV, lines without the CR.
syncs() {
	expect_status 0 env KB_NOW=$now "$KB_BIN" --kb "$centre" report \
	    --all-offices --format csv "$@"
	out=$(printf '%s\n' "$out" | tr -d '\r')
}

# usage_commit REF WHEN DAY MESSAGE < LINES: one usage commit on REF
# (parent: its tip, if any), committed at WHEN.
usage_commit() {
	_blob=$(git -C "$centre" hash-object -w --stdin)
	_tree=$(printf '100644 blob %s\t%s.jsonl\n' "$_blob" "$3" |
	    git -C "$centre" mktree)
	_parent=$(git -C "$centre" rev-parse -q --verify "$1" || true)
	_c=$(GIT_COMMITTER_DATE="$2" GIT_AUTHOR_DATE="$2" \
	    git -C "$centre" commit-tree ${_parent:+-p "$_parent"} -m "$4" "$_tree")
	git -C "$centre" update-ref "$1" "$_c"
}

st=refs/kb/station-usage
{ event 1 North 2026-11-25T09:30:00Z use; event 2 North 2026-11-25T09:40:00Z search; } |
    usage_commit $st/north/pc-1 "2026-11-25T10:00:00Z" 2026-11-25 \
    "usage: 2 events

Kb-Usage-Backlog: 5"
event 3 North 2026-11-24T08:00:00Z use |
    usage_commit $st/north/pc-2 "2026-11-25T09:00:00Z" 2026-11-24 "usage: 1 event"
event 4 South 2026-11-20T07:00:00Z use |
    usage_commit $st/south/desk "2026-11-20T08:00:00Z" 2026-11-20 "usage: 1 event"
event 5 West 2026-11-24T11:00:00Z use |
    usage_commit refs/kb/usage/west "2026-11-24T12:00:00Z" 2026-11-24 "usage: 1 event"

now=2026-11-25T12:00:00
note "silent for more than kb.syncWarnHours (24): South first"
syncs --section syncs
expect_eq "office,station,last_sync,events,backlog,silent
south,desk,2026-11-20 08:00,1,,124 h
north,pc-1,2026-11-25 10:00,2,5,
north,pc-2,2026-11-25 09:00,1,,
west,(before stations),2026-11-24 12:00,1,," "$out" "the syncs section"

note "events of the period only; last sync whatever the period"
syncs --section syncs --since 2026-11-25
expect_eq "office,station,last_sync,events,backlog,silent
south,desk,2026-11-20 08:00,0,,124 h
north,pc-1,2026-11-25 10:00,2,5,
north,pc-2,2026-11-25 09:00,0,,
west,(before stations),2026-11-24 12:00,0,," "$out" "--since: the period's events"

note "kb.syncWarnHours 2: West (24 h) silent too; North's pc-2 (3 h) is, North is not"
git -C "$centre" config kb.syncWarnHours 2
syncs --section syncs
expect_eq "office,station,last_sync,events,backlog,silent
south,desk,2026-11-20 08:00,1,,124 h
west,(before stations),2026-11-24 12:00,1,,24 h
north,pc-1,2026-11-25 10:00,2,5,
north,pc-2,2026-11-25 09:00,1,,3 h" "$out" "kb.syncWarnHours 2"
git -C "$centre" config --unset kb.syncWarnHours

note "a new sync of South: its events once, its last sync moves"
event 6 South 2026-11-25T11:00:00Z use |
    usage_commit $st/south/desk "2026-11-25T11:30:00Z" 2026-11-25 "usage: 1 event"
note "kb import (cron at the centre): only what is new, then nothing"
expect_status 0 kb --kb "$centre" import
expect_eq "imported   1 new event from 1 usage ref" "$out" "kb import: South's new event"
expect_status 0 kb --kb "$centre" import
expect_eq "imported   0 new events from 0 usage refs" "$out" "kb import again: nothing"
expect_status 0 kb --kb "$centre" import --quiet
expect_eq "" "$out" "kb import --quiet"
syncs --section syncs
expect_contains "$out" "south,desk,2026-11-25 11:30,2,," "South synced again"
first=$out
syncs --section offices
expect_contains "$out" "South,2,0,0,0" "South's 2 uses, each once"
syncs --section syncs
expect_eq "$first" "$out" "nothing new: the same report"
syncs --section offices
expect_contains "$out" "South,2,0,0,0" "nothing new: still 2"

note "the text report has the section, titled"
expect_status 0 env KB_NOW=$now "$KB_BIN" --kb "$centre" report --all-offices --section syncs
expect_contains "$out" "Offices' syncs, silent offices first" "the title"

note "offices.db of schema 6 (before issue 18): migrated, the same section"
command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed (apt-get install sqlite3)"
syncs --section syncs
want=$out
sqlite3 "$centre/kb/offices.db" "DROP TABLE office_day;
DROP INDEX event_time; DROP INDEX event_kind_time;
ALTER TABLE source DROP COLUMN office_slug;
ALTER TABLE source DROP COLUMN station;
ALTER TABLE source DROP COLUMN synced;
ALTER TABLE source DROP COLUMN backlog;
PRAGMA user_version=6" || fail "sqlite3 could not make a schema 6 offices.db"
syncs --section syncs
expect_eq "$want" "$out" "schema 6 migrated: daily counts and last syncs again"
expect_eq 8 "$(sqlite3 "$centre/kb/offices.db" "PRAGMA user_version")" \
    "schema 8 now"
