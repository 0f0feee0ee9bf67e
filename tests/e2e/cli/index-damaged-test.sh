#!/bin/sh
# An index.db whose SQLite header is intact but whose pages are damaged
# (a torn write, a bad disk block).  kb(1): the index "is derived from the
# branch, is safe to delete, and is rebuilt automatically when needed";
# kb index --rebuild "discards the index and builds it again".
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
sample_kb "$k"
export KB_DIR="$k"
db=$k/.git/kb/index.db
expect_status 0 kb index --rebuild --quiet
expect_status 0 kb search --limit 1 passport renew
want=$out
expect_eq passport-renew-mail "$(ids_of "$want")" "search before the damage"
cp "$db" "$tmp/good.db"

# Zero the middle half of the file, leaving the header page alone.
damage() {
	cp "$tmp/good.db" "$db"
	pages=$(( $(wc -c <"$db") / 4096 ))
	[ "$pages" -ge 8 ] || fail "test setup: index.db has only $pages pages"
	dd if=/dev/zero of="$db" bs=4096 seek=$((pages / 4)) count=$((pages / 2)) \
	    conv=notrunc 2>/dev/null
}

note "kb index --rebuild replaces a damaged index"
damage
expect_status 0 kb index --rebuild
expect_match "$out" '^indexed [0-9a-f]{7}: 82 added' "--rebuild of a damaged index"
expect_status 0 kb search --limit 1 passport renew
expect_eq "$want" "$out" "search after --rebuild of a damaged index"

note "the next search rebuilds a damaged index by itself"
damage
expect_status 0 kb search --limit 1 passport renew
expect_eq "$want" "$out" "search with a damaged index.db"

note "kb show and kb index cope with a damaged index"
damage
expect_status 0 kb show passport-renew-mail
expect_contains "$out" "Renew a U.S. passport by mail" "show with a damaged index.db"
damage
expect_status 0 kb index

exit 0
