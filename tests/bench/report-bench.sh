#!/bin/sh
# make bench, the centre's report: kb report --all-offices for one month
# (the last 30 days of the history) with 1M and with 5M events of history
# in offices.db.  The same fleet at the same rate in both (200 stations:
# 100 offices of 2 PCs, 5,000 events a day, so about 150,000 in the
# month); only the history before the month grows (200 days, 1,000 days).
# The report's cost should be the month's: not growing with history.
# An EVENTS of N@RATE has RATE events a day instead: 4000000@100000 is a
# heavy month, 3M events of 4M, for what the month itself costs.
#
# usage: tests/bench/report-bench.sh KB WORK SOURCE_KB [EVENTS...]
#
# Prints "name value" lines for run-bench.sh, for each EVENTS (default
# 1000000 5000000), with M its millions (and _<K>k, K the thousands a
# day, for an N@RATE):
#   report_<M>m_s        median of 3 reports of the month, s
#   report_<M>m_import_s kb import with nothing new (the report's first
#                        step), s
#   report_<M>m_month    events in the month
#
# offices.db is made with SQL, not with kbsync (sqlite3(1), the command
# line shell, is needed): kb import makes the schema in a bare clone of
# SOURCE_KB, then one INSERT ... SELECT over a recursive counter writes
# the events (offices.db's triggers keep the daily roll-ups as the
# import's inserts do), the daily counts (office_day) and a source row
# per station ref, as an import would have.  No usage ref exists, so
# the report's import has nothing to read; the time measured is the
# report's own.
# Made once per size (WORK/centre-<M>m.git, .done marker).
set -eu
kb=$1 src=$3
work=$(cd "$2" && pwd)
shift 3
sizes=${*:-1000000 5000000}
export LC_ALL=C

warn() { echo "report-bench: $*" >&2; }
now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
secs() { awk -v t="$1" 'BEGIN { printf "%.2f", t / 1e9 }'; }

command -v sqlite3 >/dev/null || {
	warn "sqlite3 (the command line shell) is needed to make offices.db"
	exit 0
}

# The events: i = 0 .. n-1, oldest first, ending at the end of
# 2026-11-30 UTC; about 60% searches, 38% uses, and rarely a flag or a
# customer not satisfied (open flags count over all history by design).
gen_sql() {
	n=$1 rate=$3
	cat <<EOF
PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;
ATTACH '$2' AS idx;
CREATE TEMP TABLE ids(n INTEGER PRIMARY KEY, id TEXT);
INSERT INTO ids SELECT rowid - 1, id FROM (SELECT id FROM idx.answer
  ORDER BY id LIMIT 2000);
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $n - 1),
e AS (SELECT i, i % 200 AS st, (i * 2654435761) % 1000 AS r,
  strftime('%Y-%m-%dT%H:%M:%SZ', 1796083200 - ($n - i) * 86400 / $rate,
  'unixepoch') AS t FROM c)
INSERT INTO event(ref, uid, time, kind, agent, office, channel, answer,
  version, query, hits, reason, sure, undoes, closes, office_slug, station)
SELECT 'refs/kb/station-usage/office-' || (st / 2) || '/pc-' || (st % 2),
  printf('%032x', i), t,
  CASE WHEN r < 600 THEN 'search' WHEN r < 998 THEN 'use'
   WHEN r < 999 THEN 'flag' ELSE 'unsatisfied' END,
  'agent-' || (i % 2000), 'Office ' || (st / 2),
  CASE r % 3 WHEN 0 THEN 'phone' WHEN 1 THEN 'email' ELSE 'walk-in' END,
  CASE WHEN r < 600 THEN NULL ELSE (SELECT id FROM ids WHERE n = r * 7 % 2000) END,
  NULL, CASE WHEN r < 600 THEN 'query ' || (r % 400) END,
  CASE WHEN r < 600 THEN r % 5 END,
  CASE WHEN r = 998 THEN 'out of date' END,
  CASE WHEN r < 600 THEN r % 3 END, NULL, NULL,
  'office-' || (st / 2), 'pc-' || (st % 2)
FROM e;
INSERT INTO office_day SELECT office_slug, station, substr(time, 1, 10),
  count(*) FROM event GROUP BY 1, 2, 3;
INSERT INTO source(ref, tip, office_slug, station, synced)
  SELECT DISTINCT ref, '0000000000000000000000000000000000000000',
  office_slug, station, 1796083200 - 600 FROM event;
COMMIT;
ANALYZE;
EOF
}

make_centre() {
	n=$1 dir=$2 rate=$3
	[ -f "$dir/.done" ] && return 0
	rm -rf "$dir"
	git clone -q --bare "$src" "$dir"
	"$kb" --kb "$dir" import --quiet	# the schema, nothing to read
	"$kb" --kb "$dir" index --quiet
	gen_sql "$n" "$dir/kb/index.db" "$rate" |
	    sqlite3 "$dir/kb/offices.db" >/dev/null
	touch "$dir/.done"
}

for size in $sizes; do
	n=${size%@*} rate=5000	# events a day, the whole fleet
	m=$((n / 1000000))
	[ "$m" -gt 0 ] || m=0.$((n / 100000))	# a trial run: 0.2m
	tag=${m}m
	[ "$size" = "$n" ] || { rate=${size#*@}; tag=${tag}_$((rate / 1000))k; }
	dir=$work/centre-$tag.git
	warn "offices.db with $n events, $rate a day..."
	make_centre "$n" "$dir" "$rate"
	report() {
		KB_NOW=2026-11-30T23:59:00 "$kb" --kb "$dir" report --all-offices \
		    --since 2026-11-01 --until 2026-11-30 --format json >/dev/null
	}
	report	# warm: the index, the page cache
	: > "$work/report-$tag.times"
	for k in 1 2 3; do
		t0=$(now)
		report
		echo $(($(now) - t0)) >> "$work/report-$tag.times"
	done
	echo "report_${tag}_s $(secs "$(median < "$work/report-$tag.times")")"
	t0=$(now)
	"$kb" --kb "$dir" import --quiet
	echo "report_${tag}_import_s $(secs $(($(now) - t0)))"
	echo "report_${tag}_month $(sqlite3 "$dir/kb/offices.db" \
	    "SELECT count(*) FROM event WHERE time >= '2026-11-01'")"
done
