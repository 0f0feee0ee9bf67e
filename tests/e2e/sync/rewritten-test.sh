#!/bin/sh
# The centre's main rewritten (force-pushed to another history): kbsync
# exits 4, says --reset-to-remote, and leaves the office's main, work
# tree and last sync alone; proposals and usage still go up.  kbsync
# --reset-to-remote (--dry-run first: nothing changes) takes the centre's
# main, keeps the office's under refs/kb/backup/main-<UTC time>, and
# search follows.  An office main with commits of its own on top of the
# centre's is not rewritten: a warning, exit 0.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office Ridge
base=$(centre_main)
lostpet=answers/animals/lost-pet.md
doglic=answers/animals/dog-licence.md

note "a commit at the centre that the office syncs"
centre_change "Wombats" eval 'echo "Wombats are taken to the shelter too." >>'"$lostpet"
first=$(centre_main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" ridge "0 1 0" "$base $first" "0 0" 0)" "$out" "the first change"
expect_status 0 kb --kb "$o" search wombats
expect_match "$out" "^lost-pet${TAB}" "wombats searchable"

note "the centre's main is rewritten: exit 4, nothing changed"
git -C "$edit" fetch -q origin
git -C "$edit" reset -q --hard "$base"
echo "Xylophones are not animals." >>"$edit/$doglic"
commit "$edit" "Rewritten history"
git -C "$edit" push -q --force origin HEAD:main
rewritten=$(centre_main)
cp "$o/.git/kb/last-sync" "$tmp/last-sync"
expect_status 0 kb --kb "$o" --agent Ann use lost-pet --channel phone
expect_status 4 kbsync --kb "$o"
expect_eq "$(want_report "$url" ridge "0 0 0" "" "0 0" 1)" "$out" \
    "exit 4: the report (usage still sent)"
expect_contains "$err" "--reset-to-remote" "the message says --reset-to-remote"
expect_match "$err" '^kbsync: ' "a kbsync message"
expect_eq "$first" "$(git -C "$o" rev-parse main)" "the office's main is unchanged"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is unchanged"
expect_contains "$(cat "$o/$lostpet")" "Wombats" "the office's text is kept"
cmp -s "$tmp/last-sync" "$o/.git/kb/last-sync" || fail "exit 4 rewrote last-sync"
expect_events_once ridge 1 "the event went up despite exit 4"
expect_eq "" "$(git -C "$o" for-each-ref refs/kb/backup)" "no backup without --reset-to-remote"
expect_status 4 kbsync --kb "$o" --quiet
expect_eq "" "$out" "exit 4 --quiet: nothing on stdout"
expect_contains "$err" "--reset-to-remote" "exit 4 --quiet: still the message"
expect_status 0 kb --kb "$o" search wombats
expect_match "$out" "^lost-pet${TAB}" "search unchanged"

note "--reset-to-remote --dry-run: the counts, nothing changed"
expect_status 0 kbsync --kb "$o" --reset-to-remote --dry-run
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" ridge "0 2 0" "$first $rewritten" "0 0" 0)" "$out" "the dry run's report"
expect_eq "$first" "$(git -C "$o" rev-parse main)" "--dry-run: main unchanged"
expect_eq "" "$(git -C "$o" for-each-ref refs/kb/backup)" "--dry-run: no backup"

note "--reset-to-remote"
expect_status 0 kbsync --kb "$o" --reset-to-remote
backup=$(git -C "$o" for-each-ref --format='%(refname)' refs/kb/backup)
expect_match "$backup" '^refs/kb/backup/main-[0-9]{8}T[0-9]{6}Z$' "the backup ref's name"
expect_eq "$(want_report "$url" ridge "0 2 0" "$first $rewritten" "0 0" 0)
backup     $backup (the office's main before the reset)" "$out" "the reset's report"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$first" "$(git -C "$o" rev-parse "$backup")" "the backup is the office's old main"
expect_eq "$rewritten" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree follows"
expect_not_contains "$(cat "$o/$lostpet")" "Wombats" "the rewritten-away text is gone"
expect_contains "$(cat "$o/$doglic")" "Xylophones" "the centre's text is there"
expect_status 0 kb --kb "$o" search wombats
expect_eq "" "$out" "search: the old text is gone"
expect_status 0 kb --kb "$o" search xylophones
expect_match "$out" "^dog-licence${TAB}" "search: the new text is found"
cmp -s "$tmp/last-sync" "$o/.git/kb/last-sync" && fail "a reset did not rewrite last-sync"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" ridge "0 0 0" "" "0 0" 0)" "$out" "in step again"

note "an office main with a commit of its own: kept, a warning, exit 0"
echo "A local note." >>"$o/$doglic"
commit "$o" "Local edit"
local_main=$(git -C "$o" rev-parse main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" ridge "0 0 0" "" "0 0" 0)" "$out" "a local commit: nothing pulled"
expect_match "$err" '^kbsync: warning: ' "a warning about the local commit"
expect_eq "$local_main" "$(git -C "$o" rev-parse main)" "the local commit is kept"
expect_eq "$rewritten" "$(centre_main)" "and not sent to the centre's main"

exit 0
