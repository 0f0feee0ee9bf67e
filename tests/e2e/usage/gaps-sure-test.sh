#!/bin/sh
# A search with no sure hit is a content gap.  On the screen, a search
# logs how many of its hits were sure; kb report's content gaps count a
# search with only weaker hits ("not sure") beside one with none ("no
# results"), before those whose sure hits were shown but not used
# ("abandoned").  The count travels to the centre with kbsync ("sure" in
# the usage ref's lines): kb report --all-offices counts the office's gap
# too, takes an older office's line without "sure" as its hits all sure,
# and skips a line whose "sure" is not a part of its hits.
#
# It holds for any honest confidence: "river otters" is one word of
# three answers and nothing of the other; "heron nesting" is every word
# of one answer.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"
. "$(dirname "$0")/../sync/sync.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
WA_TAGS="birds" write_answer "$k" birds/heron-nesting "Heron nesting season" \
    "Grey herons build nests in tall trees along the river in early spring." \
    "Visitors should keep their distance while the herons are nesting."
WA_TAGS="fish" write_answer "$k" fish/river-fishing "River fishing permits" \
    "A permit is needed to fish in the river, sold at the harbour office."
WA_TAGS="boats" write_answer "$k" boats/boat-launch "Boat launch hours" \
    "The boat launch on the river opens at dawn and closes at dusk."
commit "$k" "answers"
db=$k/.git/kb/usage.db

sql() {
	sqlite3 -batch -noheader -nullvalue NULL "$1" "$2" ||
	    fail "sqlite3 could not run: $2"
}

expect_status 0 kb --kb "$k" search --all river otters
weaker=$(printf '%s\n' "$out" | sed '/^$/d' | wc -l | tr -d ' ')
[ "$weaker" -gt 0 ] || fail "river otters: --all found nothing related"
expect_eq "" "$(printf '%s\n' "$out" | grep -v "${TAB}weaker\$" || true)" \
    "river otters: no sure hit"

note "three searches on the screen, each ended with Ctrl-U, none used"
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text "river otters"
wait_for "Search: river otters" "No sure answer"
keys C-u
wait_for "Type what the customer says"
type_text "heron nesting"
wait_for "Search: heron nesting" "> Heron nesting season"
keys C-u
wait_for "Type what the customer says"
type_text "zzyzx"
wait_for "No answer found for this search."
keys C-u
wait_for "Type what the customer says"
keys C-c
expect_clean_exit

note "each search logged its hits and how many were sure"
expect_eq "river otters|$weaker|0
heron nesting|1|1
zzyzx|0|0" "$(sql "$db" "SELECT query, hits, sure FROM event WHERE kind = 'search' ORDER BY id")" \
    "query, hits, sure of each search"

note "kb report: the searches with no sure hit are the gaps, first"
expect_status 0 kb --kb "$k" report --format csv --section content_gaps
expect_eq "query,searches,no_results,not_sure,abandoned
river otters,1,0,1,0
zzyzx,1,1,0,0
heron nesting,1,0,0,1" \
    "$(printf '%s\n' "$out" | tr -d '\r')" \
    "content gaps: not sure, no results, abandoned"
expect_status 0 kb --kb "$k" report
expect_contains "$out" "query          searches  no results  not sure  abandoned
river otters          1           0         1          0
zzyzx                 1           1         0          0
heron nesting         1           0         0          1" "the text report"

note "at the centre: the office's gap arrives with its sure count"
make_centre
o=$tmp/office
make_office "$o" "$centre" --office North
expect_status 0 at 2026-11-25T10:00:00 kb --kb "$o" --agent Ann use dog-licence --channel phone
sql "$o/.git/kb/usage.db" "INSERT INTO event(uid, time, kind, agent, office, channel, query, hits, sure) VALUES
    ('n-s1', '2026-11-25T10:01:00Z', 'search', 'Ann', 'North', 'phone', 'river otters', 3, 0),
    ('n-s2', '2026-11-25T10:02:00Z', 'search', 'Ann', 'North', 'phone', 'dog licence', 4, 2)"
expect_status 0 kbsync --kb "$o"
lines=$(centre_events north)
expect_match "$lines" '"kind":"search",.*"query":"river otters","hits":3,"reason":null,"sure":0,"undoes":null,"closes":null\}$' \
    "the gap's line: sure 0, after reason"
expect_match "$lines" '"query":"dog licence","hits":4,"reason":null,"sure":2,"undoes":null,"closes":null\}$' \
    "a search with sure hits: sure 2"
expect_match "$lines" '"kind":"use",.*"hits":null,"reason":null,"sure":null,"undoes":null,"closes":null\}$' \
    "a use: sure null"

note "an older office's line has no sure; a line with more sure than hits is skipped"
day=2026-11-25.jsonl
{
	printf '%s\n' '{"uid":"s0000000000000000000000000000001","time":"2026-11-25T11:00:00Z","kind":"search","agent":"Old","office":"South","channel":"phone","answer":null,"version":null,"query":"river otters","hits":2,"reason":null}'
	printf '%s\n' '{"uid":"s0000000000000000000000000000002","time":"2026-11-25T11:01:00Z","kind":"search","agent":"Old","office":"South","channel":"phone","answer":null,"version":null,"query":"river otters","hits":2,"reason":null,"sure":3}'
	printf '%s\n' '{"uid":"s0000000000000000000000000000003","time":"2026-11-25T11:02:00Z","kind":"search","agent":"Old","office":"South","channel":"phone","answer":null,"version":null,"query":"river otters","hits":null,"reason":null,"sure":0}'
	printf '%s\n' '{"uid":"s0000000000000000000000000000004","time":"2026-11-25T11:03:00Z","kind":"search","agent":"Old","office":"South","channel":"phone","answer":null,"version":null,"query":"river otters","hits":2,"reason":null,"sure":"0"}'
} >"$tmp/south.jsonl"
blob=$(git -C "$centre" hash-object -w "$tmp/south.jsonl")
tree=$(printf '100644 blob %s\t%s\n' "$blob" "$day" | git -C "$centre" mktree)
git -C "$centre" update-ref refs/kb/usage/south \
    "$(git -C "$centre" commit-tree -m "usage: an older office" "$tree")"
expect_status 0 kb --kb "$centre" report --all-offices --format csv --section content_gaps
expect_contains "$out" "river otters,2,0,1,1" \
    "river otters: North's gap (not sure), South's old search (abandoned)"
expect_contains "$out" "dog licence,1,0,0,1" "dog licence: abandoned"
ref=refs/kb/usage/south:$day
expect_contains "$err" "$ref:2: warning: sure is given without hits, or is more than hits; line skipped" \
    "more sure than hits: skipped"
expect_contains "$err" "$ref:3: warning: sure is given without hits, or is more than hits; line skipped" \
    "sure without hits: skipped"
expect_contains "$err" "$ref:4: warning: sure is not a count; line skipped" \
    "sure as text: skipped"
expect_eq 3 "$(printf '%s\n' "$err" | grep -c warning)" "a warning for each bad line, no more"

exit 0
