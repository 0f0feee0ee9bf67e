#!/bin/sh
# The office's disk is full (a small tmpfs, filled up): that is not
# "offline" (exit 3, which the documented systemd unit takes for
# success) but its own error, exit 6, "the disk is full (<the office's
# git folder>): free space and try again".  Nothing half-done blocks the
# retry once space is freed:
#  - kb init --remote onto a full disk fails with that message, and the
#    same command works once there is space;
#  - a fetch that does not fit leaves main as it was (search goes on);
#  - a work tree that does not fit (main moved, the journal left) is
#    finished by the next kbsync.
# Mounting a tmpfs needs root: without it the test says so and passes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

disk=$tmp/disk
small_disk "$disk" 8m

# fill KB: fill the disk but for KB kilobytes (0: full).
fill() {
	rm -f "$disk/filler"
	_free=$(df -Pk "$disk" | awk 'NR == 2 { print $4 }')
	if [ "$1" = 0 ]; then
		dd if=/dev/zero of="$disk/filler" bs=4k 2>/dev/null || true
	else
		dd if=/dev/zero of="$disk/filler" bs=1k count=$((_free - $1)) \
		    2>/dev/null || fail "fill: dd"
	fi
}

unfill() {
	rm -f "$disk/filler"
}

# expect_full WHAT: kbsync said the disk is full, where, and what to do.
expect_full() {
	expect_match "$err" '^kbsync: the disk is full' "$1: the message"
	expect_contains "$err" "free space and try again" "$1: what to do"
	expect_contains "$err" "$o/" "$1: where"
	expect_not_contains "$err" "offline" "$1: not offline"
	expect_not_contains "$err" "kbsync: ;" "$1: no empty message"
}

make_centre
o=$disk/office

note "kb init --remote onto a full disk: a clear message, and the retry works"
fill 0
expect_status 1 kb --office North init --remote "$centre" --quiet "$o"
expect_contains "$err" "the disk is full" "kb init --remote: the message"
expect_not_contains "$err" "offline" "kb init --remote: not offline"
unfill
make_office "$o" "$centre" --office North
expect_contains "$out" "Created an office KB in $o" "the retry made the KB"
start=$(git -C "$o" rev-parse main)
cp "$o/.git/kb/last-sync" "$tmp/last-sync"

note "a fetch that does not fit: exit 6, main kept"
# About 1.2 MB that does not compress: the pack alone does not fit.
big() {
	mkdir -p attachments
	od -An -tx1 -N 400000 /dev/urandom >attachments/scan.txt
}
centre_change "A scanned form" big
new=$(centre_main)
fill 100
expect_status 6 kbsync --kb "$o"
expect_full "fetch"
expect_contains "$err" "the disk is full ($o/.git/)" "fetch: the folder"
expect_eq "$start" "$(git -C "$o" rev-parse main)" "main is kept"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is as it was"
cmp -s "$tmp/last-sync" "$o/.git/kb/last-sync" || fail "last-sync was rewritten"
expect_status 0 kb --kb "$o" search passport
expect_match "$out" "^passport-lost-stolen${TAB}" "search works on a full disk"
expect_status 6 kbsync --kb "$o" --quiet
expect_full "fetch, again"

note "space freed: the next kbsync catches up"
unfill
expect_status 0 kbsync --kb "$o"
expect_eq "$new" "$(git -C "$o" rev-parse main)" "main is the centre's"
[ -s "$o/attachments/scan.txt" ] || fail "the work tree follows"

note "a work tree that does not fit: exit 6, and the next kbsync finishes it"
# 2 MB of one line again and again: a small pack, a big file.
zeros() {
	yes "The same line of a long form, again and again." |
	    head -c 2000000 >attachments/long-form.txt
}
centre_change "A long form" zeros
newer=$(centre_main)
fill 300
expect_status 6 kbsync --kb "$o"
expect_full "work tree"
expect_contains "$err" "the next kbsync finishes the work tree" "work tree: what comes next"
expect_status 0 kb --kb "$o" search passport
expect_match "$out" "^passport-lost-stolen${TAB}" "search works"
unfill
expect_status 0 kbsync --kb "$o"
expect_eq "$newer" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is finished"
cmp -s "$o/attachments/long-form.txt" "$edit/attachments/long-form.txt" ||
    fail "the long form is whole"
[ ! -e "$o/.git/kb/sync-worktree" ] || fail "the journal is still there"

exit 0
