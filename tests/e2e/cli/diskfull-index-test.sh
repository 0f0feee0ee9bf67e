#!/bin/sh
# A full disk and damaged derived files (kb(1), DIAGNOSTICS and FILES):
# with the disk full, kb search serves the index it has, with a warning
# that says the disk is full (not "ROLLBACK: cannot rollback"); kb index
# fails with that message and leaves the old index usable; once there is
# space again everything catches up.  An index.db.new left by a killed
# build is removed by the next update, and a damaged index.db (garbage,
# truncated) is built again with a one-line note.
# Runs as root: the full disk is a small tmpfs, unmounted on exit.
. "$(dirname "$0")/../lib.sh"

m=$tmp/disk
small_disk "$m" 3m

k=$m/kb
sample_kb "$k"
export KB_DIR="$k"
state=$k/.git/kb
expect_status 0 kb search --limit 3 passport renew
want=$out
[ -n "$want" ] || fail "test setup: no hits before the disk is full"

# fill: take every free block of the tmpfs; unfill gives them back.
fill() { dd if=/dev/zero of="$m/fill" bs=4096 2>/dev/null || true; }
unfill() { rm -f "$m/fill"; }

write_answer "$k" zoo/walrus "Feeding the walrus" "The walrus eats fish twice a day."
commit "$k" "Walrus"
fill

note "disk full: kb search serves the index it has, and says why"
expect_status 0 kb search --limit 3 passport renew
expect_eq "$want" "$out" "the same hits from the index there is"
expect_contains "$err" "kb: warning: the disk is full ($state/" "the warning says the disk is full"
expect_contains "$err" "free space; kb searches the index it has meanwhile" "and what to do"
expect_not_contains "$err" "ROLLBACK" "the first error is the one shown"
expect_status 0 kb search walrus
expect_eq "" "$out" "the new answer waits for space"

note "disk full: kb index fails clearly, the old index stays usable"
expect_status 1 kb index
expect_contains "$err" "the disk is full" "kb index on a full disk"
expect_not_contains "$err" "ROLLBACK" "kb index keeps the first error"
expect_status 1 kb index --rebuild
expect_contains "$err" "the disk is full" "kb index --rebuild on a full disk"
[ ! -e "$state/index.db.new" ] || fail "a failed rebuild leaves index.db.new"
expect_status 0 kb search --limit 3 passport renew
expect_eq "$want" "$out" "the index after failed updates"

note "with space again, the index catches up by itself"
unfill
expect_status 0 kb search walrus
expect_eq walrus "$(ids_of "$out")" "search after space is freed"
expect_no_diag "search after space is freed"

note "an index.db.new left by a killed build goes with the next update"
head -c 200000 /dev/urandom >"$state/index.db.new"
write_answer "$k" zoo/penguin "Feeding the penguin" "The penguin eats fish too."
commit "$k" "Penguin"
expect_status 0 kb index
expect_match "$out" '^indexed [0-9a-f]{7}: 1 added' "the update itself"
[ ! -e "$state/index.db.new" ] || fail "index.db.new is still there after kb index"

note "an index.db of garbage is built again, with a one-line note"
expect_status 0 kb search --limit 3 passport renew
want=$out
head -c 300000 /dev/urandom >"$state/index.db"
expect_status 0 kb search --limit 3 passport renew
expect_eq "$want" "$out" "search over a garbage index.db"
expect_eq 1 "$(printf '%s\n' "$err" | grep -c .)" "one line on stderr"
expect_match "$err" "^kb: warning: the index $state/index.db was damaged \(.*\): built it again" \
    "the note on a garbage index.db"

note "a truncated index.db is built again, with a one-line note"
size=$(wc -c <"$state/index.db")
truncate -s $((size / 3)) "$state/index.db"
expect_status 0 kb search --limit 3 passport renew
expect_eq "$want" "$out" "search over a truncated index.db"
expect_eq 1 "$(printf '%s\n' "$err" | grep -c .)" "one line on stderr"
expect_match "$err" "^kb: warning: the index $state/index.db was damaged" \
    "the note on a truncated index.db"
expect_status 0 kb search --limit 3 passport renew
expect_no_diag "the search after the rebuild"

exit 0
