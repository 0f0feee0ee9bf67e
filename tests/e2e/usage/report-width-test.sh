#!/bin/sh
# kb report --width 80 lays text out for 80 columns (kb(1), Report
# formats), as it does a terminal of 80 columns:
# with long titles, queries, agent and office names, each table's
# widest text column is cut to fit and the cut values end in "~"; CSV
# keeps the whole text.  Long flag reasons that cannot be cut enough
# leave the flagged section's lines longer, as kb(1) says; every other
# section still fits.  Without --width, to a pipe, nothing is cut.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to add searches to usage.db (apt-get install sqlite3)"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
long_title="Renew a passport by mail, in person or online: forms DS-82 and DS-11"
long_id=replace-a-passport-that-was-lost-stolen-or-damaged-while-abroad
WA_RELATED=lost-passport write_answer "$k" travel/passport-renew "$long_title" \
    "Use form DS-82 to renew by mail."
WA_RELATED=passport-renew write_answer "$k" travel/lost-passport "Report a lost passport" \
    "Fill in form DS-64."
WA_RELATED=lost-passport write_answer "$k" travel/$long_id \
    "Replace a passport that was lost, stolen or damaged while you were abroad" \
    "Contact the nearest embassy or consulate."
commit "$k" answers
export KB_DIR="$k"
export KB_NOW=2026-03-10
db=$k/.git/kb/usage.db

agent="Maria-José Fernández-Castillo"
office="Downtown Customer Service Centre"
long_query="how do i renew my passport when i live abroad and it expired last year already"
kb use passport-renew --channel phone --agent "$agent" --office "$office" --query "$long_query"
kb use passport-renew --channel walk-in --agent "$agent" --office "$office"
kb use lost-passport --channel email --agent bob --office North
kb flag passport-renew --reason outdated --agent "$agent" --office "$office"
kb flag lost-passport --reason unclear --agent bob --office North
sqlite3 -batch "$db" "INSERT INTO event(uid, time, kind, agent, office, channel, query, hits)
    VALUES('w-s1', '2026-03-09T10:00:00Z', 'search', 'bob', 'North', 'phone', '$long_query', 0)" ||
    fail "test setup: sqlite3 could not add a search"

# The lines of a text report wider than 80 columns (characters, not
# bytes: UTF-8 continuation bytes are not counted).
too_wide() {
	printf '%s\n' "$1" | LC_ALL=C tr -d '\200-\277' |
	    LC_ALL=C awk 'length($0) > 80 { printf "%d columns: %s\n", length($0), $0 }'
}

note "long titles, ids, queries and names: every line fits in 80 columns"
expect_status 0 kb report
expect_contains "$out" "$long_title" "to a pipe, nothing is cut"
expect_contains "$out" "$long_query" "to a pipe, the query is whole"
expect_status 0 kb report --width 80
report=$out
for title in "Top answers" "Top answers by channel" "Use of each answer by channel" \
    "Content gaps: searches with no answer used" "Answers past or within 30 days of review" \
    "Answers never used in the period" "Flagged answers" "Agents" "Offices"; do
	printf '%s\n' "$report" | grep -qx "$title" || fail "no section '$title' in: $report"
done
expect_eq "" "$(too_wide "$report")" "kb report: lines wider than 80 columns"
expect_match "$report" '^passport-renew +Renew a passport by mail, in person.*~ +2$' \
    "a long title is cut and ends in ~"
expect_match "$report" "^$long_id +Replace a p.*~\$" \
    "never used: a long id, the long title cut"
expect_match "$report" "^how do i renew my passport.*~ +1 +1 +0 +0\$" "a long query is cut and ends in ~"
expect_contains "$report" "Maria-José Fernández-Castillo" "the agent column keeps the name (office is cut)"
# csv_all: every section's CSV rows, each led by its section's name.
csv_all() {
	rm -rf "$tmp/csv"
	expect_status 0 kb report --format csv --output "$tmp/csv"
	out=$(for f in "$tmp/csv"/*.csv; do
		s=$(basename "$f" .csv)
		tr -d '\r' <"$f" | sed "s/^/$s,/"
	done)
}
csv_all
expect_contains "$out" "\"$long_title\"" "CSV keeps the whole title"
expect_contains "$out" "$long_query" "CSV keeps the whole query"
expect_contains "$out" "$office" "CSV keeps the whole office"
expect_contains "$out" "never_used,$long_id,\"Replace a passport that was lost, stolen or damaged while you were abroad\"" \
    "CSV keeps the whole id and title"

note "long flag reasons: cut to fit like every other column; CSV keeps them whole"
reason="The fee went up to 70 dollars in January and the form number changed too"
kb flag passport-renew --reason "$reason" --agent bob --office North
expect_status 0 kb report --width 80
report=$out
expect_eq "" "$(too_wide "$report")" "kb report with long reasons: lines wider than 80 columns"
expect_match "$report" "^passport-renew +.* 2 +0 +0 +outdated; The f.*~\$" \
    "the flagged answer's reasons, joined and cut"
csv_all
expect_contains "$out" "outdated; $reason" "CSV keeps the reasons whole"
