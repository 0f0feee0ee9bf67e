#!/bin/sh
# kb prune --before DATE takes the old days out of the usage ref's git
# history too (kb(1) RETENTION, kbsync(1) PRUNED HISTORY).  Over a real
# git daemon whose centre runs the example pre-receive hook: an office
# logs queries and syncs; kb prune replaces its station's usage ref by
# a history without the old days (its tip was the centre's copy), and
# kbsync pushes it in place of the old one (exit 0), which the hook
# takes because its first commit names the tip it replaces and carries
# its mark.  Then neither the office's nor the centre's git history has
# the old queries (after git gc, in no object at all), the centre's
# report counts what it counted before, and later events arrive exactly
# once.  A rewrite that is not such a prune is refused by the hook, and
# kbsync says so in the hook's words (exit 4); when the centre's copy
# moved after the prune, kbsync forces nothing and says why (exit 4).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
cp "$KB_TOP/man/examples/pre-receive" "$centre/hooks/pre-receive"
export KB_PUSHER=north
daemon_start
unset KB_PUSHER
o=$tmp/office
make_office "$o" "$daemon_url" --office North
ref=refs/kb/station-usage/north/$host_station
use() {
	expect_status 0 at "$1" kb --kb "$o" --agent Ann use dog-licence \
	    --channel phone --query "$2"
}
# The centre's counts: every event it imported, and its report.
counts() {
	expect_status 0 kb --kb "$centre" export --all-offices
	_n=$(printf '%s\n' "$out" | sed 1d | wc -l | tr -d ' ')
	expect_status 0 kb --kb "$centre" report --all-offices --format csv \
	    --section agents
	printf '%s events; %s' "$_n" "$out"
}
# Every object of a repository, its text: after gc, what is kept at all.
objects_have() {
	git -C "$1" cat-file --batch-all-objects --batch | grep -c "$2" || true
}
gc_now() {
	git -C "$1" reflog expire --expire=now --all
	git -C "$1" gc -q --prune=now
}

use 2026-10-01T10:00:00 "first secret"
use 2026-10-02T10:00:00 "second secret"
use 2026-11-05T10:00:00 "kept words"
expect_status 0 at 2026-11-05T11:00:00 kbsync --kb "$o"
expect_contains "$out" "usage      3 events sent" "3 sent"
expect_status 0 kb --kb "$centre" import --quiet
before=$(counts)
expect_contains "$before" "3 events;" "the centre has the 3"
old_tip=$(git -C "$centre" rev-parse "$ref")

note "kb prune replaces the office's history before the day"
expect_status 0 kb --kb "$o" prune --before 2026-11-01
expect_contains "$out" "pruned     1 usage ref of the days before 2026-11-01" \
    "the ref pruned"
expect_eq "" "$err" "nothing waits"
expect_eq 0 "$(git -C "$o" log -p "$ref" | grep -c secret || true)" \
    "the office's usage history has no old query"
expect_eq 1 "$(git -C "$o" log -p "$ref" | grep -c 'kept words' || true)" \
    "the later one is kept"
expect_eq 1 "$(git -C "$o" rev-list "$ref" | wc -l | tr -d ' ')" \
    "one commit"
expect_contains "$(git -C "$o" log -1 --format=%B "$ref")" \
    "Kb-Usage-Pruned: $old_tip" "it names the tip it replaces"

note "kbsync sends it in place of the old one; the hook takes it"
expect_status 0 at 2026-11-05T12:00:00 kbsync --kb "$o"
expect_eq "" "$err" "kbsync: nothing on stderr"
expect_contains "$out" "usage      0 events sent" "nothing counted as sent"
expect_eq "$(git -C "$o" rev-parse "$ref")" \
    "$(git -C "$centre" rev-parse "$ref")" "the centre has the new history"
expect_eq 0 "$(git -C "$centre" log -p "$ref" | grep -c secret || true)" \
    "the centre's usage history has no old query"
expect_eq "$before" "$(counts)" "the centre's counts are as before"

