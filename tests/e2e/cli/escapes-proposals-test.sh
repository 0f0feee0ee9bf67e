#!/bin/sh
# Proposals made with plain git, with hostile branch names, authors,
# messages, answer trailers and texts, never reach the terminal raw
# (kb(1), TEXT SAFETY): kb proposals, --all, --json (valid JSON, valid
# UTF-8), kb diff, kb history, kb reject and kb approve.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/escapes.sh"
. "$(dirname "$0")/../proposals/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"

# git_proposal BRANCH AUTHOR SUBJECT ANSWER: a commit on a new BRANCH off
# main, as kb propose makes one, but with plain git and any bytes.
git_proposal() {
	git -C "$k" checkout -q -b "$1" main
	{
		walrus_text "squid"
		printf 'Body %s and a line\nwith a tab\there, CR\rhere.\n' \
		    "$HOSTILE_UTF8"
	} >"$k/answers/zoo/walrus-feeding.md"
	printf '%s\n\nKb-Answer: %s\n' "$3" "$4" >"$tmp/msg"
	git -C "$k" add -A
	# (git warns that the message is not UTF-8: that is the point.)
	git -C "$k" -c user.name="$2" -c user.email="a@example.invalid" \
	    commit -q -F "$tmp/msg" 2>/dev/null
	git -C "$k" checkout -q main
}

b1="proposals/ev${C1}il/walrus-feeding-1"
b2="proposals/raw${C1RAW}${BAD}/walrus-feeding-2"
b3="proposals/rlo${RLO}/walrus-feeding-3"
git_proposal "$b1" "Eve ${ESC}[31mAgent${C1}" \
    "Squid ${ESC}]0;pwned$(printf '\007') now${C1}2J${BAD}${RLO}" walrus-feeding
git_proposal "$b2" "Raw${C1RAW}${BAD}" "Raw ${C1RAW}1m${BAD} bytes" \
    "walrus-feeding${ESC}[2J"
git_proposal "$b3" "Rlo ${RLO}Agent" "Bidi ${RLO}gnp.exe" walrus-feeding
expect_eq 3 "$(git -C "$k" branch --list 'proposals/*' | wc -l | tr -d ' ')" \
    "plain git made three proposals"

note "kb proposals, --all, --mine"
sweep "kb proposals" kb proposals
expect_contains "$(cat "$tmp/sweep.out")" "proposals/ev${FFFD}il/walrus-feeding-1${TAB}" \
    "the branch is listed, recognisable"
expect_contains "$(cat "$tmp/sweep.out")" "Eve ${FFFD}[31mAgent${FFFD}" \
    "the author, recognisable"
sweep "kb proposals --all" kb proposals --all
sweep "kb proposals --mine" kb --agent "Eve ${ESC}[31mAgent${C1}" proposals --mine

note "kb proposals --json: JSON, UTF-8, controls escaped"
sweep "kb proposals --json" kb proposals --json
json_valid "$(cat "$tmp/sweep.out")" || fail "kb proposals --json: not JSON: $(cat -A "$tmp/sweep.out")"
expect_contains "$(cat "$tmp/sweep.out")" '\u001b[31mAgent\u009b' \
    "ESC and U+009B as escapes"

note "kb diff: the proposal's text line by line"
for b in "$b1" "$b2" "$b3"; do
	sweep "kb diff" kb diff "$b"
done
expect_contains "$(cat "$tmp/sweep.out")" "with a tab${TAB}here" "a tab in the text is kept"
sweep "kb diff (hostile name)" kb diff "proposals/${HOSTILE}"

note "kb reject and kb approve, with hostile reasons"
sweep "kb reject" kb reject "$b2" --reason "No ${HOSTILE} thanks"
sweep "kb proposals --all (rejected)" kb proposals --all
sweep "kb proposals --all --json (rejected)" kb proposals --all --json
json_valid "$(cat "$tmp/sweep.out")" || fail "kb proposals --all --json: not JSON"
sweep "kb approve" kb approve "$b1" --message "Fine ${HOSTILE}"
sweep "kb approve (hostile name)" kb approve "proposals/${HOSTILE}"

note "kb history: author, approver, reason from git"
git -C "$k" -c user.name="Merger ${C1}${RLO}" -c user.email=m@example.invalid \
    merge -q --no-edit "$b3" >/dev/null 2>&1 || true
sweep "kb history" kb history walrus-feeding
expect_contains "$(cat "$tmp/sweep.out")" "Eve ${FFFD}[31mAgent${FFFD}" \
    "the approved proposal's author"
sweep "kb history (hostile id)" kb history "$HOSTILE"

exit 0
