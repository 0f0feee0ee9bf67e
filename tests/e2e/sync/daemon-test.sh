#!/bin/sh
# kbsync over the network: a git daemon on 127.0.0.1 serves the bare
# central repository (git://).  An office made from it with kb init
# --remote syncs: the centre's new answers come down and are searchable,
# a proposal and usage events go up (the events exactly once), a decision
# comes back.  Then the daemon is killed: kbsync exits 3 with one line on
# stderr, the office keeps working and keeps its last sync; the daemon
# back on the same port, the next kbsync catches up.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
daemon_start
url=$daemon_url
o=$tmp/office
T0=2026-11-25T10:00:00

note "kb init --remote git://"
expect_status 0 at $T0 kb --office East init --remote "$url" --quiet "$o"
expect_eq "Created an office KB in $o from $url with 82 answers." \
    "$(printf '%s\n' "$out" | sed -n 1p)" "kb init --remote's report"
expect_eq "$url" "$(git -C "$o" remote get-url origin)" "origin is the git:// address"
expect_eq "$(centre_main)" "$(git -C "$o" rev-parse main)" "main is the centre's"

note "a first kbsync"
expect_status 0 at $T0 kbsync --kb "$o"
expect_eq "$(want_report "$url" east "0 0 0" "" "0 0" 0)" "$out" "the zero-change report"
expect_eq "" "$err" "nothing on stderr"

note "an answer added at the centre comes down"
old=$(centre_main)
centre_change "Narwhal tours" write_answer . zoo/narwhal-tours "Narwhal tours" \
    "Narwhal tours leave the harbour at dawn."
new=$(centre_main)
expect_status 0 at $T0 kbsync --kb "$o"
expect_eq "$(want_report "$url" east "1 0 0" "$old $new" "0 0" 0)" "$out" "1 added"
expect_eq "$new" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_status 0 kb --kb "$o" search narwhal
expect_eq "narwhal-tours${TAB}Narwhal tours" "$out" "the new answer is searchable"

note "a proposal and usage events go up"
sed 's/at dawn/at dawn and at noon/' "$o/answers/zoo/narwhal-tours.md" >"$tmp/narwhal.md"
expect_status 0 kb --kb "$o" --agent Ann propose narwhal-tours --message "Noon tour" \
    --file "$tmp/narwhal.md"
branch=$out
expect_status 0 at $T0 kb --kb "$o" --agent Ann use narwhal-tours --channel phone
expect_status 0 at $T0 kb --kb "$o" --agent Ann use narwhal-tours --channel walk-in
expect_status 0 at $T0 kbsync --kb "$o"
expect_eq "$(want_report "$url" east "0 0 0" "" "1 0" 2)" "$out" "1 sent, 2 events sent"
expect_eq "$(git -C "$o" rev-parse "$branch")" "$(git -C "$centre" rev-parse "refs/heads/$branch")" \
    "the centre has the proposal"
expect_status 0 kb --kb "$centre" proposals
expect_match "$out" "^$branch${TAB}narwhal-tours${TAB}Ann${TAB}" "kb proposals at the centre"
expect_events_once east 2 "over git://"
expect_status 0 at $T0 kbsync --kb "$o"
expect_eq "$(want_report "$url" east "0 0 0" "" "0 0" 0)" "$out" "nothing twice"
expect_events_once east 2 "after a second sync"

note "a decision comes back"
expect_status 0 kb --kb "$centre" reject "$branch" --reason "No noon staff"
expect_status 0 at $T0 kbsync --kb "$o"
expect_eq "$(want_report "$url" east "0 0 0" "" "0 1" 0)" "$out" "1 decided at the centre"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$branch${TAB}.*${TAB}rejected: No noon staff\$" "rejected at the office"

note "the daemon is killed: exit 3, one line, the office keeps working"
old=$(centre_main)
centre_change "Narwhal fees" write_answer . zoo/narwhal-tours "Narwhal tours" \
    "Narwhal tours leave the harbour at dawn; bioluminescent plankton included."
new=$(centre_main)
expect_status 0 at $T0 kb --kb "$o" --agent Bob use narwhal-tours --channel email
cp "$o/.git/kb/last-sync" "$tmp/last-sync"
daemon_stop
expect_status 3 at 2026-11-25T11:00:00 kbsync --kb "$o"
expect_eq "" "$out" "offline: nothing on stdout"
expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "offline: one line on stderr"
expect_match "$err" '^kbsync: offline: ' "offline: the line"
expect_contains "$err" "127.0.0.1:$daemon_port" "offline: the address"
expect_status 3 at 2026-11-25T11:00:00 kbsync --kb "$o" --quiet
expect_eq "" "$out$err" "offline with --quiet, synced an hour ago: nothing said"
expect_status 3 at 2026-11-26T11:00:00 kbsync --kb "$o" --quiet
expect_match "$err" '^kbsync: offline: out of step with the centre for 25 hours ' \
    "offline with --quiet, out of step for longer than kb.syncWarnHours: the line"
expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "offline with --quiet: one line"
cmp -s "$tmp/last-sync" "$o/.git/kb/last-sync" || fail "an offline kbsync changed last-sync"
expect_eq "$old" "$(git -C "$o" rev-parse main)" "main unchanged"
expect_status 0 at 2026-11-25T11:00:00 kb --kb "$o" status
expect_match "$out" '^last sync  2026-11-25 10:00 UTC, 1 hour ago$' "kb status: the last sync that worked"
expect_status 0 kb --kb "$o" search narwhal
expect_eq "narwhal-tours${TAB}Narwhal tours" "$out" "search works offline"
expect_status 0 at 2026-11-25T11:00:00 kb --kb "$o" --agent Bob use narwhal-tours --channel phone
expect_events_once east 2 "nothing sent while offline"

note "the daemon back on the same port: the next kbsync catches up"
daemon_start --same-port
expect_eq "$url" "$daemon_url" "the same address"
expect_status 0 at 2026-11-25T11:05:00 kbsync --kb "$o"
expect_eq "$(want_report "$url" east "0 1 0" "$old $new" "0 0" 2)" "$out" "the catch-up"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$new" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_status 0 kb --kb "$o" search bioluminescent
expect_eq "narwhal-tours${TAB}Narwhal tours" "$out" "the changed text is searchable"
expect_events_once east 4 "every event once after the catch-up"
expect_status 0 at 2026-11-25T11:05:00 kb --kb "$o" status
expect_match "$out" '^last sync  2026-11-25 11:05 UTC, just now$' "kb status: the new last sync"
expect_eq "" "$(git -C "$o" status --porcelain)" "clean work tree"

exit 0
