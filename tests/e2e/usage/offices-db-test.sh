#!/bin/sh
# offices.db is derived from the usage refs, so kb report --all-offices
# makes it again by itself: overwritten with garbage, truncated, with a
# page only the report's queries read overwritten, or of an older kb's
# schema (keyed by uid alone), the report is the same as with
# a sound file, exits 0, and says once (one warning naming the file) that
# a damaged file was made again.  One that cannot be opened (a directory
# in its place) is left alone, and the error told is that one, not the
# cleanup's ("DETACH DATABASE offices").  The refs are written with plain
# git.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed (apt-get install sqlite3)"

k=$tmp/centre
sample_kb "$k"
export KB_DIR="$k"
odb=$k/.git/kb/offices.db

# usage_ref OFFICE N: refs/kb/usage/OFFICE with N use events of dog-licence.
usage_ref() {
	_i=1
	while [ $_i -le "$2" ]; do
		printf '{"uid":"%s%028d","time":"2026-11-25T10:00:00Z","kind":"use","agent":"Ann","office":null,"channel":"phone","answer":"dog-licence","version":null,"query":"query number %d, long enough to fill a few pages","hits":null,"reason":null}\n' \
		    "$(printf '%s' "$1" | cut -c1-4)" $_i $_i
		_i=$((_i + 1))
	done >"$tmp/day.jsonl"
	_b=$(git -C "$k" hash-object -w "$tmp/day.jsonl")
	_t=$(printf '100644 blob %s\t2026-11-25.jsonl\n' "$_b" | git -C "$k" mktree)
	_c=$(git -C "$k" commit-tree -m "usage" "$_t")
	git -C "$k" update-ref "refs/kb/usage/$1" "$_c"
}

usage_ref north 300
usage_ref south 200
want='"offices":[
  {"office":"north","uses":300,"searches":0,"flags":0,"not_satisfied":0},
  {"office":"south","uses":200,"searches":0,"flags":0,"not_satisfied":0}],'

# The offices section, up to the next (learned).
offices() {
	printf '%s\n' "$out" | sed -n '/^"offices":\[/,/^"learned":/p' | sed '$d'
}

note "a sound offices.db"
expect_status 0 kb report --all-offices --format json
expect_eq "$want" "$(offices)" "the offices, read from the refs"
expect_eq "" "$err" "nothing on stderr"
[ -s "$odb" ] || fail "no offices.db was made"
cp "$odb" "$tmp/sound.db"

remade() {
	expect_status 0 kb report --all-offices --format json
	expect_eq "$want" "$(offices)" "$1: the same offices"
	expect_eq 1 "$(printf '%s\n' "$err" | grep -c .)" "$1: one line on stderr"
	expect_match "$err" "^$odb:[0-9]+: warning: damaged \\(.*\\); removed and made again from the usage refs\$" \
	    "$1: the warning names the file"
	expect_status 0 kb report --all-offices --format json
	expect_eq "$want" "$(offices)" "$1: the report after"
	expect_eq "" "$err" "$1: nothing said the next time"
}

note "offices.db overwritten with garbage"
i=0
while [ $i -lt 500 ]; do
	printf 'this is not a database %d\n' $i
	i=$((i + 1))
done >"$odb"
remade "garbage"

note "offices.db truncated"
head -c 20000 "$tmp/sound.db" >"$odb"
remade "truncated"

note "offices.db with a page only the report reads overwritten"
cp "$tmp/sound.db" "$odb"
# The last page of the events' own rows (SQLite's dbstat): the report
# reads every one, the import none (its refs are read already).
page=$(sqlite3 "$odb" "SELECT max(pageno) FROM dbstat WHERE name = 'event' AND pagetype = 'leaf'")
[ "${page:-0}" -gt 2 ] || fail "offices.db has no page of events"
head -c 4096 /dev/zero | tr '\000' '\377' |
    dd of="$odb" bs=4096 seek=$((page - 1)) count=1 conv=notrunc 2>/dev/null ||
    fail "dd could not write into offices.db"
remade "a damaged page"

note "offices.db of an older kb (uid alone the key) is made again"
rm -f "$odb"
sqlite3 "$odb" "CREATE TABLE event(uid TEXT PRIMARY KEY, time TEXT NOT NULL,
    kind TEXT NOT NULL, agent TEXT NOT NULL, office TEXT, channel TEXT,
    answer TEXT, version TEXT, query TEXT, hits INTEGER, reason TEXT,
    ref TEXT NOT NULL);
    CREATE TABLE source(ref TEXT PRIMARY KEY, tip TEXT NOT NULL);
    INSERT INTO source VALUES('refs/kb/usage/north', '$(git -C "$k" rev-parse refs/kb/usage/north)');
    INSERT INTO source VALUES('refs/kb/usage/south', '$(git -C "$k" rev-parse refs/kb/usage/south)');
    INSERT INTO event VALUES('ghost', '2026-11-25T10:00:00Z', 'use', 'Ghost',
    'north', 'phone', 'dog-licence', NULL, NULL, NULL, NULL, 'refs/kb/usage/north');" ||
    fail "sqlite3 could not write the old offices.db"
expect_status 0 kb report --all-offices --format json
expect_eq "$want" "$(offices)" "the old file's rows are gone, the refs read again"
expect_not_contains "$out" "Ghost" "no row of the old file"
[ "$(sqlite3 "$odb" 'PRAGMA user_version')" -ge 6 ] ||
    fail "the file is not of the new schema: $(sqlite3 "$odb" 'PRAGMA user_version')"

note "an offices.db that cannot be opened is not removed, and the error says why"
rm -f "$odb" "$odb-wal" "$odb-shm"
mkdir "$odb"
expect_status 1 kb report --all-offices --format json
expect_contains "$err" "$odb" "the error names offices.db"
expect_not_contains "$err" "DETACH" "the first error, not the cleanup's"
[ -d "$odb" ] || fail "the directory in offices.db's place was removed"

exit 0
