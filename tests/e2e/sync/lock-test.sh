#!/bin/sh
# One kbsync at a time per office (flock on .git/kb/sync.lock):
# --no-wait exits 5 at once while the lock is held; without it kbsync
# says it waits (not with --quiet) and finishes once the holder lets go,
# also when the holder is a kbsync killed with SIGKILL.  Two kbsync
# started together both exit 0 and the events reach the centre once.
# A kbsync is made to hold the lock by talking to a git daemon stopped
# with SIGSTOP: it waits for the centre's answer with the lock held.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"
command -v flock >/dev/null 2>&1 || fail "flock (util-linux) is needed"

make_centre
daemon_start
url=$daemon_url
o=$tmp/office
make_office "$o" "$url" --office Dock
lock=$o/.git/kb/sync.lock
expect_status 0 kbsync --kb "$o" --quiet
WAITING='^kbsync: waiting for another kbsync \(pid [0-9]+\) to finish$'

# Wait (bounded) until the lock is held by someone.
wait_locked() {
	_i=0
	while flock -n "$lock" true; do
		_i=$((_i + 1))
		[ $_i -lt 400 ] || fail "nobody took $lock"
		sleep 0.025
	done
}

# Wait (bounded) until kbsync $1 holds the lock (its pid in the file).
wait_holder() {
	wait_locked
	_i=0
	while :; do
		_h=""
		{ read -r _h <"$lock"; } 2>/dev/null || true
		[ "$_h" != "$1" ] || return 0
		_i=$((_i + 1))
		[ $_i -lt 400 ] || fail "kbsync $1 did not take $lock (it says: $_h)"
		sleep 0.025
	done
}

# Wait (bounded) until file $1 has a line matching $2.
wait_line() {
	_i=0
	while ! grep -Eq -- "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 400 ] || fail "no line /$2/ in $1: $(cat "$1")"
		sleep 0.025
	done
}

# Wait for background kbsync $1 (its output in $tmp/$2.out, .err).
wait_sync() {
	_rc=0
	wait "$1" || _rc=$?
	out=$(cat "$tmp/$2.out")
	err=$(cat "$tmp/$2.err")
}

note "the lock held by flock(1): --no-wait exits 5 at once"
flock "$lock" sleep 60 &
holder=$!
bg_track $holder
wait_locked
expect_status 5 kbsync --kb "$o" --no-wait
expect_eq "" "$out" "busy: nothing on stdout"
expect_match "$err" '^kbsync: another kbsync is running \(pid [0-9]+\)' "busy: the message"
expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "busy: one line"
expect_status 5 kbsync --kb "$o" --no-wait --quiet
expect_match "$err" '^kbsync: another kbsync is running' "busy with --quiet: the message still"

note "without --no-wait it waits, and finishes when the holder lets go"
expect_status 0 kb --kb "$o" --agent Ann use lost-pet --channel phone
expect_status 0 kb --kb "$o" --agent Ann use lost-pet --channel phone
"$KBSYNC_BIN" --kb "$o" >"$tmp/w.out" 2>"$tmp/w.err" &
waiter=$!
bg_track $waiter
wait_line "$tmp/w.err" "$WAITING"
running $waiter || fail "the waiting kbsync ended while the lock was held"
expect_events_once dock 0 "nothing sent while waiting"
sleeper=$(ps -o pid= --ppid $holder | tr -d ' ')
[ -n "$sleeper" ] || fail "test setup: no sleep under flock(1)"
kill "$sleeper"
wait $holder || true
wait_sync $waiter w
[ $_rc -eq 0 ] || fail "the waiting kbsync exited $_rc: $err"
expect_eq "$(want_report "$url" dock "0 0 0" "" "0 0" 2)" "$out" "the waiter's report"
expect_match "$err" "$WAITING" "the waiter said it waited"
expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "the waiter: one line on stderr"
expect_events_once dock 2 "after the wait"

