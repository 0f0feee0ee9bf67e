#!/bin/sh
# An office not synced for longer than kb.syncWarnHours (default 24):
# kb status prints a warning line, kb search and kb show a warning on
# stderr (their output unchanged); within the limit, or with a larger
# kb.syncWarnHours, none.  A dry run does not count as a sync; a real
# one ends the warning.  A KB that is no office never warns.  The clock
# is KB_NOW.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office Harbour --station "Front Desk"
T0=2026-11-25T10:00:00
expect_status 0 at $T0 kbsync --kb "$o" --quiet
WARN_STATUS='warning    not synced in the last 24 hours: answers may be out of date (run kbsync)'

# status_at TIME: kb status's office lines at TIME.
status_at() {
	expect_status 0 at "$1" kb --kb "$o" status
	expect_no_diag "kb status at $1"
	printf '%s\n' "$out" | sed -n '3,$p'
}

note "fresh: no warning"
expect_eq "office     harbour
station    front-desk
last sync  2026-11-25 10:00 UTC, just now" "$(status_at $T0)" "kb status just after a sync"
expect_eq "office     harbour
station    front-desk
last sync  2026-11-25 10:00 UTC, 24 hours ago" "$(status_at 2026-11-26T10:00:00)" \
    "exactly 24 hours: no warning yet"
expect_status 0 at 2026-11-26T10:00:00 kb --kb "$o" search lost pet
expect_eq "" "$err" "kb search at 24 hours: no warning"

note "older than 24 hours: warnings"
expect_eq "office     harbour
station    front-desk
last sync  2026-11-25 10:00 UTC, 24 hours ago
$WARN_STATUS" "$(status_at 2026-11-26T10:00:01)" "a second past 24 hours"
expect_eq "office     harbour
station    front-desk
last sync  2026-11-25 10:00 UTC, 2 days ago
$WARN_STATUS" "$(status_at 2026-11-27T10:00:00)" "two days later"
expect_status 0 kb --kb "$o" search lost pet
fresh_search=$out
expect_status 0 at 2026-11-27T10:00:00 kb --kb "$o" search lost pet
expect_eq "$fresh_search" "$out" "kb search still answers the same"
expect_eq "kb: warning: last synced 2 days ago (more than 24 hours): answers may be out of date; run kbsync" \
    "$err" "kb search's warning"
expect_status 0 at 2026-11-27T10:00:00 kb --kb "$o" show lost-pet
expect_contains "$out" "Lost or found pet" "kb show still shows the answer"
expect_eq "kb: warning: last synced 2 days ago (more than 24 hours): answers may be out of date; run kbsync" \
    "$err" "kb show's warning"

note "kb.syncWarnHours=100"
git -C "$o" config kb.syncWarnHours 100
expect_eq "office     harbour
station    front-desk
last sync  2026-11-25 10:00 UTC, 2 days ago" "$(status_at 2026-11-27T10:00:00)" \
    "100 hours: no warning at two days"
expect_status 0 at 2026-11-27T10:00:00 kb --kb "$o" search lost pet
expect_eq "" "$err" "100 hours: kb search does not warn"
expect_status 0 at 2026-11-27T10:00:00 kb --kb "$o" show lost-pet
expect_eq "" "$err" "100 hours: kb show does not warn"
expect_eq "office     harbour
station    front-desk
last sync  2026-11-25 10:00 UTC, 5 days ago
warning    not synced in the last 100 hours: answers may be out of date (run kbsync)" \
    "$(status_at 2026-11-30T10:00:00)" "100 hours: a warning at five days"
expect_status 0 at 2026-11-30T10:00:00 kb --kb "$o" search lost pet
expect_eq "kb: warning: last synced 5 days ago (more than 100 hours): answers may be out of date; run kbsync" \
    "$err" "100 hours: kb search's warning at five days"
git -C "$o" config --unset kb.syncWarnHours

note "a dry run is no sync; a sync ends the warning"
expect_status 0 at 2026-11-27T10:00:00 kbsync --kb "$o" --dry-run
expect_contains "$(status_at 2026-11-27T10:00:00)" "$WARN_STATUS" "still stale after --dry-run"
expect_status 0 at 2026-11-27T10:00:00 kbsync --kb "$o" --quiet
expect_eq "office     harbour
station    front-desk
last sync  2026-11-27 10:00 UTC, just now" "$(status_at 2026-11-27T10:00:00)" "synced: no warning"
expect_status 0 at 2026-11-27T10:00:00 kb --kb "$o" search lost pet
expect_eq "" "$err" "synced: kb search does not warn"

note "a KB that is no office never warns"
sample_kb "$tmp/plain"
expect_status 0 at 2030-01-01T00:00:00 kb --kb "$tmp/plain" status
expect_match "$out" '^sync       none \(not an office KB: see kb init --remote\)$' "kb status of a plain KB"
expect_not_contains "$out" "warning" "no warning for a plain KB"
expect_status 0 at 2030-01-01T00:00:00 kb --kb "$tmp/plain" search lost pet
expect_eq "" "$err" "kb search in a plain KB does not warn"

exit 0
