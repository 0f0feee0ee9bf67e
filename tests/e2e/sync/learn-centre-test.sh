#!/bin/sh
# Learning from use across offices (kb(1), LEARNING FROM USE), through a
# real git daemon: office East's uses reach the centre with kbsync; kb
# learn --publish at the centre writes refs/kb/learned; office West's
# kbsync fetches it into refs/kb/central/learned and West's search finds
# the answer for East's callers' words, which West never logged.  A bad
# line in the published file is a warning naming its line, and the rest
# is used.  kbsync never sends refs/kb/learned, and the centre's example
# pre-receive hook refuses it from an office; an office cannot publish.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
daemon_start
east=$tmp/east
west=$tmp/west
make_office "$east" "$daemon_url" --office east
make_office "$west" "$daemon_url" --office west
q="passport nicked on holiday"

# The answers a plain kb search in office $1 finds for $2, one per line.
found() {
	expect_status 0 kb --kb "$1" search "$2"
	ids_of "$out"
}

note "before: West's search does not find the answer for these words"
expect_not_contains "$(found "$west" "nicked holiday")" passport-lost-stolen \
    "West before"

note "East: two agents use the answer after the same words; kbsync sends them"
expect_status 0 kb --kb "$east" --agent ann use passport-lost-stolen \
    --channel phone --query "$q"
expect_status 0 kb --kb "$east" --agent ben use passport-lost-stolen \
    --channel phone --query "nicked during my holiday"
expect_status 0 kbsync --kb "$east"
expect_contains "$out" "usage      2 events sent" "East's uses went to the centre"

note "the centre learns from the offices' usage and publishes it"
expect_status 0 kb --kb "$centre" learn --publish
expect_eq "learned    2 words for 1 answer (1 answer changed now)" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "kb learn at the centre"
expect_match "$out" '^published  refs/kb/learned [0-9a-f]{7}: 2 words for 1 answer$' \
    "kb learn --publish"
expect_eq "passport-lost-stolen${TAB}holiday 2 nicked 2" \
    "$(git -C "$centre" show refs/kb/learned:learned.txt | grep -v '^#')" \
    "the published file"
published=$(git -C "$centre" rev-parse refs/kb/learned)
expect_status 0 kb --kb "$centre" learn --publish
expect_contains "$out" "(unchanged)" "publishing again changes nothing"
expect_eq "$published" "$(git -C "$centre" rev-parse refs/kb/learned)" \
    "the ref did not move"

note "West syncs: it has the centre's words, and its search finds the answer"
expect_status 0 kbsync --kb "$west"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$published" "$(git -C "$west" rev-parse refs/kb/central/learned)" \
    "West fetched refs/kb/learned"
expect_eq passport-lost-stolen "$(found "$west" "nicked holiday" | sed -n 1p)" \
    "West finds it for East's callers' words"
expect_status 0 kb --kb "$west" report --format csv --section learned
expect_contains "$(printf '%s\n' "$out" | tr -d '\r')" \
    "passport-lost-stolen,Report a lost or stolen passport and replace it,nicked,,2" \
    "West's report: the centre's word, no agents known here"
expect_status 1 kb --kb "$west" learn --publish
expect_contains "$err" "is an office's KB" "an office cannot publish"

note "a hostile line in the published file: a warning naming the line, the rest used"
bad=$(printf '# hand-made\npassport-lost-stolen\tholiday 2 nicked 2\nsnow-removal\tSNOW 9\nBad Id\tx 1\n' |
    git -C "$centre" hash-object -w --stdin)
tree=$(printf '100644 blob %s\tlearned.txt\n' "$bad" | git -C "$centre" mktree)
commit=$(git -C "$centre" commit-tree -m "hand-made" "$tree")
git -C "$centre" update-ref refs/kb/learned "$commit"
expect_status 0 kbsync --kb "$west"
expect_contains "$err" "kbsync: warning: refs/kb/central/learned:learned.txt:3: a weight that is not a number from 1 to 3; line skipped" \
    "line 3 is told"
expect_contains "$err" "kbsync: warning: refs/kb/central/learned:learned.txt:4: not an answer id before the tab; line skipped" \
    "line 4 is told"
expect_not_contains "$err" "SNOW" "a line is never quoted"
expect_eq passport-lost-stolen "$(found "$west" "nicked holiday" | sed -n 1p)" \
    "the good line is still used"

note "the centre withdraws its words: West drops them"
git -C "$centre" update-ref -d refs/kb/learned
expect_status 0 kbsync --kb "$west"
git -C "$west" rev-parse -q --verify refs/kb/central/learned >/dev/null &&
    fail "West kept refs/kb/central/learned"
expect_not_contains "$(found "$west" "nicked holiday")" passport-lost-stolen \
    "West without the centre's words"

note "kbsync never sends refs/kb/learned"
expect_status 0 kb --kb "$centre" learn --publish --quiet
published=$(git -C "$centre" rev-parse refs/kb/learned)
git -C "$east" update-ref refs/kb/learned "$(git -C "$east" rev-parse main)"
expect_status 0 kb --kb "$east" --agent ann use dog-licence --channel phone \
    --query "dog tag"
expect_status 0 kbsync --kb "$east"
expect_eq "$published" "$(git -C "$centre" rev-parse refs/kb/learned)" \
    "the centre's refs/kb/learned after East's sync"

note "the example hook refuses refs/kb/learned from an office"
daemon_stop
cp "$KB_TOP/man/examples/pre-receive" "$centre/hooks/pre-receive"
export KB_PUSHER=east
daemon_start --same-port
unset KB_PUSHER
git -C "$east" push -q "$daemon_url" +main:refs/kb/learned 2>"$tmp/push.err" &&
    fail "the centre took East's push of refs/kb/learned"
expect_contains "$(cat "$tmp/push.err")" \
    "refs/kb/learned: refused: only the centre publishes what it learned" \
    "the hook's reason reaches East"
expect_eq "$published" "$(git -C "$centre" rev-parse refs/kb/learned)" \
    "refs/kb/learned did not move"

exit 0
