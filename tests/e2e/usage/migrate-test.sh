#!/bin/sh
# usage.db of the previous schema (user_version 1, no "sure" column), as
# an older kb made it, is migrated in place by the first command that
# opens it: every row kept as it was, "sure" NULL in them (the report
# counts their hits as sure), "undoes" and "closes" NULL, user_version 4
# (schema 2 added "sure", schema 3 the kind undo, schema 4 flag_close).  Several kb starting at once
# on the old file all succeed and migrate it once.  A migration that
# fails leaves the file as it was; a file of a newer schema is not
# touched.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to make the old usage.db (apt-get install sqlite3)"

# The schema of usage.db version 1, exactly as kb made it.
OLD_SCHEMA="CREATE TABLE IF NOT EXISTS event(
  id INTEGER PRIMARY KEY,
  uid TEXT NOT NULL UNIQUE,
  time TEXT NOT NULL,
  kind TEXT NOT NULL
    CHECK(kind IN ('use', 'search', 'flag', 'unsatisfied')),
  agent TEXT NOT NULL,
  office TEXT,
  channel TEXT,
  answer TEXT,
  version TEXT,
  query TEXT,
  hits INTEGER,
  reason TEXT);
CREATE INDEX IF NOT EXISTS event_time ON event(time);
CREATE INDEX IF NOT EXISTS event_answer ON event(answer, time);
PRAGMA journal_mode=WAL;
PRAGMA user_version=1;"

OLD_ROWS="INSERT INTO event(uid, time, kind, agent, office, channel, answer, version, query, hits, reason) VALUES
('old-u1', '2026-02-01T09:00:00Z', 'use', 'ann', 'North', 'phone', 'heron-nesting', NULL, 'herons', NULL, NULL),
('old-s1', '2026-02-01T09:05:00Z', 'search', 'ann', 'North', 'phone', NULL, NULL, 'dog licence', 2, NULL),
('old-s2', '2026-02-01T09:06:00Z', 'search', 'bob', NULL, NULL, NULL, NULL, 'fishing', 0, NULL),
('old-f1', '2026-02-01T09:07:00Z', 'flag', 'bob', NULL, NULL, 'heron-nesting', NULL, NULL, NULL, 'outdated'),
('old-n1', '2026-02-01T09:08:00Z', 'unsatisfied', 'cat', 'South', 'walk-in', 'heron-nesting', NULL, NULL, NULL, NULL);"

OLD_COLS="id, uid, time, kind, agent, office, channel, answer, version, query, hits, reason"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
write_answer "$k" birds/heron-nesting "Heron nesting season" "Herons nest in spring."
commit "$k" "answers"
db=$k/.git/kb/usage.db

sql() {
	sqlite3 -batch -noheader -nullvalue NULL "$db" "$1" ||
	    fail "sqlite3 could not run: $1"
}

# old_log: a fresh usage.db of schema 1 holding the five old rows.
old_log() {
	rm -f "$db" "$db-wal" "$db-shm"
	mkdir -p "$(dirname "$db")"
	sqlite3 -batch "$db" "$OLD_SCHEMA" >/dev/null || fail "cannot make the old usage.db"
	sqlite3 -batch "$db" "$OLD_ROWS" || fail "cannot fill the old usage.db"
	expect_eq 1 "$(sql 'PRAGMA user_version')" "the old log is of schema 1"
}

note "the first kb use migrates the old log; its rows stay as they were"
old_log
before=$(sql "SELECT $OLD_COLS FROM event ORDER BY id")
expect_status 0 kb --kb "$k" --agent dan use heron-nesting --channel email
expect_eq 4 "$(sql 'PRAGMA user_version')" "user_version after the migration"
expect_eq "id uid time kind agent office channel answer version query hits reason sure undoes closes" \
    "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM pragma_table_info('event') ORDER BY cid)")" \
    "the columns: the old ones, then sure, undoes and closes"
expect_eq "$before" "$(sql "SELECT $OLD_COLS FROM event WHERE uid LIKE 'old-%' ORDER BY id")" \
    "every old row kept, field for field"
expect_eq 5 "$(sql "SELECT count(*) FROM event WHERE uid LIKE 'old-%' AND sure IS NULL")" \
    "old rows: sure is NULL"
expect_eq "6|use|dan|email|heron-nesting" \
    "$(sql "SELECT id, kind, agent, channel, answer FROM event WHERE uid NOT LIKE 'old-%'")" \
    "the new use, after the old rows"
expect_eq "event_answer event_closes event_time event_undoes" \
    "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'event_%' ORDER BY name)")" \
    "the indexes are still there"
expect_eq "ok" "$(sql 'PRAGMA integrity_check')" "the migrated file is sound"

note "the report reads the old searches as before: their hits counted as sure"
expect_status 0 kb --kb "$k" report --format csv --section content_gaps
expect_contains "$out" "dog licence,1,0,0,1" "an old search with hits: abandoned, not a gap"
expect_contains "$out" "fishing,1,1,0,0" "an old search without hits: no results"

note "a second command finds the log migrated and leaves it"
expect_status 0 kb --kb "$k" --agent dan use heron-nesting --channel phone
expect_eq 4 "$(sql 'PRAGMA user_version')" "still schema 4"
expect_eq 7 "$(sql 'SELECT count(*) FROM event')" "five old rows and two uses"

note "several kb at once on an old log: each logs, the log is migrated once"
old_log
i=0
while [ $i -lt 6 ]; do
	"$KB_BIN" --kb "$k" --agent "a$i" use heron-nesting --channel phone \
	    >"$tmp/par$i.out" 2>&1 &
	i=$((i + 1))
done
i=0
while [ $i -lt 6 ]; do
	wait %$((i + 1)) 2>/dev/null || true
	i=$((i + 1))
done
wait
for f in "$tmp"/par*.out; do
	[ ! -s "$f" ] || fail "a kb started beside others said: $(cat "$f")"
done
expect_eq 4 "$(sql 'PRAGMA user_version')" "migrated"
expect_eq "5|6" "$(sql "SELECT sum(uid LIKE 'old-%'), sum(kind = 'use' AND agent LIKE 'a_') FROM event")" \
    "the old rows and the six uses"

note "a migration that fails leaves the file as it was"
old_log
# A column of that name added by hand: the migration's ALTER fails.
sql "ALTER TABLE event ADD COLUMN sure TEXT" >/dev/null
before=$(sql "SELECT * FROM event ORDER BY id")
expect_status 1 kb --kb "$k" --agent dan use heron-nesting --channel email
expect_contains "$err" "usage.db" "the message names the file"
expect_contains "$err" "schema 1 to 4" "the message says what was tried"
expect_contains "$err" "left as it was" "the message says nothing changed"
expect_eq 1 "$(sql 'PRAGMA user_version')" "still schema 1"
expect_eq "$before" "$(sql "SELECT * FROM event ORDER BY id")" "the rows as they were"

note "a log of a newer schema is not touched"
old_log
sql "PRAGMA user_version=5" >/dev/null
sum=$(cksum <"$db")
expect_status 1 kb --kb "$k" --agent dan use heron-nesting --channel email
expect_contains "$err" "made by a newer kb (schema 5); not touched" "the message"
expect_eq 5 "$(sql 'PRAGMA user_version')" "still schema 5"
expect_eq 5 "$(sql 'SELECT count(*) FROM event')" "no row added"

exit 0
