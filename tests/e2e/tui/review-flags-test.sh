#!/bin/sh
# kb review shows the open flags of the answer under review above its
# diff (kb(1), Flags): how many, then each one numbered, with its day,
# agent, office and reason; the diff follows below them.  c asks which
# flag (a number, or a for all) and why, and closes it as kb flag
# --close does: only a reviewer may, and the flag_close event names the
# flag.  Approving the proposal closes the flags left (a fix).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed (apt-get install sqlite3)"

k=$tmp/kb
tui_reviewer_kb "$k"
db=$k/.git/kb/usage.db

note "two flags on canoe-storage, one on kayak-permit; a proposal for canoe-storage"
KB_NOW=2026-11-20T09:00:00 kb --kb "$k" --agent ann --office north \
    flag canoe-storage --reason outdated
KB_NOW=2026-11-20T10:00:00 kb --kb "$k" --agent bob --office south \
    flag canoe-storage --reason "racks moved to pier 3"
KB_NOW=2026-11-20T11:00:00 kb --kb "$k" --agent ann --office north \
    flag kayak-permit --reason unclear
sed 's/by the season/by the day/' "$k/answers/permits/canoe-storage.md" \
    >"$tmp/canoe.md"
expect_status 0 kb --kb "$k" --agent alice propose canoe-storage \
    --message "Rented by the day now" --file "$tmp/canoe.md"
branch=$out

note "the diff: the answer's open flags above it"
tui_start 100 30 "$k" review
wait_for "canoe-storage"
keys Enter
wait_for "2 open flags on canoe-storage (c closes one, saying why):" \
    "+Racks for canoes are rented by the day at the harbour."
expect_eq "  1  2026-11-20  ann@north  outdated" "$(row 2)" "the first flag's row"
expect_eq "  2  2026-11-20  bob@south  racks moved to pier 3" "$(row 3)" \
    "the second flag's row"
expect_not_screen "unclear" "another answer's flag is not shown"
expect_screen "-Racks for canoes are rented by the season at the harbour." \
    "the diff is there, under the flags"

note "c by someone not in REVIEWERS: refused, nothing logged"
git -C "$k" config user.email temp@example.gov
git -C "$k" config user.name "Temp Worker"
keys c
wait_for "Close which flag on canoe-storage? 1-2 as listed, a: all 2; Esc: none"
keys 2
wait_for "Close flag 2 (racks moved to pier 3): why? (whoever flagged it sees it)"
type_text "Nothing moved"
keys Enter
wait_for "only a reviewer closes a flag"
expect_eq 0 "$(sqlite3 "$db" "SELECT count(*) FROM event WHERE kind = 'flag_close'")" \
    "nothing logged"
git -C "$k" config user.email rita@example.gov
git -C "$k" config user.name "Rita Reviewer"

note "c, 2, a reason: the second flag is closed, the first stays"
keys c
wait_for "Close which flag on canoe-storage?"
keys 2
wait_for "Close flag 2 (racks moved to pier 3): why?"
type_text "The racks are still on pier 1"
keys Enter
wait_for "Closed 1 flag on canoe-storage" \
    "1 open flag on canoe-storage (c closes it, saying why):"
expect_eq "  1  2026-11-20  ann@north  outdated" "$(row 2)" "the flag left"
expect_not_screen "racks moved" "the closed flag is gone"
expect_eq "flag_close|Rita Reviewer|downtown|canoe-storage|The racks are still on pier 1|2026-11-22T00:00:00Z|bob" \
    "$(sqlite3 "$db" "SELECT c.kind, c.agent, c.office, c.answer, c.reason, c.time, f.agent
        FROM event c JOIN event f ON f.uid = c.closes WHERE c.kind = 'flag_close'")" \
    "the close event names bob's flag"

note "Esc at the question closes nothing"
keys c
wait_for "Close its open flag: why?"
keys Escape
wait_gone "Close its open flag"
expect_screen "1 open flag on canoe-storage" "still open"

note "approving the change closes the flag left: fixed"
keys a
wait_for "into main? y: yes"
keys y
wait_for "Approved $branch"
keys q
expect_clean_exit
tui_stop
expect_status 0 kb --kb "$k" flags
expect_eq "kayak-permit" "$(printf '%s\n' "$out" | cut -f3)" \
    "only kayak-permit's flag is open"
expect_status 0 kb --kb "$k" flags --all canoe-storage
expect_eq "fixed closed" "$(printf '%s\n' "$out" | cut -f4 | tr '\n' ' ' | sed 's/ $//')" \
    "canoe-storage: fixed by the approval, closed by Rita"

exit 0
