#!/bin/sh
# kb export loads into a real PostgreSQL warehouse, incrementally: two
# offices sync their usage to the centre; kb export --all-offices there
# is loaded with psql \copy; new events come (and an undo); a second
# export --after the highest seq loaded brings only those, loaded the
# same way; at each step the warehouse's counts per agent and office are
# kb report --all-offices's; a use logged with kb.logQueries false
# reaches the warehouse without its words.  JSON lines load too, --redact-queries
# leaves no query, an --after beyond the last seq is refused, and at an
# office kb export is its own log.  PostgreSQL (Debian's postgresql)
# runs from initdb in this test's folder, as an unprivileged user when
# run as root (postgres refuses root), on a private port and socket
# folder, listening on no network address.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] && [ -x "$pgbin/initdb" ] && command -v psql >/dev/null ||
    fail "PostgreSQL is needed (Debian: apt-get install postgresql)"

# --- a private PostgreSQL ---------------------------------------------------
pg=$tmp/pg
mkdir -p "$pg/sock"
as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u nobody -- "$@"
	else
		"$@"
	fi
}
if [ "$(id -u)" = 0 ]; then
	chmod 711 "$tmp"	# nobody passes through to $tmp/pg, no more
	chown -R nobody "$pg"
fi
pg_port=$(( 20000 + $$ % 20000 ))
as_pg "$pgbin/initdb" -D "$pg/data" -A trust -U kb -E UTF8 --no-locale \
    --no-sync >"$pg/initdb.log" 2>&1 || { cat "$pg/initdb.log" >&2; fail "initdb"; }
pg_stop() {
	as_pg "$pgbin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1
}
as_pg "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o \
    "-p $pg_port -k $pg/sock -c listen_addresses= -c fsync=off" start \
    >/dev/null || { cat "$pg/log" >&2; fail "PostgreSQL did not start"; }
at_exit pg_stop

# psql ARGS...: as the warehouse's loader, reading standard input.
sql() {
	as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$pg/sock" -p "$pg_port" -U kb \
	    -d postgres "$@"
}
# One value or table (unaligned, comma-separated, no header).
sql_value() {
	sql -A -t -F , -c "$1"
}

sql -c "CREATE TABLE kb_event(
    seq bigint PRIMARY KEY, uid text NOT NULL, time timestamptz NOT NULL,
    kind text NOT NULL, agent text NOT NULL, office text, office_slug text,
    station text, channel text, answer text, version text, query text,
    hits integer, reason text, sure integer, undoes text, closes text,
    UNIQUE (office_slug, uid));
  CREATE TABLE kb_event_json(doc jsonb NOT NULL);" </dev/null

# load FILE: the CSV export into the warehouse, as its README says.
load() {
	sql -c "\\copy kb_event FROM STDIN WITH (FORMAT csv, HEADER true)" \
	    <"$1" || fail "psql \\copy of $1"
}

# What kb report counts per agent and office, and the same from the
# warehouse: an undo and the event it takes back count for neither.
report_agents() {
	expect_status 0 kb --kb "$centre" report --all-offices --format csv \
	    --section agents
	printf '%s\n' "$out" | sed 1d | tr -d '"\r'
}
warehouse_agents() {
	sql_value "SELECT agent, office, count(*) FILTER (WHERE kind = 'use'),
	    count(*) FILTER (WHERE kind = 'search'),
	    count(*) FILTER (WHERE kind = 'flag'),
	    count(*) FILTER (WHERE kind = 'unsatisfied')
	  FROM kb_event e WHERE kind NOT IN ('undo', 'flag_close')
	    AND NOT EXISTS (SELECT 1 FROM kb_event u
	      WHERE u.office_slug = e.office_slug AND u.undoes = e.uid)
	  GROUP BY agent, office ORDER BY agent COLLATE \"C\", office COLLATE \"C\"" </dev/null
}

# --- two offices, their usage at the centre ----------------------------------
make_centre
north=$tmp/north south=$tmp/south
make_office "$north" "$centre" --office North
make_office "$south" "$centre" --office South
export KB_NOW=2026-11-25T10:00:00
expect_status 0 kb --kb "$north" --agent Ann use dog-licence --channel phone \
    --query 'dog tag, "lost", again'
expect_status 0 kb --kb "$north" --agent Ann use lost-pet --channel email
expect_status 0 kb --kb "$north" --agent Bob flag dog-licence --reason outdated
expect_status 0 kb --kb "$south" --agent Cy use lost-pet --channel walk-in \
    --query 'perdí mi gato'
expect_status 0 kbsync --kb "$north"
expect_status 0 kbsync --kb "$south"

note "the first export: a header and 4 events, seq 1 to 4"
expect_status 0 kb --kb "$centre" export --all-offices
printf '%s\n' "$out" >"$tmp/first.csv"
expect_eq "seq,uid,time,kind,agent,office,office_slug,station,channel,answer,version,query,hits,reason,sure,undoes,closes" \
    "$(sed -n 1p "$tmp/first.csv")" "the CSV header"
