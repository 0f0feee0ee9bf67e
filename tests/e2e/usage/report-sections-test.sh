#!/bin/sh
# kb report says what it covers and fits its reader (kb(1), The report,
# Report formats): the header line names the KB, its commit, the period,
# the channel and the offices; --section picks sections; CSV is one
# section on stdout, or one file per section with --output DIR; JSON
# keys are snake_case; --width 120 fits 120 columns, a terminal its own
# width, and a pipe or a file gets every character.  A search the same
# agent refined into a use is no content gap; another agent's is.
. "$(dirname "$0")/../lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to fill usage.db (apt-get install sqlite3)"
command -v python3 >/dev/null 2>&1 ||
    fail "python3 is needed to read the JSON report"

k=$tmp/kb
make_kb "$k" <"$here/report-kb.txt"
export KB_DIR="$k"
export KB_NOW=2026-03-10
db=$k/.git/kb/usage.db
kb use bulky-pickup --channel phone
sqlite3 -batch "$db" <"$here/report-fixture.sql" || fail "report-fixture.sql did not load"
head=$(git -C "$k" rev-parse HEAD)

# Lines wider than $1 columns in $2 (characters, not bytes).
wider_than() {
	printf '%s\n' "$2" | LC_ALL=C tr -d '\200-\277' |
	    LC_ALL=C awk -v w="$1" 'length($0) > w { print length($0) ": " $0 }'
}

note "the header line: KB, commit, period, channel, offices"
expect_status 0 kb report
expect_eq "KB kb, commit $(printf %.12s "$head") | 2026-01-31 to 2026-03-02 | every channel | offices: (none), North, South" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "the header line"
expect_status 0 kb report --since 2026-02-01 --until 2026-02-28 --channel walk-in
expect_eq "KB kb, commit $(printf %.12s "$head") | 2026-02-01 to 2026-02-28 | walk-in | offices: South" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "the header line of a period and a channel"
expect_status 0 kb report --since 2027-01-01
expect_match "$(printf '%s\n' "$out" | sed -n 1p)" '\| 2027-01-01 to the last event \| every channel \| offices: none$' \
    "the header line of a period with no event"

note "--width 120 fits 120 columns; a pipe gets every character"
long="Renew a passport by mail, in person or online: forms DS-82 and DS-11"
expect_status 0 kb report --width 120
expect_eq "" "$(wider_than 120 "$out")" "--width 120: lines wider than 120 columns"
expect_contains "$out" "$long" "--width 120: the long title fits whole"
expect_contains "$out" 'outdated; fee changed, now "$70"' "--width 120: the reasons fit whole"
expect_status 0 kb report --width 60
expect_not_contains "$out" "$long" "--width 60: the long title is cut"
expect_match "$out" '^passport-renew +Renew a passport by.*~ +3$' "--width 60: a cut title ends in ~"
"$KB_BIN" report | cat >"$tmp/piped" || fail "kb report | cat failed"
expect_contains "$(cat "$tmp/piped")" "$long" "a pipe gets the long title whole"
expect_contains "$(cat "$tmp/piped")" 'outdated; fee changed, now "$70"' "a pipe gets the reasons whole"
expect_not_contains "$(cat "$tmp/piped")" "~  " "a pipe: nothing is cut"
if command -v script >/dev/null 2>&1; then
	note "a terminal of 100 columns: tables as wide as it"
	script -qec "stty cols 100 rows 40; '$KB_BIN' report --section top_answers" /dev/null \
	    >"$tmp/tty" </dev/null || fail "kb report in a terminal failed: $(cat "$tmp/tty")"
	tty_out=$(tr -d '\r' <"$tmp/tty")
	expect_eq "" "$(wider_than 100 "$tty_out")" "a terminal of 100 columns: lines wider"
	expect_match "$tty_out" '^passport-renew +Renew a passport by mail, in person or online: forms DS-82 and DS-11 +3$' \
	    "a terminal of 100 columns: the title fits whole"
fi

note "--section picks sections, in the report's order"
expect_status 0 kb report --section offices,content_gaps
expect_eq "Content gaps: searches with no answer used
Offices" "$(printf '%s\n' "$out" | grep -x 'Content gaps: searches with no answer used\|Offices\|Top answers\|Agents')" \
    "--section offices,content_gaps: those two, in order"
