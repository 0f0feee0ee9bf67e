#!/bin/sh
# A centre that cannot be reached (its directory gone, a file:// address
# with nothing there, a port nobody listens on): kbsync exits 3 with
# exactly one line on stderr, "kbsync: offline: ...", changes nothing
# (main, last-sync), and the office keeps working: kb search, kb show,
# kb use.  When the centre is back the next kbsync catches up, the uses
# logged while offline included.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office West
T0=2026-11-25T10:00:00
T1=2026-11-25T14:00:00
expect_status 0 at $T0 kbsync --kb "$o" --quiet
expect_status 0 at $T0 kb --kb "$o" --agent Ann use lost-pet --channel phone
expect_status 0 at $T0 kbsync --kb "$o"
expect_eq "$(want_report "$url" west "0 0 0" "" "0 0" 1)" "$out" "online: 1 event sent"

# exit 3, one line on stderr starting "kbsync: offline: ", nothing on
# stdout, nothing changed.
expect_offline() {
	expect_status 3 at $T1 kbsync --kb "$o" "$@"
	expect_eq "" "$out" "offline ($*): nothing on stdout"
	expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "offline ($*): one line on stderr"
	expect_match "$err" '^kbsync: offline: ' "offline ($*): the line"
	cmp -s "$tmp/last-sync" "$o/.git/kb/last-sync" ||
	    fail "offline ($*): last-sync was rewritten"
	expect_eq "$main" "$(git -C "$o" rev-parse main)" "offline ($*): main unchanged"
}

# A port that was free: a daemon listened there, and is gone.
daemon_start
port=$daemon_port
daemon_stop

note "the centre changes, then its directory goes away"
centre_change "Iguana" write_answer . animals/iguana-care "Iguana care" \
    "Iguanas need ultraviolet light every day."
new=$(centre_main)
main=$(git -C "$o" rev-parse main)
cp "$o/.git/kb/last-sync" "$tmp/last-sync"
mv "$centre" "$tmp/away.git"
expect_offline
expect_contains "$err" "$url" "the address is named"
expect_status 3 at $T1 kbsync --kb "$o" --quiet
expect_eq "" "$out$err" "offline --quiet, synced 4 hours ago: nothing said (quiet-test.sh)"
expect_offline --dry-run
expect_offline --remote "file://$centre"
expect_offline --remote "$tmp/nowhere/central.git"

note "a port nobody listens on"
expect_offline --remote "git://127.0.0.1:$port/central.git"
expect_contains "$err" "127.0.0.1:$port" "the address is named"

note "the office keeps working offline"
expect_status 0 at $T1 kb --kb "$o" search lost pet
expect_match "$out" "^lost-pet${TAB}Lost or found pet\$" "kb search offline"
expect_status 0 at $T1 kb --kb "$o" show lost-pet
expect_contains "$out" "Lost or found pet" "kb show offline"
expect_status 0 at $T1 kb --kb "$o" --agent Ann use lost-pet --channel email
expect_status 0 at $T1 kb --kb "$o" --agent Bob use dog-licence --channel walk-in
expect_status 0 at $T1 kb --kb "$o" --agent Bob flag dog-licence --reason "Fees changed"
expect_offline
expect_status 0 at $T1 kb --kb "$o" status
expect_match "$out" '^last sync  2026-11-25 10:00 UTC, 4 hours ago$' "kb status keeps the last sync"

note "the centre is back: the next kbsync catches up"
mv "$tmp/away.git" "$centre"
expect_status 0 at $T1 kbsync --kb "$o"
expect_eq "$(want_report "$url" west "1 0 0" "$main $new" "0 0" 3)" "$out" \
    "the catch-up: the answer, and the 3 events logged offline"
expect_eq "" "$err" "nothing on stderr"
expect_events_once west 4 "every event once"
expect_eq "2" "$(centre_events west | grep -c '"time":"2026-11-25T14:00:00Z","kind":"use"')" \
    "the 2 uses logged offline"
expect_status 0 kb --kb "$o" search ultraviolet
expect_eq "iguana-care${TAB}Iguana care" "$out" "the new answer is searchable"
expect_status 0 at $T1 kb --kb "$o" status
expect_match "$out" '^last sync  2026-11-25 14:00 UTC, just now$' "kb status: synced now"
expect_status 0 at $T1 kbsync --kb "$o"
expect_eq "$(want_report "$url" west "0 0 0" "" "0 0" 0)" "$out" "and nothing twice"
expect_events_once west 4 "at the end"

exit 0
