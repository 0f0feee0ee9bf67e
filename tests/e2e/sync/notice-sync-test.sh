#!/bin/sh
# Notices travel like answers: one proposed at an office (kb propose
# notices/ID) is sent by kbsync, approved at the centre, and comes back
# with main: the office's kb notices and kb show (KB_NOW set) have it.
# A notice changed at the centre, then removed, reaches the office with
# the next kbsync.  Notices are not answers: the counts do not move.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

now=2026-11-22T09:00
make_centre
# The sample's notices have real dates: this test writes its own.
drop_sample_notices() {
	git rm -rq notices
}
centre_change "Tests: no dated notices" drop_sample_notices
o=$tmp/office
url=$centre
make_office "$o" "$url" --office North
DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'
b=proposals/north/$host_station/ann/notices/road-closure-1

expect_status 0 at "$now" kb --kb "$o" notices
expect_eq "No active notices." "$out" "the office before: no notice"

note "a notice proposed at the office"
cat >"$tmp/road.md" <<'EOF'
---
title: Harbour road closed
starts: 2026-11-20
ends: 2026-11-30T17:00
severity: warning
tags: dmv
---
The harbour road is closed: send walk-in customers to the **north entrance**.
EOF
expect_status 0 kb --kb "$o" --agent Ann propose notices/road-closure \
    --message "Road works" --file "$tmp/road.md"
expect_eq "$b" "$out" "the proposal's branch"
[ ! -e "$o/notices/road-closure.md" ] || fail "the proposal wrote into the office's work tree"
expect_status 0 at "$now" kb --kb "$o" notices
expect_eq "No active notices." "$out" "a proposed notice is not shown before approval"

note "kbsync sends it"
before=$(centre_main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "1 proposal sent"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$(git -C "$o" rev-parse "$b")" "$(git -C "$centre" rev-parse "refs/heads/$b")" \
    "the centre has the office's branch"
expect_status 0 kb --kb "$centre" proposals
expect_match "$out" "^$b${TAB}notices/road-closure${TAB}Ann${TAB}$DATE${TAB}Road works\$" \
    "kb proposals at the centre lists the notice"
expect_eq "$before" "$(centre_main)" "the centre's main before approval"

note "approved at the centre"
expect_status 0 kb --kb "$centre" approve "$b"
expect_eq "approved $b (fast-forward)" "$out" "kb approve of the notice at the centre"
after=$(centre_main)
expect_eq "notices/road-closure.md" "$(git -C "$centre" diff --name-only "$before" "$after")" \
    "the approval adds the notice's file to main"

note "kbsync brings it to the office"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "$before $after" "0 1" 0)" "$out" \
    "main moves, 1 decided, no answer counted"
expect_eq "$after" "$(git -C "$o" rev-parse main)" "the office's main"
expect_eq "" "$(git -C "$o" status --porcelain)" "clean work tree"
expect_eq "$(cat "$tmp/road.md")" "$(cat "$o/notices/road-closure.md")" "the notice's file at the office"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b${TAB}notices/road-closure${TAB}Ann${TAB}$DATE${TAB}Road works${TAB}merged\$" \
    "the office's proposal: merged"
expect_status 0 at "$now" kb --kb "$o" notices
expect_eq "notices/road-closure.md  active  tags: dmv
WARNING: Harbour road closed (2026-11-20 to 2026-11-30 17:00)
  The harbour road is closed: send walk-in customers to the north entrance." \
    "$out" "kb notices at the office"
expect_status 0 at 2026-11-30T17:00 kb --kb "$o" notices
expect_eq "No active notices." "$out" "kb notices at the office once it has ended"
expect_status 0 at "$now" kb --kb "$o" show driver-licence-renew
expect_contains "$out" "
WARNING: Harbour road closed (2026-11-20 to 2026-11-30 17:00)
  The harbour road is closed: send walk-in customers to the north entrance.
" "kb show of an answer tagged dmv at the office"
expect_status 0 at "$now" kb --kb "$o" show lost-pet
expect_not_contains "$out" "Harbour road closed" "kb show of an answer without the tag"

note "the notice changed at the centre reaches the office"
change_notice() {
	cat >notices/road-closure.md <<'EOF'
---
title: Harbour road closed longer
starts: 2026-11-20
ends: 2026-12-04
severity: critical
---
The harbour road stays closed: every office sends walk-ins to the north entrance.
EOF
}
centre_change "Road closed longer" change_notice
changed=$(centre_main)
expect_status 0 at "$now" kb --kb "$o" notices
expect_contains "$out" "WARNING: Harbour road closed (2026-11-20 to 2026-11-30 17:00)" \
    "the office before the sync: the old notice"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "$after $changed" "0 0" 0)" "$out" \
    "the changed notice: main moves, no answer counted"
expect_eq "$changed" "$(git -C "$o" rev-parse main)" "the office's main"
expect_status 0 at "$now" kb --kb "$o" notices
expect_eq "notices/road-closure.md  active  every answer
CRITICAL: Harbour road closed longer (2026-11-20 to 2026-12-04)
  The harbour road stays closed: every office sends walk-ins to the north
  entrance." "$out" "kb notices at the office: the changed notice"
expect_status 0 at 2026-12-04T23:59 kb --kb "$o" notices
expect_contains "$out" "notices/road-closure.md  active  every answer" \
    "the new end day is included"
expect_status 0 at "$now" kb --kb "$o" show lost-pet
expect_contains "$out" "CRITICAL: Harbour road closed longer (2026-11-20 to 2026-12-04)" \
    "a notice without tags now applies to every answer"

note "the notice removed at the centre leaves the office"
remove_notice() {
	git rm -q notices/road-closure.md
}
centre_change "Road open again" remove_notice
removed=$(centre_main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "$changed $removed" "0 0" 0)" "$out" \
    "the removed notice: main moves"
[ ! -e "$o/notices/road-closure.md" ] || fail "the removed notice is still at the office"
expect_status 0 at "$now" kb --kb "$o" notices
expect_eq "No active notices." "$out" "kb notices at the office after the removal"
expect_status 0 at "$now" kb --kb "$o" notices --all
expect_eq "No notices." "$out" "kb notices --all at the office after the removal"

exit 0
