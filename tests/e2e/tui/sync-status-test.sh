#!/bin/sh
# An office KB's status line says when it last synced, and says it in
# capitals (the error style) once that is older than kb.syncWarnHours;
# a KB that is not an office's says nothing about syncing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

sample_kb "$tmp/central-src"
git clone -q --bare "$tmp/central-src" "$tmp/central.git"
kb --office North init --remote "$tmp/central.git" --quiet "$tmp/office" \
    >/dev/null
# kb init --remote recorded the sync at the real time; the test sets it.
printf 'time 2026-11-22T09:00:00Z\ncentral x\nurl y\n' \
    >"$tmp/office/.git/kb/last-sync"

note "two hours after the sync: shown, not a warning"
TUI_ENV="KB_NOW=2026-11-22T11:00:00"
tui_start 100 24 "$tmp/office"
wait_for "synced 2 hours ago |"
expect_not_screen "LAST SYNC" "no warning within 24 hours"
tui_stop

note "two days after: the warning"
TUI_ENV="KB_NOW=2026-11-24T10:00:00"
tui_start 100 24 "$tmp/office"
wait_for " LAST SYNC 2 days ago "
expect_not_screen "synced 2 days ago |" "the warning replaces the plain age"
tui_stop

note "kb.syncWarnHours=100: two days is fine"
git -C "$tmp/office" config kb.syncWarnHours 100
tui_start 100 24 "$tmp/office"
wait_for "synced 2 days ago |"
tui_stop

note "not an office KB: nothing about syncing"
TUI_ENV=""
tui_start 100 24 "$tmp/central-src"
wait_for "central-src@"
expect_not_screen "synced" "a central KB has no sync status"
expect_not_screen "LAST SYNC" "a central KB has no sync warning"
tui_stop
