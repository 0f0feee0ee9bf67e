#!/bin/sh
# A stand-in for kb, for the scorer's own test (tests/e2e/eval/): it
# answers `search` from the labels in $FAKE_QUERIES as $FAKE_MODE says,
# and logs `use` and `index` to REPO/fake.log.
#
#   oracle       the expected ids (as paths, with a noise line first)
#   wrong-first  $FAKE_WRONG (1) wrong ids, then the expected ones
#   empty        nothing
#   fail         nothing, and exit 3
#
# With --all (the weaker hits too), a NONE query gets one weak hit.
set -eu
repo="" agent="" cmd="" query="" id="" all=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kb) repo=$2; shift 2 ;;
	--agent) agent=$2; shift 2 ;;
	--limit) shift 2 ;;
	--channel=*) shift ;;
	--query=*) query=${1#--query=}; shift ;;
	--quiet) shift ;;
	--all) all=1; shift ;;
	--) shift; [ "$cmd" = use ] && id=$1 || query=$*; break ;;
	*) cmd=$1; shift ;;
	esac
done
case "$cmd" in
use) printf 'use\t%s\t%s\t%s\n' "$agent" "$id" "$query" >> "$repo/fake.log"
	exit 0 ;;
index) echo index >> "$repo/fake.log"; exit 0 ;;
search) ;;
*) echo "fake-kb: unknown command '$cmd'" >&2; exit 2 ;;
esac
[ "$FAKE_MODE" = fail ] && { echo "fake-kb: failing on purpose" >&2; exit 3; }
[ "$FAKE_MODE" = empty ] && exit 0
expected=$(awk -F '\t' -v q="$query" '$1 == q { print $2; exit }' \
    "$FAKE_QUERIES")
case "$expected" in
NONE|-|"")
	[ "$all" = 1 ] && printf 'weak-hit\tA weaker hit\tnot sure\n'
	exit 0 ;;
esac
echo "a noise line without a tab"
if [ "$FAKE_MODE" = wrong-first ]; then
	seq "${FAKE_WRONG:-1}" | sed 's/.*/wrong-&\tWrong/'
fi
printf '%s\n' "$expected" | tr ',' '\n' | while read -r e; do
	printf 'answers/topic/%s.md\tTitle of %s\n' "$e" "$e"
done
