#!/bin/sh
# Quiet when all is well: kbsync --quiet from cron every 15 minutes
# prints nothing for an ordinary offline run (exit 3 still says so)
# until the office has been out of step (no complete sync) for longer
# than kb.syncWarnHours (24 by default); then one line a run on stderr,
# saying for how long and what to check, so that cron's mail is the
# alarm.  Without --quiet the offline line is printed as before.  A
# complete sync ends it.  The clock is KB_NOW: nothing sleeps.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office West --station counter
want_station=counter
T0=2026-11-25T10:00:00
expect_status 0 at $T0 kbsync --kb "$o" --quiet
expect_eq "" "$out$err" "a sync that worked: nothing said"
expect_status 0 at $T0 kb --kb "$o" --agent Ann use lost-pet --channel phone
mv "$centre" "$tmp/away.git"

# quiet_at TIME: kbsync --quiet at TIME, offline: exit 3, nothing on
# stdout, what it says on stderr in $err.
quiet_at() {
	expect_status 3 at "$1" kbsync --kb "$o" --quiet
	expect_eq "" "$out" "offline --quiet at $1: nothing on stdout"
}

note "offline, every 15 minutes for a day: nothing said"
for t in 10:15:00 10:30:00 14:00:00 23:45:00; do
	quiet_at 2026-11-25T$t
	expect_eq "" "$err" "offline --quiet at $t, synced that morning: nothing said"
done
quiet_at 2026-11-26T10:00:00
expect_eq "" "$err" "exactly 24 hours: not yet longer than kb.syncWarnHours"
expect_status 3 at 2026-11-25T10:15:00 kbsync --kb "$o"
expect_match "$err" '^kbsync: offline: cannot reach ' "without --quiet: the offline line, as before"
expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "without --quiet: one line"

note "out of step for longer than kb.syncWarnHours: one line a run"
quiet_at 2026-11-26T10:15:00
expect_eq "kbsync: offline: out of step with the centre for 24 hours (last sync 2026-11-25 10:00 UTC; kb.syncWarnHours is 24): cannot reach $url: no such directory; check this machine's network, and that the centre is up" \
    "$err" "the alarm: how long, since when, the reason, what to check"
quiet_at 2026-11-26T10:30:00
expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "the next run: the line again, once"
quiet_at 2026-11-28T12:00:00
expect_match "$err" '^kbsync: offline: out of step with the centre for 3 days \(last sync 2026-11-25 10:00 UTC; ' \
    "days, after two of them"
expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "still one line"

note "kb.syncWarnHours sets when"
git -C "$o" config kb.syncWarnHours 100
quiet_at 2026-11-28T12:00:00
expect_eq "" "$err" "100 hours: nothing said after 2 days"
quiet_at 2026-11-29T14:01:00
expect_match "$err" '^kbsync: offline: out of step with the centre for 4 days .*kb\.syncWarnHours is 100\)' \
    "100 hours: said after 100 hours and a minute"
git -C "$o" config kb.syncWarnHours 1
quiet_at 2026-11-25T11:01:00
expect_match "$err" '^kbsync: offline: out of step with the centre for 1 hour ' "1 hour: one hour"
git -C "$o" config --unset kb.syncWarnHours

note "a KB never synced (no last-sync): said at once"
mv "$o/.git/kb/last-sync" "$tmp/last-sync"
quiet_at 2026-11-25T10:15:00
expect_match "$err" '^kbsync: offline: never synced with the centre: cannot reach ' \
    "never synced: said"
mv "$tmp/last-sync" "$o/.git/kb/last-sync"

note "back online: the sync ends it"
mv "$tmp/away.git" "$centre"
expect_status 0 at 2026-11-28T12:00:00 kbsync --kb "$o" --quiet
expect_eq "" "$out$err" "synced: nothing said"
expect_events_once west 1 "the event logged before sent once"
mv "$centre" "$tmp/away.git"
quiet_at 2026-11-28T12:15:00
expect_eq "" "$err" "offline again just after: nothing said"

exit 0