note "after git gc, no object at either end holds the old words"
gc_now "$o"
gc_now "$centre"
expect_eq 0 "$(objects_have "$o/.git" secret)" "none at the office"
expect_eq 0 "$(objects_have "$centre" secret)" "none at the centre"
expect_eq 1 "$(objects_have "$centre" 'kept words')" "the kept one is there"
expect_eq "$before" "$(counts)" "the centre's counts are as before"

note "later events arrive exactly once"
use 2026-11-20T10:00:00 "new words"
expect_status 0 at 2026-11-20T11:00:00 kbsync --kb "$o"
expect_eq "" "$err" "kbsync: nothing on stderr"
expect_contains "$out" "usage      1 event sent" "the new one sent"
expect_contains "$(counts)" "4 events;" "4 at the centre, each once"
expect_match "$(counts)" 'Ann"?,"?North"?,4,' "the report counts 4 uses"

note "pruned again while the centre still has the old history"
expect_status 0 kb --kb "$o" prune --before 2026-11-10
expect_contains "$out" "pruned     1 usage ref of the days before 2026-11-10" \
    "pruned again"
expect_status 0 at 2026-11-20T12:00:00 kbsync --kb "$o"
expect_eq "" "$err" "kbsync: nothing on stderr"
expect_eq 0 "$(git -C "$centre" log -p "$ref" | grep -c 'kept words' || true)" \
    "the centre's history holds no day before 2026-11-10"
expect_contains "$(counts)" "4 events;" "still 4, each once"
use 2026-11-21T10:00:00 "newer words"
expect_status 0 at 2026-11-21T11:00:00 kbsync --kb "$o"
expect_contains "$out" "usage      1 event sent" "the next one sent"
expect_contains "$(counts)" "5 events;" "5 at the centre"

note "a rewrite that is not kb prune's is refused by the hook"
theirs=$(git -C "$o" rev-parse "$ref")
# A root naming the centre's tip, with an older mark than the tip's (the
# root's: event 4): the 5th would be sent again, so the hook refuses it.
older=$(git -C "$o" log -1 --format=%B \
    "$(git -C "$o" rev-list --max-parents=0 "$ref")" |
    sed -n 's/^Kb-Usage-Last: //p')
expect_match "$older" '^4 [0-9a-f]+$' "the older mark"
forged=$(git -C "$o" commit-tree -m "usage: forged

Kb-Usage-Last: $older
Kb-Usage-Pruned: $theirs" "$(git -C "$o" mktree </dev/null)")
git -C "$o" update-ref "$ref" "$forged"
expect_status 4 at 2026-11-21T12:00:00 kbsync --kb "$o"
expect_contains "$out$err" "$ref: refused: not a fast-forward: usage only grows" \
    "the hook's words (the mark is not the tip's)"
expect_eq "$theirs" "$(git -C "$centre" rev-parse "$ref")" \
    "the centre's copy is as it was"
plain=$(git -C "$o" commit-tree -m "usage: no prune" \
    "$(git -C "$o" mktree </dev/null)")
git -C "$o" push -q "$daemon_url" "+$plain:$ref" 2>"$tmp/push.err" &&
    fail "the centre took a plain rewrite of $ref"
expect_contains "$(cat "$tmp/push.err")" "not a fast-forward: usage only grows" \
    "a plain force-push is refused too"
expect_eq "$theirs" "$(git -C "$centre" rev-parse "$ref")" \
    "the centre's copy is still as it was"

note "the centre's copy moved after kb prune: nothing is forced"
git -C "$o" update-ref "$ref" "$theirs"
expect_status 0 kb --kb "$o" prune --before 2026-11-21
expect_contains "$out" "pruned     1 usage ref" "pruned once more"
moved=$(git -C "$centre" commit-tree -p "$theirs" -m moved \
    "$(git -C "$centre" mktree </dev/null)")
git -C "$centre" update-ref "$ref" "$moved"
expect_status 4 at 2026-11-21T13:00:00 kbsync --kb "$o"
expect_contains "$out$err" "$ref: kb prune replaced this station's usage history while the centre had" \
    "kbsync says why"
expect_eq "$moved" "$(git -C "$centre" rev-parse "$ref")" \
    "the centre's copy is left as it is"

exit 0
