#!/bin/sh
# kb report on a fixture log (report-fixture.sql) over a fixture KB
# (report-kb.txt), with KB_NOW fixed: text, CSV and JSON compared byte
# for byte with report-expected.{txt,json} and report-expected-csv/ (one
# file per section); a period (report-february-expected-csv/) and a
# channel with --top
# (report-phone-expected.json); one-sided periods, empty periods, the
# option errors.  The expected files are the contract: every figure in
# them was checked by hand against the fixture.
. "$(dirname "$0")/../lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to fill usage.db (apt-get install sqlite3)"
command -v python3 >/dev/null 2>&1 ||
    fail "python3 is needed to check that the JSON and CSV reports parse"

k=$tmp/kb
make_kb "$k" <"$here/report-kb.txt"
export KB_DIR="$k"
export KB_NOW=2026-03-10
db=$k/.git/kb/usage.db

sql() {
	sqlite3 -batch -noheader -nullvalue NULL "$db" "$1" ||
	    fail "sqlite3 could not run: $1"
}

# same EXPECTED-FILE GOT-FILE WHAT: byte for byte, with a diff when not.
same() {
	if ! cmp -s "$1" "$2"; then
		echo "FAIL: $3 differs from $(basename "$1") (- want, + got):" >&2
		diff -u "$1" "$2" | sed -n '3,60p' | cat -A >&2 || true
		exit 1
	fi
}

# report ARGS...: kb report, exit 0, no message; the output in $tmp/got.
report() {
	"$KB_BIN" report "$@" >"$tmp/got" 2>"$tmp/got.err" ||
	    fail "kb report $* exited $?: $(cat "$tmp/got.err")"
	[ ! -s "$tmp/got.err" ] || fail "kb report $*: a message on stderr: $(cat "$tmp/got.err")"
}

json_ok() {
	python3 -c 'import json, sys; json.load(sys.stdin)' <"$1" ||
	    fail "$2: the JSON does not parse"
}

# The shape of a JSON report: what it covers, then the thirteen sections
# in order, each an array of objects with the same snake_case keys.
json_shape() {
	python3 - "$1" <<'EOF_PY' || fail "$2: the JSON report has the wrong shape"
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    r = json.load(f)
head = ["kb", "commit", "since", "until", "from", "to", "channel",
        "all_offices", "office_names"]
keys = head + ["top_answers", "top_answers_by_channel",
        "use_by_channel", "content_gaps", "review_due",
        "missing_translations", "stale_translations", "never_used",
        "flagged", "flags_closed", "agents", "offices", "learned"]
assert list(r) == keys, list(r)
for k in head[:7]:
    assert isinstance(r[k], str), k
assert isinstance(r["all_offices"], bool)
assert isinstance(r["office_names"], list)
for k in keys[len(head):]:
    assert isinstance(r[k], list), k
    assert len({tuple(row) for row in r[k]}) <= 1, k
    for row in r[k]:
        for key in row:
            assert key.isidentifier() and key == key.lower(), (k, key)
EOF_PY
}

# A CSV report, one file per section in a directory: CRLF line ends, a
# header row of snake_case column names, every row as long as it; the
# thirteen sections, no other file.
csv_shape() {
	python3 - "$1" <<'EOF_PY' || fail "$2: the CSV report has the wrong shape"
import csv, os, sys
names = ["top_answers", "top_answers_by_channel", "use_by_channel",
         "content_gaps", "review_due", "missing_translations",
         "stale_translations", "never_used", "flagged", "flags_closed",
         "agents", "offices", "learned"]
assert sorted(os.listdir(sys.argv[1])) == sorted(n + ".csv" for n in names)
for n in names:
    data = open(os.path.join(sys.argv[1], n + ".csv"), "rb").read()
    assert data.endswith(b"\r\n"), (n, "no CRLF at the end")
    assert b"\n" not in data.replace(b"\r\n", b""), (n, "a line without CR")
    rows = list(csv.reader(data.decode("utf-8").splitlines()))
    for key in rows[0]:
        assert key.isidentifier() and key == key.lower(), (n, key)
    for row in rows[1:]:
        assert len(row) == len(rows[0]), (n, row)
EOF_PY
}

