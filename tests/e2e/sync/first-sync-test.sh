#!/bin/sh
# kb init --remote makes an office KB (remote origin, kb.remote, kb.office,
# kb.station: the host's name unless --station gives one, main checked
# out, index built, last-sync written); without --office and a terminal
# it refuses (exit 2: init-office-test.sh asks on one); a first kbsync with
# nothing to do prints the zero-change report and exits 0; kb status
# shows the office and the last sync.  kbsync --help, --version and usage
# errors (exit 2), a directory that is no KB (exit 1).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
export KB_NOW=2026-11-25T10:00:00

note "kb --office North init --remote"
make_office "$o" "$url" --office North
expect_eq "Created an office KB in $o from $url with 82 answers." \
    "$(printf '%s\n' "$out" | sed -n 1p)" "kb init --remote's report"
expect_eq "Office north, station $host_station (this copy; git config kb.station NAME renames it)." \
    "$(printf '%s\n' "$out" | sed -n 2p)" "kb init --remote names the office and the station"
expect_eq "$host_station" "$(git -C "$o" config kb.station)" \
    "kb.station: the host's name, as a ref carries it"
expect_no_diag "kb init --remote"
expect_eq "origin" "$(git -C "$o" config kb.remote)" "kb.remote"
expect_eq "North" "$(git -C "$o" config kb.office)" "kb.office"
expect_eq "$url" "$(git -C "$o" remote get-url origin)" "remote origin's address"
expect_eq "refs/heads/main" "$(git -C "$o" symbolic-ref HEAD)" "main is checked out"
expect_eq "$(centre_main)" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is clean"
[ -f "$o/answers/passports/passport-lost-stolen.md" ] ||
    fail "the answers are checked out"
expect_eq "time 2026-11-25T10:00:00Z" "$(sed -n '/^time /p' "$o/.git/kb/last-sync")" \
    "last-sync written by kb init --remote"
expect_status 0 kb --kb "$o" search lost passport
expect_match "$out" "^passport-lost-stolen${TAB}" "the index is built: search works"

note "kb init --remote without --office and no terminal: refused, naming --office"
expect_status 2 kb init --remote "$url" --quiet "$tmp/office-host" </dev/null
expect_eq "" "$out" "refused: nothing on stdout"
expect_match "$err" "^kb init: --remote needs the office's name: give --office NAME " \
    "refused: the message names --office"
[ ! -e "$tmp/office-host" ] || fail "a refused kb init --remote made $tmp/office-host"
expect_status 2 kb --office "" init --remote "$url" --quiet "$tmp/office-host"
expect_contains "$err" "--office NAME" "an empty --office is none"
expect_status 2 kb init --station pc-1 --quiet "$tmp/office-host"
expect_contains "$err" "--station" "--station without --remote: a usage error"

note "--station NAME: kept as its ref carries it"
make_office "$tmp/office-2" "$url" --office North --station "Front Desk 2"
expect_eq "front-desk-2" "$(git -C "$tmp/office-2" config kb.station)" "kb.station"
expect_eq "Office north, station front-desk-2 (this copy; git config kb.station NAME renames it)." \
    "$(printf '%s\n' "$out" | sed -n 2p)" "kb init --remote --station: the names"

note "kb init --remote from a centre that is not there: nothing made"
rc=0
kb --office North init --remote "$tmp/nowhere.git" --quiet "$tmp/office-none" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -ne 0 ] || fail "kb init --remote from nowhere exited 0"
expect_match "$(cat "$tmp/err")" '^kb: ' "kb init --remote from nowhere: a kb message"
[ ! -e "$tmp/office-none" ] || fail "kb init --remote from nowhere left a directory"

note "a first kbsync with nothing to do"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "the zero-change report"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$(centre_main)" "$(git -C "$o" rev-parse main)" "main unchanged"

note "KB_DIR and --quiet"
expect_status 0 env KB_NOW=2026-11-25T11:30:00 KB_DIR="$o" "$KBSYNC_BIN" --quiet
expect_eq "" "$out" "--quiet prints nothing"
expect_eq "" "$err" "--quiet: nothing on stderr"
expect_eq "time 2026-11-25T11:30:00Z" "$(sed -n '/^time /p' "$o/.git/kb/last-sync")" \
    "last-sync rewritten by a sync"
expect_status 0 env KB_NOW=2026-11-25T11:30:00 KB_DIR="$o" "$KBSYNC_BIN" -q
expect_eq "" "$out" "-q prints nothing"

note "kb status"
expect_status 0 env KB_NOW=2026-11-25T12:00:00 "$KB_BIN" --kb "$o" status
expect_eq "kb         $o
version    main@$(centre_main | cut -c1-7), 82 answers
office     north
station    $host_station
last sync  2026-11-25 11:30 UTC, 30 minutes ago" "$out" "kb status of an office"
expect_no_diag "kb status"

note "--help, --version, usage errors"
expect_status 0 kbsync --help
expect_match "$out" '^usage: kbsync ' "--help: the usage line"
expect_contains "$out" "--reset-to-remote" "--help lists --reset-to-remote"
expect_contains "$out" "--no-wait" "--help lists --no-wait"
expect_status 0 kbsync -h
expect_match "$out" '^usage: kbsync ' "-h"
expect_status 0 kbsync --version
expect_match "$out" '^kbsync [0-9]' "--version"
expect_status 2 kbsync --kb "$o" --frobnicate
expect_eq "" "$out" "a usage error prints nothing on stdout"
expect_match "$err" '^usage: kbsync ' "an unknown option: the usage line"
expect_status 2 kbsync --kb "$o" now
expect_contains "$err" "now" "an operand is refused, naming it"
expect_status 2 kbsync --kb
expect_match "$err" '^usage: kbsync ' "--kb without its value"
expect_eq "time 2026-11-25T11:30:00Z" "$(sed -n '/^time /p' "$o/.git/kb/last-sync")" \
    "usage errors do not sync"

note "not a KB, an unknown remote name: exit 1"
mkdir "$tmp/empty"
expect_status 1 kbsync --kb "$tmp/empty"
expect_match "$err" '^kbsync: ' "not a KB: a kbsync message"
expect_status 1 kbsync --kb "$o" --remote nosuchremote
expect_contains "$err" "nosuchremote" "an unknown remote is named"

exit 0
