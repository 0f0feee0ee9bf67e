#!/bin/sh
# An office fetches what it needs: main, its own proposals still waiting
# for a decision (named proposals/<office>/<station>/...), and nothing of
# another office's.  No copy goes under refs/remotes/origin/ besides the
# main it tracks, and the copies an older kbsync left (every office's
# proposals, twice) are removed at the next sync.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
url=$centre
north=$tmp/north
south=$tmp/south
make_office "$north" "$url" --office North --station desk1
make_office "$south" "$url" --office South --station desk2
dog=answers/animals/dog-licence.md

# propose KB AGENT WORDS: a proposal on dog-licence; its branch in $out.
propose() {
	sed "s/^All dogs and cats/$3/" "$1/$dog" >"$tmp/dog.md"
	expect_status 0 kb --kb "$1" --agent "$2" propose dog-licence \
	    --message "$3" --file "$tmp/dog.md"
}

note "South proposes; the centre has South's proposal"
propose "$south" Ann "Every dog and cat"
sb=$out
expect_eq "proposals/south/desk2/ann/dog-licence-1" "$sb" \
    "named after its office and station"
expect_status 0 kbsync --kb "$south"
git -C "$centre" rev-parse -q --verify "refs/heads/$sb" >/dev/null ||
    fail "the centre lacks South's proposal"

note "North, with an agent of the same name, proposes and syncs"
propose "$north" Ann "Each dog and cat"
nb=$out
expect_eq "proposals/north/desk1/ann/dog-licence-1" "$nb" \
    "the same agent and answer at another office: another name"
expect_status 0 kbsync --kb "$north"
expect_eq "$(want_station=desk1 want_report "$url" north "0 0 0" "" "1 0" 0)" \
    "$out" "North: 1 sent"
expect_eq "" "$(git -C "$north" for-each-ref --format='%(refname)' | grep south || true)" \
    "North holds no ref of South's"
expect_eq "refs/kb/central/$nb" \
    "$(git -C "$north" for-each-ref --format='%(refname)' refs/kb/central/proposals/)" \
    "North's copy of the centre's proposals: its own only"
expect_eq "refs/remotes/origin/HEAD
refs/remotes/origin/main" \
    "$(git -C "$north" for-each-ref --format='%(refname)' refs/remotes/)" \
    "refs/remotes/origin/: the main North tracks, nothing else"

note "an office an older kbsync synced: its copies of every proposal go"
c=$(git -C "$north" rev-parse main)
git -C "$north" update-ref refs/remotes/origin/proposals/south/ann/x-1 "$c"
git -C "$north" update-ref refs/remotes/origin/proposals/ann/dog-licence-1 "$c"
git -C "$north" update-ref refs/kb/central/proposals/bob/old-1 "$c"
git -C "$north" update-ref refs/kb/central/proposals/south/desk2/ann/dog-licence-1 "$c"
expect_status 0 kbsync --kb "$north"
expect_eq "$(want_station=desk1 want_report "$url" north "0 0 0" "" "0 0" 0)" \
    "$out" "nothing sent, nothing decided"
expect_eq "refs/kb/central/$nb
refs/remotes/origin/HEAD
refs/remotes/origin/main" \
    "$(git -C "$north" for-each-ref --format='%(refname)' refs/kb/central/proposals/ refs/remotes/)" \
    "only the main it tracks and its own waiting proposal are left"

note "South's proposal decided at the centre: North takes nothing of it"
expect_status 0 kb --kb "$centre" reject "$sb" --reason "Not clearer"
expect_status 0 kbsync --kb "$north"
expect_eq "$(want_station=desk1 want_report "$url" north "0 0 0" "" "0 0" 0)" \
    "$out" "North: no decision of South's"
git -C "$north" rev-parse -q --verify "refs/heads/$sb" >/dev/null &&
    fail "North made a branch of South's proposal"
expect_status 0 kbsync --kb "$south"
expect_eq "$(want_station=desk2 want_report "$url" south "0 0 0" "" "0 1" 0)" \
    "$out" "South: its decision"

exit 0
