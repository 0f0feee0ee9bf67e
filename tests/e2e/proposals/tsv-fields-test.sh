#!/bin/sh
# kb proposals and kb history print TAB-separated lines: a reason, a
# rejection reason or an agent name holding a TAB or another control
# character (ESC) must neither add a column nor reach the terminal raw.
# Refusing such a reason or name is fine too; then nothing is made.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"
ESC=$(printf '\033')

# columns N WHAT: every line of $out has N TAB-separated fields and no
# control character but TAB.
columns() {
	expect_eq "" "$(printf '%s\n' "$out" | awk -F "$TAB" -v n="$1" 'NF != n')" \
	    "$2: every line has $1 columns"
	if printf '%s\n' "$out" | tr -d '\t' | LC_ALL=C grep -q '[[:cntrl:]]'; then
		fail "$2: a control character in the output"
	fi
}

# propose WORD REASON: prints the branch; nothing when refused, and then
# no branch may be made.
propose() {
	_before=$(git -C "$k" branch --list 'proposals/*')
	printf -- '---\ntitle: Walrus feeding times\ntags: zoo, animals\nrelated: walrus-feeding\n---\nFed %s.\n' \
	    "$1" | kb --agent Alice propose walrus-feeding --message "$2" 2>/dev/null ||
	    expect_eq "$_before" "$(git -C "$k" branch --list 'proposals/*')" \
	    "a refused proposal makes no branch"
}

note "a reason with a TAB"
b1=$(propose herring "fresh${TAB}herring") || exit 1
note "a reason with an escape sequence"
b2=$(propose squid "squid ${ESC}[2J cleared") || exit 1
note "an agent name with a TAB"
printf -- '---\ntitle: Seal show\ntags: zoo\nrelated: walrus-feeding\n---\nSeals.\n' |
    kb --agent "Tab${TAB}Agent" propose seal-show --message "Seals" >/dev/null 2>&1 ||
    note "(refused)"
expect_status 0 kb proposals
columns 5 "kb proposals"
expect_status 0 kb proposals --all
columns 6 "kb proposals --all"
if [ -n "$b1" ]; then
	note "a rejection reason with a TAB"
	rc=0
	kb reject "$b1" --reason "no${TAB}thanks" >/dev/null 2>&1 || rc=$?
	expect_status 0 kb proposals --all
	columns 6 "kb proposals --all after the rejection (exit $rc)"
fi
if [ -n "$b2" ]; then
	expect_status 0 kb approve "$b2"
	expect_status 0 kb history walrus-feeding
	columns 5 "kb history"
fi

exit 0