expect_eq 5 "$(wc -l <"$tmp/first.csv" | tr -d ' ')" "a header and 4 rows"
expect_contains "$out" '"dog tag, ""lost"", again"' "a query with a comma and quotes, quoted"
load "$tmp/first.csv"
expect_eq 4 "$(sql_value 'SELECT count(*) FROM kb_event' </dev/null)" "4 rows loaded"
expect_eq "1,4" "$(sql_value 'SELECT min(seq), max(seq) FROM kb_event' </dev/null)" "seq 1 to 4"
expect_eq "perdí mi gato" \
    "$(sql_value "SELECT query FROM kb_event WHERE agent = 'Cy'" </dev/null)" \
    "UTF-8 kept"
expect_eq "" "$(sql_value "SELECT count(*) FROM kb_event WHERE query = ''" </dev/null | grep -v '^0$' || true)" \
    "no query became an empty string: NULL stays NULL"
expect_eq "$(report_agents)" "$(warehouse_agents)" "the warehouse counts as kb report"

note "new events, an undo: the second export --after the last seq"
export KB_NOW=2026-11-26T09:00:00
expect_status 0 kb --kb "$south" --agent Cy use dog-licence --channel phone
expect_status 0 kb --kb "$south" --agent Cy use lost-pet --channel phone
expect_status 0 kb --kb "$south" --agent Cy undo
expect_status 0 kb --kb "$north" --agent Ann use lost-pet --channel phone
git -C "$north" config kb.logQueries false
expect_status 0 kb --kb "$north" --agent Ann use lost-pet --channel phone \
    --query "my private words"
git -C "$north" config kb.logQueries true
expect_status 0 kbsync --kb "$north"
expect_status 0 kbsync --kb "$south"
last=$(sql_value 'SELECT max(seq) FROM kb_event' </dev/null)
expect_status 0 kb --kb "$centre" export --all-offices --after "$last"
printf '%s\n' "$out" >"$tmp/second.csv"
expect_eq 6 "$(wc -l <"$tmp/second.csv" | tr -d ' ')" "a header and the 5 new events only"
expect_not_contains "$out" "my private words" "kb.logQueries false: the words never left the office"
load "$tmp/second.csv"
expect_eq "9,9" "$(sql_value 'SELECT count(*), max(seq) FROM kb_event' </dev/null)" \
    "9 events, seq 1 to 9, none twice"
expect_eq "$(report_agents)" "$(warehouse_agents)" "after the second load, still kb report's counts"
expect_match "$(report_agents)" '^Cy,South,2,0,0,0$' "the undone use counts for neither"
expect_status 0 kb --kb "$centre" export --all-offices --after 9
expect_eq "seq,uid,time,kind,agent,office,office_slug,station,channel,answer,version,query,hits,reason,sure,undoes,closes" \
    "$out" "nothing new: the header only"

note "JSON lines load as jsonb, with the same events"
expect_status 0 kb --kb "$centre" export --all-offices --format jsonl
printf '%s\n' "$out" >"$tmp/all.jsonl"
expect_eq 9 "$(wc -l <"$tmp/all.jsonl" | tr -d ' ')" "one line per event"
# A quote and a delimiter no JSON line holds: each line is one value.
sql -c "\\copy kb_event_json FROM STDIN WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')" \
    <"$tmp/all.jsonl" || fail "loading the JSON lines"
expect_eq 0 "$(sql_value "SELECT count(*) FROM kb_event e FULL JOIN kb_event_json j
    ON (j.doc->>'seq')::bigint = e.seq AND j.doc->>'uid' = e.uid
    AND j.doc->>'query' IS NOT DISTINCT FROM e.query
    AND j.doc->>'office_slug' = e.office_slug
  WHERE e.seq IS NULL OR j.doc IS NULL" </dev/null)" "the JSON lines are the CSV's events"

note "--redact-queries: no customer's words"
expect_status 0 kb --kb "$centre" export --all-offices --redact-queries
expect_not_contains "$out" "dog tag" "CSV: no query"
expect_not_contains "$out" "perdí" "CSV: no query (UTF-8)"
expect_eq 10 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "CSV: every event still"
expect_status 0 kb --kb "$centre" export --all-offices --redact-queries --format jsonl
expect_not_contains "$out" "dog tag" "JSON lines: no query"
expect_eq 9 "$(printf '%s\n' "$out" | grep -c '"query":null,')" "JSON lines: query null"

note "an --after beyond the last seq is refused: numbered again"
expect_status 1 kb --kb "$centre" export --all-offices --after 99
expect_contains "$err" "no event has a seq above 99 (the last is 9)" "says why"
expect_contains "$err" "--after 0" "says what to do"
expect_status 2 kb --kb "$centre" export --after -1
expect_contains "$err" "a seq is a whole number" "a bad --after"
expect_status 2 kb --kb "$centre" export --format xml
expect_contains "$err" "csv or jsonl" "a bad --format"

note "at an office: its own log, seq its row ids"
expect_status 0 kb --kb "$south" export --format jsonl
expect_eq 4 "$(printf "%s\n" "$out" | wc -l | tr -d " ")" "South logged 3 uses and an undo"
