#!/bin/sh
# Hostile file names and contents never reach the terminal raw (kb(1),
# TEXT SAFETY): answers and notices named with ESC, a newline, C1 controls
# (U+009B as UTF-8 and the raw byte 0x9B), invalid UTF-8 and U+202E, in a
# KB whose own directory has an ESC in its name.  kb check, index, search,
# show, notices and status print each of them as U+FFFD, and the paths
# stay recognisable; so do messages quoting a command line, kbsync's too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/escapes.sh"

k="$tmp/kb${ESC}[7m"
mkdir -p "$k"
git -C "$k" init -q -b main
write_answer "$k" zoo/walrus "Walrus feeding" "The walruses are fed at noon."
# Broken answers named with each hostile piece: kb check names them.
for name in "esc${ESC}[31m" "nl${NL}fake" "c1${C1}2J" "raw${C1RAW}2J" \
    "bad${BAD}" "rlo${RLO}dm.exe"; do
	printf -- '---\ntitle: Broken\n---\nx\n' >"$k/answers/zoo/$name.md"
done
# A valid id in a hostile directory: indexed, and its path is shown.
dir="$k/answers/${ESC}]0;pwned$(printf '\007')${C1}"
mkdir -p "$dir"
WA_TAGS=zoo write_answer "$k" "${ESC}]0;pwned$(printf '\007')${C1}/seal-show" \
    "Seal show ${HOSTILE_UTF8} times" "Seals at two. ${HOSTILE_UTF8}"
mkdir -p "$k/notices"
printf -- '---\ntitle: Bad notice\nstarts: 2026-01-01\nends: 2099-01-01\nseverity: critical\n---\nx\n' \
    >"$k/notices/n${ESC}[2J${C1RAW}.md"
printf -- '---\ntitle: Zoo closed %s early\nstarts: 2026-01-01\nends: 2099-01-01\nseverity: critical\ntags: zoo\n---\nClosed %s at four.\n' \
    "$HOSTILE_UTF8" "$HOSTILE_UTF8" >"$k/notices/zoo-closed.md"
commit "$k" "Hostile names"
export KB_DIR="$k"

note "kb check: every hostile path named, each piece as U+FFFD"
sweep "kb check" kb check
out=$(cat "$tmp/sweep.out")
expect_contains "$out" "answers/zoo/esc${FFFD}[31m.md:1: error:" "ESC in a path"
expect_contains "$out" "answers/zoo/nl${FFFD}fake.md:1: error:" "a newline in a path"
expect_contains "$out" "answers/zoo/c1${FFFD}2J.md:1: error:" "U+009B in a path"
expect_contains "$out" "answers/zoo/raw${FFFD}2J.md:1: error:" "byte 0x9B in a path"
expect_contains "$out" "answers/zoo/bad${FFFD}.md:1: error:" "byte 0xFF in a path"
expect_contains "$out" "answers/zoo/rlo${FFFD}dm.exe.md:1: error:" "U+202E in a path"
expect_contains "$out" "notices/n${FFFD}[2J${FFFD}.md:1: error:" "a notice's path"
expect_eq 0 "$(printf '%s\n' "$out" | grep -c '^fake')" \
    "a newline in a path makes no line of its own"

note "kb index, kb index --rebuild: the skipped answers on stderr"
sweep "kb index" kb index
sweep "kb index --rebuild" kb index --rebuild
expect_contains "$(cat "$tmp/sweep.err")" "answers/zoo/esc${FFFD}[31m.md" \
    "kb index names the skipped answer"

note "kb search, --json, a hostile query, its trace"
sweep "kb search" kb search seal
expect_contains "$(cat "$tmp/sweep.out")" "seal-show${TAB}Seal show" "found"
sweep "kb search --json" kb search --json seal
json_valid "$(cat "$tmp/sweep.out")" || fail "kb search --json: not JSON"
sweep "kb search (hostile query)" env KB_SEARCH_TRACE=1 kb search "seal ${HOSTILE}"
sweep "kb search (hostile --tag)" kb search --tag "$HOSTILE" seal

note "kb show: the hostile directory in the Version line"
sweep "kb show" kb show seal-show
expect_contains "$(cat "$tmp/sweep.out")" "answers/${FFFD}]0;pwned${FFFD}${FFFD}/seal-show.md)" \
    "the path, recognisable"
sweep "kb show --channel phone" kb show --channel phone --width 0 seal-show
sweep "kb show (hostile id)" kb show "$HOSTILE"

note "kb notices, kb notices --all, the critical notice on kb search"
sweep "kb notices" kb notices
expect_contains "$(cat "$tmp/sweep.out")" "Zoo closed" "the notice is listed"
sweep "kb notices --all" kb notices --all

note "kb status: the KB's path"
sweep "kb status" kb status
expect_contains "$(cat "$tmp/sweep.out")" "kb${FFFD}[7m" "the KB's path"

note "messages quoting what the user typed"
sweep "an unknown command" kb "$HOSTILE"
expect_contains "$(cat "$tmp/sweep.err")" "${FFFD}[31m" "the command named"
sweep "an unknown channel" kb --channel "$HOSTILE" search seal
sweep "an unknown option" kb "--${HOSTILE}"
sweep "a missing KB" kb --kb "$tmp/none${HOSTILE}" search seal
sweep "kb use of a hostile id" kb use "$HOSTILE" --channel phone
sweep "kbsync: a hostile centre" kbsync --remote "$tmp/centre${HOSTILE}"
expect_contains "$(cat "$tmp/sweep.err")" "centre${FFFD}[31m" \
    "kbsync names the centre, recognisable"
sweep "kbsync: a hostile KB" kbsync --kb "$tmp/none${HOSTILE}"
sweep "kbsync: a hostile option" kbsync "--${HOSTILE}"
sweep "kbsync: a hostile operand" kbsync "$HOSTILE"

exit 0