expect_status 2 kb report --section bogus
expect_contains "$err" "'bogus'" "an unknown section is named"
expect_contains "$err" "content_gaps" "the sections there are are listed"

note "CSV: one section on stdout, or a directory with one file per section"
expect_status 0 kb report --format csv --section offices
expect_eq "$(tr -d '\r' <"$here/report-expected-csv/offices.csv")" \
    "$(printf '%s\n' "$out" | tr -d '\r')" "--format csv --section offices"
expect_status 2 kb report --format csv
expect_contains "$err" "--section NAME" "CSV of every section on stdout: say how"
expect_contains "$err" "--output DIR" "CSV of every section on stdout: say how"
expect_status 2 kb report --format csv --section offices,agents
expect_contains "$err" "one section" "two sections on stdout"
expect_status 0 kb report --format csv --output "$tmp/csv" --section agents,use_by_channel
expect_eq "agents.csv
use_by_channel.csv" "$(ls "$tmp/csv")" "--output with --section: those files"
expect_eq "answer,phone,email,walk_in,none,total,not_used_on" \
    "$(sed -n 1p "$tmp/csv/use_by_channel.csv" | tr -d '\r')" "CSV column names are snake_case"
expect_status 0 kb report --format csv --output "$tmp/all"
expect_eq "13" "$(ls "$tmp/all" | grep -c '\.csv$')" "--output: thirteen files"
expect_status 2 kb report --output "$tmp/x"
expect_contains "$err" "--format csv" "--output without CSV"
expect_status 2 kb report --format json --width 100
expect_contains "$err" "--width" "--width is for text"
expect_status 2 kb report --width 10
expect_contains "$err" "--width" "--width 10"

note "JSON: snake_case keys, the header's members"
expect_status 0 kb report --format json --section use_by_channel,flagged
printf '%s\n' "$out" >"$tmp/r.json"
python3 - "$tmp/r.json" "$head" <<'EOF_PY' || fail "the JSON report's keys"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert list(r) == ["kb", "commit", "since", "until", "from", "to", "channel",
                   "all_offices", "office_names", "use_by_channel", "flagged"], list(r)
assert r["kb"] == "kb" and r["commit"] == sys.argv[2], r
assert (r["from"], r["to"]) == ("2026-01-31", "2026-03-02"), r
assert r["office_names"] == ["(none)", "North", "South"], r
assert list(r["use_by_channel"][0]) == ["answer", "phone", "email", "walk_in",
                                        "none", "total", "not_used_on"]
assert list(r["flagged"][0]) == ["answer", "title", "flags", "again",
                                 "not_satisfied", "reasons"]
EOF_PY

note "content gaps: a search the same agent refined into a use is none"
sqlite3 -batch "$db" "INSERT INTO event(uid, time, kind, agent, office, channel, answer, query, hits, sure) VALUES
    ('rf-s1', '2026-03-05T10:00:00Z', 'search', 'ann', 'North', 'phone', NULL, 'lost pasport', 0, 0),
    ('rf-s2', '2026-03-05T10:03:00Z', 'search', 'ann', 'North', 'phone', NULL, 'passport gone', 2, 0),
    ('rf-u1', '2026-03-05T10:06:00Z', 'use', 'ann', 'North', 'phone', 'lost-passport', 'lost passport', NULL, NULL),
    ('rf-s3', '2026-03-05T10:01:00Z', 'search', 'bob', 'North', 'phone', NULL, 'lost pasport', 0, 0),
    ('rf-s4', '2026-03-05T11:00:00Z', 'search', 'ann', 'North', 'phone', NULL, 'lost pasport', 0, 0),
    ('rf-u2', '2026-03-05T11:06:00Z', 'use', 'ann', 'North', 'phone', 'lost-passport', NULL, NULL, NULL)" ||
    fail "test setup: sqlite3 could not add the searches"
expect_status 0 kb report --format csv --section content_gaps --since 2026-03-05 --until 2026-03-05
expect_eq "query,searches,no_results,not_sure,abandoned
lost pasport,2,2,0,0" "$(printf '%s\n' "$out" | tr -d '\r')" \
    "ann's two searches before her use are not gaps; bob's, and ann's six minutes before a use, are"

exit 0
