#!/bin/sh
# Learning counts people, not PCs: one agent using an answer after the
# same words on two PCs (stations) of one office is one agent, and
# teaches the centre nothing; a second agent of that office, on either
# PC, makes two (see kb(1), Learning from use).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
daemon_start
pc1=$tmp/pc1
pc2=$tmp/pc2
make_office "$pc1" "$daemon_url" --office north --station pc-1
make_office "$pc2" "$daemon_url" --office north --station pc-2

note "Ann on both PCs of North, the same words: one agent"
expect_status 0 kb --kb "$pc1" --agent ann use passport-lost-stolen \
    --channel phone --query "passport nicked on holiday"
expect_status 0 kb --kb "$pc2" --agent ann use passport-lost-stolen \
    --channel phone --query "nicked during my holiday"
expect_status 0 kbsync --kb "$pc1"
expect_status 0 kbsync --kb "$pc2"
expect_status 0 kb --kb "$centre" learn --publish
expect_contains "$out" "learned    0 words" "one agent on two PCs teaches nothing"

note "Ben on PC 2, the same words: two agents"
expect_status 0 kb --kb "$pc2" --agent ben use passport-lost-stolen \
    --channel phone --query "nicked on holiday"
expect_status 0 kbsync --kb "$pc2"
expect_status 0 kb --kb "$centre" learn --publish
expect_eq "passport-lost-stolen${TAB}holiday 2 nicked 2" \
    "$(git -C "$centre" show refs/kb/learned:learned.txt | grep -v '^#')" \
    "two agents of North: the words are learned"
exit 0
