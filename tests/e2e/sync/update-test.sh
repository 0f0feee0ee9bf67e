#!/bin/sh
# Answers added, changed and removed at the centre (plain git, pushed to
# the bare central repository) reach the office with kbsync: the exact
# counts and main old..new, the work tree, and the search index at once.
# --dry-run first reports the same and changes nothing.  Counts compare
# trees: an answer changed twice counts once, one added then removed not
# at all, files outside answers/*.md not at all.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office "Field Office 7"
office=field-office-7
old=$(git -C "$o" rev-parse main)
graffiti=answers/city-services/graffiti-removal.md
holiday=answers/trash/holiday-tree-pickup.md

first_change() {
	write_answer . permits/kayak-permit "Kayak launch permit" \
	    "A kayak launch permit costs 20 dollars a season."
	write_answer . permits/beehive-permit "Backyard beehive permit" \
	    "Beehives need a permit and a water source within 15 metres."
	printf '%s\n' "" "Murals by the quetzalcoatlus collective are never removed." \
	    >>"$graffiti"
	git rm -q "$holiday"
	echo "Not an answer." >NOTES.txt
}
centre_change "Two new, one changed, one removed" first_change
new=$(centre_main)

note "--dry-run: the counts, and nothing changed"
git -C "$o" for-each-ref >"$tmp/refs-before"
cp "$o/.git/kb/index.db" "$tmp/index-before"
expect_status 0 kbsync --kb "$o" --dry-run
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" "$office" "2 1 1" "$old $new" "0 0" 0)" "$out" "--dry-run's report"
expect_no_diag "--dry-run"
expect_eq "$old" "$(git -C "$o" rev-parse main)" "--dry-run leaves main"
expect_eq "" "$(git -C "$o" status --porcelain)" "--dry-run leaves the work tree"
[ -f "$o/$holiday" ] || fail "--dry-run removed a file"
[ ! -e "$o/answers/permits/kayak-permit.md" ] || fail "--dry-run wrote a new answer"
cmp -s "$tmp/index-before" "$o/.git/kb/index.db" || fail "--dry-run changed the index"
expect_status 0 kb --kb "$o" search quetzalcoatlus
expect_eq "" "$out" "after --dry-run the new text is not searchable"
expect_status 0 kb --kb "$o" search holiday tree
expect_match "$out" "^holiday-tree-pickup${TAB}" "after --dry-run the removed answer still is"
expect_eq "$new" "$(centre_main)" "--dry-run leaves the centre"
expect_status 0 kbsync --kb "$o" -n
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" "$office" "2 1 1" "$old $new" "0 0" 0)" "$out" "-n again: the same"
expect_eq "$(cat "$tmp/refs-before")" "$(git -C "$o" for-each-ref)" \
    "--dry-run changes no ref of the office (refs/remotes/origin/* included)"

note "kbsync"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$office" "2 1 1" "$old $new" "0 0" 0)" "$out" "kbsync's report"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$new" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_eq "$new" "$(git -C "$o" rev-parse refs/remotes/origin/main)" \
    "refs/remotes/origin/main is the centre's main"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree follows main"
expect_contains "$(cat "$o/$graffiti")" "quetzalcoatlus collective" "the changed file"
expect_contains "$(cat "$o/answers/permits/kayak-permit.md")" "20 dollars" "a new file"
[ ! -e "$o/$holiday" ] || fail "the removed answer is still in the work tree"

note "the index follows at once"
expect_status 0 kb --kb "$o" search quetzalcoatlus
expect_eq "graffiti-removal${TAB}Graffiti removal" "$out" "search finds the changed text"
expect_status 0 kb --kb "$o" search kayak
expect_eq "kayak-permit${TAB}Kayak launch permit" "$out" "search finds a new answer"
expect_status 0 kb --kb "$o" search beehive
expect_eq "beehive-permit${TAB}Backyard beehive permit" "$out" "and the other"
expect_status 0 kb --kb "$o" search holiday tree
expect_not_contains "$out" "holiday-tree-pickup" "the removed answer is not found"
expect_status 1 kb --kb "$o" show holiday-tree-pickup
expect_status 0 kb --kb "$o" show kayak-permit
expect_contains "$out" "A kayak launch permit costs 20 dollars a season." "kb show of a new answer"
expect_status 0 kb --kb "$o" status
expect_match "$out" "^version    main@$(printf '%.7s' "$new"), 83 answers\$" "kb status: 83 answers"

note "a second kbsync: nothing to do"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$office" "0 0 0" "" "0 0" 0)" "$out" "nothing changed"
expect_status 0 kbsync --kb "$o" --dry-run
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" "$office" "0 0 0" "" "0 0" 0)" "$out" "--dry-run, nothing to do"

note "several commits: counted by what differs"
add_walrus() {
	write_answer . zoo/walrus-visits "Walrus visits" "Walrus visits are at nine."
	printf '%s\n' "Second line about umbrellabirds." >>"$graffiti"
}
drop_walrus() {
	git rm -q answers/zoo/walrus-visits.md
	printf '%s\n' "Third line about umbrellabirds." >>"$graffiti"
	write_answer . permits/kayak-permit "Kayak launch permit" \
	    "A kayak launch permit costs 25 dollars a season."
}
centre_change "Walrus added" add_walrus
centre_change "Walrus removed" drop_walrus
newer=$(centre_main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$office" "0 2 0" "$new $newer" "0 0" 0)" "$out" \
    "two commits: two answers changed, the walrus not counted"
expect_status 0 kb --kb "$o" search umbrellabirds
expect_eq "graffiti-removal${TAB}Graffiti removal" "$out" "the last text is searchable"
expect_status 0 kb --kb "$o" search walrus
expect_eq "" "$out" "the walrus came and went"
expect_contains "$(cat "$o/answers/permits/kayak-permit.md")" "25 dollars" "the kayak file"
expect_eq "" "$(git -C "$o" status --porcelain)" "clean work tree"

note "a local edit the centre does not touch is kept; one it does blocks main"
printf '%s\n' "A local note." >>"$o/answers/animals/dog-licence.md"
kayak_edit() {
	write_answer . permits/kayak-permit "Kayak launch permit" \
	    "A kayak launch permit costs 30 dollars a season."
}
centre_change "Kayak 30" kayak_edit
k30=$(centre_main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$office" "0 1 0" "$newer $k30" "0 0" 0)" "$out" \
    "a local edit elsewhere: synced"
expect_contains "$(cat "$o/answers/animals/dog-licence.md")" "A local note." "the local edit is kept"
printf '%s\n' "My own kayak text." >>"$o/answers/permits/kayak-permit.md"
kayak_edit40() {
	write_answer . permits/kayak-permit "Kayak launch permit" \
	    "A kayak launch permit costs 40 dollars a season."
}
centre_change "Kayak 40" kayak_edit40
k40=$(centre_main)
expect_status 1 kbsync --kb "$o"
expect_contains "$err" "answers/permits/kayak-permit.md" "the message names the file"
expect_eq "$k30" "$(git -C "$o" rev-parse main)" "main is left as it was"
expect_contains "$(cat "$o/answers/permits/kayak-permit.md")" "My own kayak text." \
    "the local edit is not overwritten"
git -C "$o" checkout -q -- answers/permits/kayak-permit.md
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" "$office" "0 1 0" "$k30 $k40" "0 0" 0)" "$out" \
    "the edit undone: synced"
expect_contains "$(cat "$o/answers/permits/kayak-permit.md")" "40 dollars" "the centre's text"

exit 0
