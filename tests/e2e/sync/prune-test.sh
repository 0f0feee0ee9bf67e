#!/bin/sh
# kb prune --before DATE, accepted by kbsync at both ends.  At an office
# it drops the old events the centre has (kbsync's Kb-Usage-Last mark),
# keeps the one the mark names and those not sent yet (with a warning),
# and the words of the dropped ones are in no file of the log any more;
# the usage ref's history before the day is replaced too (the centre
# has its tip), and kbsync sends it in its place and then the rest,
# every event exactly once; the centre, which had read none of them
# yet, still has all (prune-history-test: the same behind the hook).  At the centre,
# --all-offices drops the offices' old events from offices.db: kb report
# counts what is kept, and kb export's seq goes on from where it was.
# A KB with no centre keeps its last event only.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
make_office "$o" "$centre" --office North
use() {
	expect_status 0 at "$1" kb --kb "$o" --agent Ann use dog-licence \
	    --channel phone --query "$2"
}
# Every event line each commit of the centre's usage refs of North added
# (whatever the layout: a commit's diff adds its events), then N events
# and N uids: each exactly once.
sent_once() {
	_lines=$(git -C "$centre" log -p --format= \
	    --glob='refs/kb/station-usage/north/*' | sed -n 's/^+{/{/p')
	expect_eq "$1 $1" "$(printf '%s\n' "$_lines" | grep -c '^{') $(printf '%s\n' \
	    "$_lines" | sed -n 's/^{"uid":"\([0-9a-f]*\)".*/\1/p' | sort -u |
	    wc -l | tr -d ' ')" "$2: events and distinct uids at the centre"
}
log_has() {
	cat "$o/.git/kb/usage.db"* | grep -c "$1" || true
}

use 2026-10-01T10:00:00 "first secret"
use 2026-10-01T10:01:00 "second secret"
use 2026-10-01T10:02:00 "third words"
expect_status 0 at 2026-10-01T11:00:00 kbsync --kb "$o"
use 2026-10-02T10:00:00 "fourth words"
use 2026-11-20T10:00:00 "fifth words"
expect_eq 1 "$(log_has 'first secret')" "before: the log holds the words"

note "an office drops what the centre has, but the event its mark names"
expect_status 0 kb --kb "$o" prune --before 2026-11-01
expect_eq "dropped    2 events before 2026-11-01 from this KB's usage log
pruned     1 usage ref of the days before 2026-11-01: kbsync sends it in place of the old" \
    "$out" "2 dropped, and the usage ref's history before the day"
expect_eq "kb: warning: 1 older event kept: the centre has not received it yet; run kbsync, then kb prune again" \
    "$err" "the one not sent is kept, and said"
expect_eq 0 "$(log_has 'first secret')" "the dropped words are in no file"
expect_eq 0 "$(log_has 'second secret')" "nor the second's"
expect_status 0 kb --kb "$o" export
expect_eq "3 4 5" "$(printf '%s\n' "$out" | sed 1d | cut -d, -f1 | tr '\n' ' ' |
    sed 's/ $//')" "seq 3 (the mark), 4 (not sent) and 5 kept"

note "kbsync accepts it: the rest is sent, every event once"
expect_status 0 at 2026-11-20T11:00:00 kbsync --kb "$o"
expect_eq "" "$err" "kbsync: nothing on stderr"
expect_contains "$out" "usage      2 events sent" "the 2 not sent yet"
sent_once 2 "the pruned history (none kept) and the 2 sent after it"
expect_status 0 kb --kb "$centre" export --all-offices
expect_eq 6 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" \
    "the centre has all 5 (read from the history replaced, still there)"

note "pruned again once sent; then kbsync has nothing to send"
expect_status 0 kb --kb "$o" prune --before 2026-11-01
expect_eq "dropped    2 events before 2026-11-01 from this KB's usage log
pruned     1 usage ref of the days before 2026-11-01: kbsync sends it in place of the old" \
    "$out" "3 and 4 dropped now, and the 4th from the ref's history"
expect_eq "" "$err" "nothing waits"
expect_status 0 at 2026-11-20T12:00:00 kbsync --kb "$o"
expect_contains "$out" "usage      0 events sent" "nothing sent twice"
use 2026-11-21T10:00:00 "sixth words"
expect_status 0 kb --kb "$o" export --format jsonl
expect_eq "5 6" "$(printf '%s\n' "$out" | sed 's/^{"seq":\([0-9]*\),.*/\1/' |
    tr '\n' ' ' | sed 's/ $//')" "numbering goes on after the last kept"
expect_status 0 at 2026-11-21T11:00:00 kbsync --kb "$o"
expect_contains "$out" "usage      1 event sent" "the new event sent"
sent_once 2 "the centre's history: the 5th (kept) and the 6th"

note "the centre drops the offices' old events from offices.db"
expect_status 0 kb --kb "$centre" export --all-offices
expect_eq 7 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "6 events before"
expect_status 0 kb --kb "$centre" prune --before 2026-11-01 --all-offices
expect_eq "dropped    0 events before 2026-11-01 from this KB's usage log
dropped    4 events before 2026-11-01 from the offices' usage (offices.db)" \
    "$out" "the centre's prune"
expect_status 0 kb --kb "$centre" report --all-offices --format csv \
    --section agents
expect_match "$out" '^"?Ann"?,"?North"?,2,0,0,0' "kb report counts what is kept"
use 2026-11-22T10:00:00 "seventh words"
expect_status 0 at 2026-11-22T11:00:00 kbsync --kb "$o"
expect_eq "" "$err" "the office syncs as before"
expect_status 0 kb --kb "$centre" export --all-offices --after 6
expect_match "$out" '^7,' "seq goes on at 7: a warehouse misses nothing"
expect_eq 2 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one new event"

note "a KB with no centre keeps only its last old event"
expect_status 0 kb init --quiet "$tmp/alone"
for t in 2026-10-01T10:00:00 2026-10-01T10:05:00; do
	expect_status 0 at "$t" kb --kb "$tmp/alone" --agent Ann use \
	    dog-licence --channel phone
done
expect_status 0 kb --kb "$tmp/alone" prune --before 2026-11-01 --quiet
expect_eq "" "$out$err" "--quiet"
expect_status 0 kb --kb "$tmp/alone" export
expect_match "$out" '^2,' "the last event kept"
expect_eq 2 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "and only it"

note "mistakes"
expect_status 1 kb --kb "$o" prune --before 2026-13-01
expect_contains "$err" "not a date (YYYY-MM-DD)" "a bad date"
expect_status 2 kb --kb "$o" prune
expect_contains "$err" "--before DATE is needed" "no date"