note "a kbsync holding the lock (the centre stopped mid-answer)"
expect_status 0 kb --kb "$o" --agent Ann use dog-licence --channel email
dpid=$(cat "$daemon_pidfile")
group_kill STOP "$dpid"
"$KBSYNC_BIN" --kb "$o" >"$tmp/a.out" 2>"$tmp/a.err" &
a=$!
bg_track $a
wait_holder $a
expect_status 5 kbsync --kb "$o" --no-wait
expect_eq "kbsync: another kbsync is running (pid $a); try again later" "$err" \
    "--no-wait names the kbsync holding the lock"
"$KBSYNC_BIN" --kb "$o" >"$tmp/b.out" 2>"$tmp/b.err" &
b=$!
bg_track $b
wait_line "$tmp/b.err" "$WAITING"
expect_eq "kbsync: waiting for another kbsync (pid $a) to finish" "$(cat "$tmp/b.err")" \
    "the waiting one names the holder"
"$KBSYNC_BIN" --kb "$o" --quiet >"$tmp/q.out" 2>"$tmp/q.err" &
q=$!
bg_track $q
group_kill CONT "$dpid"
wait_sync $a a
[ $_rc -eq 0 ] || fail "the holder exited $_rc: $err"
expect_eq "$(want_report "$url" dock "0 0 0" "" "0 0" 1)" "$out" "the holder sent the event"
wait_sync $b b
[ $_rc -eq 0 ] || fail "the waiter exited $_rc: $err"
expect_eq "$(want_report "$url" dock "0 0 0" "" "0 0" 0)" "$out" "the waiter: nothing left"
wait_sync $q q
[ $_rc -eq 0 ] || fail "the --quiet waiter exited $_rc: $err"
expect_eq "" "$out" "--quiet waiter: no report"
expect_eq "" "$err" "--quiet waiter: no waiting message"
expect_events_once dock 3 "after the holder and two waiters"

note "the holder killed with SIGKILL: the waiter goes on"
expect_status 0 kb --kb "$o" --agent Bob use dog-licence --channel walk-in
group_kill STOP "$dpid"
"$KBSYNC_BIN" --kb "$o" >"$tmp/k.out" 2>"$tmp/k.err" &
k=$!
bg_track $k
wait_holder $k
"$KBSYNC_BIN" --kb "$o" >"$tmp/c.out" 2>"$tmp/c.err" &
c=$!
bg_track $c
wait_line "$tmp/c.err" "$WAITING"
kill -9 $k
wait_sync $k k
expect_eq 137 "$_rc" "the holder was killed"
group_kill CONT "$dpid"
wait_sync $c c
[ $_rc -eq 0 ] || fail "the waiter after the killed holder exited $_rc: $err"
expect_eq "$(want_report "$url" dock "0 0 0" "" "0 0" 1)" "$out" "the waiter sent the event"
expect_events_once dock 4 "after the killed holder"

note "two kbsync at once: both exit 0, every event once"
for i in 1 2 3 4 5; do
	expect_status 0 kb --kb "$o" --agent Cy use lost-pet --channel phone --query "q$i"
done
"$KBSYNC_BIN" --kb "$o" >"$tmp/x.out" 2>"$tmp/x.err" &
x=$!
"$KBSYNC_BIN" --kb "$o" >"$tmp/y.out" 2>"$tmp/y.err" &
y=$!
bg_track "$x $y"
wait_sync $x x
[ $_rc -eq 0 ] || fail "the first of two exited $_rc: $err"
xout=$out
wait_sync $y y
[ $_rc -eq 0 ] || fail "the second of two exited $_rc: $err"
both=$(printf '%s\n%s\n' "$xout" "$out" | grep '^usage' | sort)
expect_eq "usage      0 events sent
usage      5 events sent" "$both" "one sent the 5 events, the other none"
expect_events_once dock 9 "after two at once"

exit 0