# same_dir EXPECTED-DIR GOT-DIR WHAT: the same files, byte for byte.
same_dir() {
	expect_eq "$(ls "$1")" "$(ls "$2")" "$3: the files"
	for f in "$1"/*; do
		same "$f" "$2/$(basename "$f")" "$3: $(basename "$f")"
	done
}

# report_csv DIR ARGS...: kb report --format csv --output DIR ARGS, into
# a fresh DIR.
report_csv() {
	_d=$1
	shift
	rm -rf "$_d"
	report --format csv --output "$_d" "$@"
	[ ! -s "$tmp/got" ] || fail "kb report --output: printed on stdout: $(cat "$tmp/got")"
}

# Every line of a text report fits in 80 columns (characters, not bytes).
fits_80() {
	LC_ALL=C tr -d '\200-\277' <"$1" >"$tmp/fit"
	long=$(LC_ALL=C awk 'length($0) > 80 { print length($0) ": " $0 }' "$tmp/fit")
	expect_eq "" "$long" "$2: lines wider than 80 columns"
}

note "the fixture log: the first kb use makes usage.db, the fixture fills it"
expect_status 0 kb use bulky-pickup --channel phone
[ -f "$db" ] || fail "kb use made no $db"
sqlite3 -batch "$db" <"$here/report-fixture.sql" || fail "report-fixture.sql did not load"
expect_eq "30" "$(sql 'SELECT count(*) FROM event')" "events in the fixture log"
expect_eq "15|9|4|2" "$(sql "SELECT sum(kind = 'use'), sum(kind = 'search'), sum(kind = 'flag'), sum(kind = 'unsatisfied') FROM event")" \
    "kinds in the fixture log"

note "kb report: text, to a file: the header line, then every character"
report
same "$here/report-expected.txt" "$tmp/got" "kb report"
report --format text
same "$here/report-expected.txt" "$tmp/got" "kb report --format text"
report --width 80
fits_80 "$tmp/got" "kb report --width 80"

note "kb report --format csv --output DIR: one file per section"
report_csv "$tmp/csv"
same_dir "$here/report-expected-csv" "$tmp/csv" "kb report --format csv --output"
csv_shape "$tmp/csv" "kb report --format csv --output"

note "kb report --format json"
report --format json
json_ok "$tmp/got" "kb report --format json"
same "$here/report-expected.json" "$tmp/got" "kb report --format json"
json_shape "$tmp/got" "kb report --format json"
report --format=json
same "$here/report-expected.json" "$tmp/got" "kb report --format=json"

note "the three formats agree on every figure"
python3 - "$here/report-expected-csv" "$here/report-expected.json" <<'EOF_PY' ||
import csv, json, os, sys
r = json.load(open(sys.argv[2], encoding="utf-8"))
for f in os.listdir(sys.argv[1]):
    rows = list(csv.reader(open(os.path.join(sys.argv[1], f), encoding="utf-8", newline="")))
    table = [dict(zip(rows[0], row)) for row in rows[1:]]
    name = f[:-len(".csv")]
    got = [{k: "" if v is None else str(v) for k, v in o.items()} for o in r[name]]
    assert got == table, (name, got, table)
EOF_PY
    fail "the CSV and JSON expected files disagree"

note "--since and --until: February 2026, both days included"
report_csv "$tmp/feb" --since 2026-02-01 --until 2026-02-28
same_dir "$here/report-february-expected-csv" "$tmp/feb" "kb report --since 2026-02-01 --until 2026-02-28"
csv_shape "$tmp/feb" "February CSV"
report_csv "$tmp/feb" --until 2026-02-28 --since 2026-02-01 --format=csv
same_dir "$here/report-february-expected-csv" "$tmp/feb" "--until before --since"
report --since 2026-02-01 --until 2026-02-28 --format json
json_ok "$tmp/got" "February JSON"
expect_match "$(sed -n 1p "$tmp/got")" '^\{"kb":"kb","commit":"[0-9a-f]{40}","since":"2026-02-01","until":"2026-02-28","from":"2026-02-01","to":"2026-02-28","channel":"",' \
    "the JSON report names its KB, commit and period"

note "--channel phone --top 2"
report --channel phone --top 2 --format json
json_ok "$tmp/got" "phone JSON"
same "$here/report-phone-expected.json" "$tmp/got" "kb report --channel phone --top 2"
json_shape "$tmp/got" "phone JSON"
report --top 2 --format json --channel=phone
same "$here/report-phone-expected.json" "$tmp/got" "--channel=phone after the others"
"$KB_BIN" --channel phone report --top 2 --format json >"$tmp/got" ||
    fail "kb --channel phone report exited $?"
same "$here/report-phone-expected.json" "$tmp/got" "global --channel before the command"

note "kb.channel is an agent's default, not a filter of the report"
git -C "$k" config kb.channel email
report
same "$here/report-expected.txt" "$tmp/got" "kb report with kb.channel=email"
git -C "$k" config --unset kb.channel

# rows DIR SECTION...: the rows of those sections' CSV files, each led
# by its section's name.
rows() {
	_d=$1
	shift
	for _s in "$@"; do
		tail -n +2 "$_d/$_s.csv" | tr -d '\r' | sed "s/^/$_s,/"
	done
}

note "one end of the period only; a single day"
report_csv "$tmp/one" --since 2026-03-01
top=$(rows "$tmp/one" top_answers content_gaps agents offices)
expect_eq "top_answers,bulky-pickup,Bulky item pickup,1
content_gaps,snow ploughing,1,1,0,0
agents,ann,North,1,1,0,0
offices,North,1,1,0,0" "$top" "--since 2026-03-01 (from midnight UTC)"
report_csv "$tmp/one" --until 2026-01-31
top=$(rows "$tmp/one" top_answers content_gaps flagged agents)
expect_eq "top_answers,lost-passport,Report a lost passport,1
agents,ann,North,1,0,0,0" "$top" "--until 2026-01-31 (to 23:59:59 UTC)"
report_csv "$tmp/one" --since 2026-02-28 --until 2026-02-28
top=$(rows "$tmp/one" top_answers agents)
expect_eq 'top_answers,recycling,"Recycling ""blue bin"" rules",1
agents,dan,,1,0,0,0' "$top" "a single day: an event at 23:59:59 on it"

note "a period with nothing in it"
report --since 2027-01-01 --until 2027-12-31
for title in "Top answers" "Top answers by channel" "Use of each answer by channel" \
    "Content gaps: searches with no answer used" "Answers missing a translation" \
    "Translations older than their source" "Flagged answers" "Agents" "Offices"; do
	grep -A2 -x "$title" "$tmp/got" | sed -n 3p | grep -qx '(none)' ||
	    fail "empty period: section '$title' does not say (none): $(cat "$tmp/got")"
done
grep -q "overdue" "$tmp/got" || fail "empty period: the review list depends on today, not the period"
report --since 2027-01-01 --until 2027-12-31 --width 80
fits_80 "$tmp/got" "empty period"
report_csv "$tmp/empty" --since 2027-01-01 --until 2027-12-31
csv_shape "$tmp/empty" "empty period CSV"
expect_eq "answer,title,uses" "$(tr -d '\r' <"$tmp/empty/top_answers.csv")" \
    "empty period CSV: the header row only"
report --since 2027-01-01 --until 2027-12-31 --format json
json_ok "$tmp/got" "empty period JSON"
json_shape "$tmp/got" "empty period JSON"
expect_contains "$(cat "$tmp/got")" '"top_answers":[],' "empty period JSON: an empty array"
report --since 2026-03-01 --until 2026-02-01 --format json
json_ok "$tmp/got" "--since after --until"
expect_contains "$(cat "$tmp/got")" '"agents":[],' "--since after --until: nothing"

note "the report reads the log and writes nothing"
expect_eq "30" "$(sql 'SELECT count(*) FROM event')" "events after the reports"

note "the index is rebuilt for the report when deleted; the figures stay"
rm -rf "$k/.git/kb/index.db"*
report_csv "$tmp/csv"
same_dir "$here/report-expected-csv" "$tmp/csv" "kb report with no index.db"

note "errors: a bad date is a usage error naming it; so are bad options"
for args in "--since 2026-02-30" "--since 2026-2-1" "--until yesterday" \
    "--until 2026-02-28T23:59:59Z" "--since 2025-02-29" "--since 28/02/2026"; do
	date=${args#* }
	rc=0
	# shellcheck disable=SC2086
	"$KB_BIN" report $args >"$tmp/bad.out" 2>"$tmp/bad.err" || rc=$?
	case $rc in
	2) ;;
	*) fail "kb report $args exited $rc; want 2 (kb(1): a malformed date is a usage error)" ;;
	esac
	[ ! -s "$tmp/bad.out" ] || fail "kb report $args printed a report: $(cat "$tmp/bad.out")"
	expect_contains "$(cat "$tmp/bad.err")" "'$date'" "kb report $args: the date is named"
	expect_contains "$(cat "$tmp/bad.err")" "${args%% *}" "kb report $args: the option is named"
	expect_contains "$(cat "$tmp/bad.err")" "YYYY-MM-DD" "kb report $args: the format is given"
done
expect_status 2 kb report --format xml
expect_contains "$err" "--format" "an unknown format"
expect_eq "" "$out" "nothing on stdout for a usage error"
expect_status 2 kb report --since
expect_contains "$err" "--since" "--since without a value"
expect_status 2 kb report --top 0
expect_contains "$err" "--top" "--top 0"
expect_status 2 kb report --top many
expect_contains "$err" "--top" "--top many"
expect_status 2 kb report --top -3
expect_status 2 kb report --top 10001
expect_status 2 kb report lost-passport
expect_contains "$err" "operand" "kb report takes no operands"
expect_status 2 kb report --channel fax
expect_contains "$err" "fax" "an unknown channel is named"
expect_status 2 kb report --bogus
expect_contains "$err" "bogus" "an unknown option is named"
# A number followed by other characters is not a number (as kb show
# --width 40x is refused).
expect_status 2 kb report --top 3x
expect_contains "$err" "--top" "--top 3x"

exit 0
