#!/bin/sh
# A hostile usage log never reaches the terminal raw (kb(1), TEXT SAFETY):
# agents, offices, queries, reasons and answer ids with ESC, C1 controls
# (as UTF-8 and as raw bytes), invalid UTF-8 and U+202E, from kb use and
# kb flag and written straight into usage.db; and at the centre, an
# office's usage ref named with U+009B holding day files named with ESC
# and lines that are not events.  kb report as text, CSV and JSON (valid
# JSON, valid UTF-8), with and without --all-offices.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/escapes.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to fill usage.db (apt-get install sqlite3)"

k=$tmp/kb
make_kb "$k" <<'EOF_KB'
=== answers/zoo/walrus-feeding.md
---
title: Walrus feeding times
tags: zoo
---
The walruses are fed at noon.
EOF_KB
export KB_DIR="$k"
export KB_NOW=2026-11-30

note "kb use and kb flag with hostile names, queries and reasons"
sweep "kb use" kb --agent "Eve $HOSTILE" --office "North $HOSTILE" use \
    walrus-feeding --channel phone --query "walrus $HOSTILE"
sweep "kb flag" kb --agent "Eve $HOSTILE" flag walrus-feeding \
    --reason "wrong $HOSTILE"
# The log is the agents' own: kb use may have refused those.  Whatever a
# script or a damaged file put there is in it anyway.
sweep "kb use (plain)" kb --agent ann use walrus-feeding --channel phone
db=$k/.git/kb/usage.db
[ -f "$db" ] || fail "kb use made no $db"
# X'..': bytes as they are, invalid UTF-8 included (ESC, U+009B, 0x9B,
# 0xFF, U+202E, BEL).
h="CAST(X'1b5b33316dc29b324a9b316dffe280ae07' AS TEXT)"
sqlite3 -batch "$db" "INSERT INTO event(uid, time, kind, agent, office,
    channel, answer, query, hits, reason) VALUES
    ('x-1', '2026-11-20T10:00:00Z', 'use', 'eve' || $h, 'north' || $h,
     'phone', 'walrus-feeding', 'walrus' || $h, NULL, NULL),
    ('x-2', '2026-11-20T10:01:00Z', 'search', 'eve' || $h, 'north' || $h,
     'phone', NULL, 'seal' || $h, 0, NULL),
    ('x-3', '2026-11-20T10:02:00Z', 'search', 'bob' || $h, NULL,
     'email', NULL, 'seal' || $h, 0, NULL),
    ('x-4', '2026-11-20T10:03:00Z', 'flag', 'eve' || $h, 'north',
     'phone', 'walrus-feeding', NULL, NULL, 'wrong' || $h),
    ('x-5', '2026-11-20T10:04:00Z', 'use', 'eve', 'north', 'phone',
     'gone' || $h, NULL, NULL, NULL);" ||
    fail "sqlite3 could not fill $db"

note "an office's usage ref made with plain git: hostile names and lines"
line='{"uid":"o-1","time":"2026-11-21T09:00:00Z","kind":"use","agent":"Ann \u001b[31m\u009b","office":"north","channel":"phone","answer":"walrus-feeding","version":null,"query":"walrus \u202e","hits":null,"reason":null}'
good=$(printf '%s\n%s\n' "$line" "not json ${HOSTILE}" |
    git -C "$k" hash-object -w --stdin)
odd=$(printf 'not json either\n' | git -C "$k" hash-object -w --stdin)
tree=$(printf '100644 blob %s\t%s\000100644 blob %s\t%s\000' \
    "$good" "2026-11-21.jsonl" "$odd" "2026${ESC}[2J${C1}${BAD}.jsonl" |
    git -C "$k" mktree -z) || fail "git mktree"
commit=$(git -C "$k" commit-tree "$tree" -m "usage") || fail "git commit-tree"
git -C "$k" update-ref refs/kb/usage/north "$commit" || fail "git update-ref"
# The same under a hostile office name (kb may refuse to read it).
git -C "$k" update-ref "refs/kb/usage/north${C1}${C1RAW}" "$commit" ||
    fail "git update-ref"

for all in "" --all-offices; do
	for format in text csv json; do
		section=$([ "$format" = csv ] && echo "--section top_answers" || true)
		CRLF=$([ "$format" = csv ] && echo 1 || true) \
		    sweep "kb report --format $format $all" kb report \
		    --since 2026-11-01 --format "$format" $section $all
		if [ "$format" = json ]; then
			json_valid "$(cat "$tmp/sweep.out")" ||
			    fail "kb report --format json $all: not JSON: $(cat -A "$tmp/sweep.out" | head)"
		fi
		expect_contains "$(cat "$tmp/sweep.out")" "walrus-feeding" \
		    "kb report --format $format $all: the answer used"
	done
	sweep "kb report --channel phone $all" kb report --channel phone $all
done
sweep "kb report --all-offices (again: nothing new)" kb report --all-offices
rm -f "$k/.git/kb/offices.db"
sweep "kb report --all-offices (read again)" kb report --all-offices
err=$(cat "$tmp/sweep.err")
expect_contains "$err" "2026${FFFD}[2J${FFFD}${FFFD}.jsonl" \
    "the hostile day file is named, recognisable"
expect_contains "$err" "refs/kb/usage/north:2026-11-21.jsonl:2:" \
    "the line that is not an event is named with its ref"
expect_contains "$err" "refs/kb/usage/north${FFFD}${FFFD}:" \
    "the hostile ref is named, recognisable"

note "options quoting what the user typed"
sweep "kb report --since (hostile)" kb report --since "$HOSTILE"
sweep "kb report --format (hostile)" kb report --format "$HOSTILE"

exit 0
