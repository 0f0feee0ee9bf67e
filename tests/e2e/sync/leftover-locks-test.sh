#!/bin/sh
# What a kbsync killed with SIGKILL leaves behind when the kill lands
# while git's lock files are held: refs/heads/main.lock (main being
# moved), .git/index.lock (the work tree being updated), the usage ref's
# lock, the tracking refs' locks.  The moments are too short to hit
# reliably with kill (killed-test.sh tries), so each leftover is made by
# hand here, in an office of its own with an update and an event
# pending.  The next kbsync must sync (exit 0); at the least, once the
# file is removed by hand, one must; and the office must end in step:
# main the centre's, a clean work tree, the event sent once.  Every case
# is tried; the failures are listed at the end.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
url=$centre

n=0

# leftover LOCKFILE (relative to the office's .git): left behind an
# hour ago by a killed process.  kbsync takes a lock file older than ten
# minutes as left over (kbsync(1)), so the next sync must simply work.
leftover() {
	n=$((n + 1))
	_o=$tmp/office-$n
	_what=$1
	make_office "$_o" "$url" --office "Lock $n"
	# A first sync with an event: every ref kbsync writes exists.
	expect_status 0 kb --kb "$_o" --agent Ann use dog-licence --channel email
	expect_status 0 kbsync --kb "$_o" --quiet
	centre_change "For $_what" write_answer . "locks/lock-$n" "Lock case $n" \
	    "Padlock case number $n."
	expect_status 0 kb --kb "$_o" --agent Ann use lost-pet --channel phone
	mkdir -p "$(dirname "$_o/.git/$_what")"
	: >"$_o/.git/$_what"
	touch -d "@$(( $(date +%s) - 3600 ))" "$_o/.git/$_what"
	expect_status 0 kbsync --kb "$_o"
	[ ! -e "$_o/.git/$_what" ] || fail "$_what: the old lock file is still there"
	expect_eq "$(centre_main)" "$(git -C "$_o" rev-parse main)" "$_what: main is the centre's"
	expect_eq "" "$(git -C "$_o" status --porcelain)" "$_what: clean work tree"
	expect_status 0 kb --kb "$_o" search padlock
	expect_match "$out" "^lock-$n${TAB}Lock case $n\$" "$_what: the new answer is searchable"
	expect_events_once "lock-$n" 2 "$_what"
}

for lock in refs/heads/main.lock index.lock refs/kb/usage/lock-3.lock \
    refs/remotes/origin/main.lock refs/kb/central/usage/lock-5.lock; do
	note "$lock left behind an hour ago"
	leftover "$lock"
done

note "a lock just taken (kb approve, git) is left alone: a clear failure"
o=$tmp/office-fresh
make_office "$o" "$url" --office "Fresh"
centre_change "Fresh" write_answer . "locks/fresh" "Fresh lock" "Padlock fresh."
: >"$o/.git/refs/heads/main.lock"
rc=0
kbsync --kb "$o" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -ne 0 ] || fail "kbsync went ahead under a fresh main.lock"
expect_contains "$(cat "$tmp/err")" "main.lock" "the message names the lock"
[ -e "$o/.git/refs/heads/main.lock" ] || fail "a fresh lock was removed"
expect_eq "" "$(git -C "$o" status --porcelain)" "a fresh lock: clean work tree"
rm -f "$o/.git/refs/heads/main.lock"
expect_status 0 kbsync --kb "$o" --quiet
expect_eq "$(centre_main)" "$(git -C "$o" rev-parse main)" "after the lock went: main is the centre's"

exit 0
