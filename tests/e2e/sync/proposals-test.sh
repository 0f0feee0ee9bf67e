#!/bin/sh
# Proposals made at an office travel with kbsync: a new proposal branch
# is sent (once), a branch that grew is sent again, and a decision taken
# at the centre (kb reject, kb approve on the bare central repository)
# comes back: the office's branch fast-forwards, kb proposals --all says
# rejected or merged, and an approved text reaches the office's main and
# search (an approval by merge commit moves main only: not counted as a
# decision).  --dry-run counts without sending or taking anything.
# Merged branches deleted at the centre are not sent again; a branch the
# centre has another version of is left alone (exit 4); a pending
# proposal whose branch the centre lost is sent again.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office North
DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'
dog=answers/animals/dog-licence.md
pet=answers/animals/lost-pet.md
b1=proposals/north/$host_station/ann/dog-licence-1

note "an agent proposes at the office"
sed 's/^All dogs and cats/Every dog and cat/' "$o/$dog" >"$tmp/dog.md"
expect_status 0 kb --kb "$o" --agent Ann propose dog-licence \
    --message "Simpler wording" --file "$tmp/dog.md"
expect_eq "$b1" "$out" "the proposal's branch"
tip1=$(git -C "$o" rev-parse "$b1")

note "--dry-run: 1 would be sent, nothing is"
expect_status 0 kbsync --kb "$o" --dry-run
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "--dry-run's report"
git -C "$centre" rev-parse -q --verify "refs/heads/$b1" >/dev/null &&
    fail "--dry-run sent the proposal"

note "kbsync sends it"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "1 sent"
expect_eq "" "$err" "nothing on stderr"
expect_eq "$tip1" "$(git -C "$centre" rev-parse "refs/heads/$b1")" \
    "the centre has the office's branch"
expect_eq "$tip1" "$(git -C "$o" rev-parse "refs/kb/central/$b1")" \
    "the office's copy of the centre's branch (refs/kb/central/proposals/...)"
expect_status 0 kb --kb "$centre" proposals
expect_match "$out" "^$b1${TAB}dog-licence${TAB}Ann${TAB}$DATE${TAB}Simpler wording\$" \
    "kb proposals at the centre lists it"
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one proposal at the centre"

note "a second kbsync sends nothing"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "0 sent"

note "a branch that grew at the office is sent again"
tree=$(git -C "$o" rev-parse "$b1^{tree}")
more=$(GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=agent@kb.invalid git -C "$o" commit-tree \
    -p "$b1" -m "Simpler wording, take 2" -m "Kb-Answer: dog-licence" "$tree")
git -C "$o" update-ref "refs/heads/$b1" "$more" "$tip1"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "the grown branch: 1 sent"
expect_eq "$more" "$(git -C "$centre" rev-parse "refs/heads/$b1")" "the centre has it all"
expect_status 0 kb --kb "$centre" proposals
expect_match "$out" "^$b1${TAB}dog-licence${TAB}Ann${TAB}$DATE${TAB}Simpler wording, take 2\$" \
    "kb proposals at the centre: the grown one"

note "rejected at the centre"
expect_status 0 kb --kb "$centre" reject "$b1" --reason "Not clearer"
expect_eq "rejected $b1" "$out" "kb reject at the centre"
rejected=$(git -C "$centre" rev-parse "refs/heads/$b1")
expect_status 0 kbsync --kb "$o" -n
expect_eq "dry run: nothing was changed here or at the centre
$(want_report "$url" north "0 0 0" "" "0 1" 0)" "$out" "--dry-run: 1 decision"
expect_eq "$more" "$(git -C "$o" rev-parse "$b1")" "--dry-run does not take the decision"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 1" 0)" "$out" "1 decided at the centre"
expect_eq "$rejected" "$(git -C "$o" rev-parse "$b1")" \
    "the office's branch has the rejection"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b1${TAB}dog-licence${TAB}Ann${TAB}$DATE${TAB}Simpler wording, take 2${TAB}rejected: Not clearer\$" \
    "kb proposals --all at the office: rejected"
expect_status 0 kb --kb "$o" proposals
expect_eq "" "$out" "nothing pending at the office"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "the decision counts once"

note "approved at the centre: the text reaches the office's main"
sed 's/^\*\*Lost a pet\*\*/**Lost a pet (ferrets included)**/' "$o/$pet" >"$tmp/pet.md"
cmp -s "$tmp/pet.md" "$o/$pet" && fail "test setup: the lost-pet edit changed nothing"
expect_status 0 kb --kb "$o" --agent Bob propose lost-pet --message "Ferrets too" \
    --file "$tmp/pet.md"
b2=$out
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "Bob's: 1 sent"
before=$(centre_main)
expect_status 0 kb --kb "$centre" approve "$b2"
expect_eq "approved $b2 (fast-forward)" "$out" "kb approve at the centre"
after=$(centre_main)
expect_eq "$before" "$(git -C "$o" rev-parse main)" "the office's main before the sync"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 1 0" "$before $after" "0 1" 0)" "$out" \
    "the approved text: 1 changed, 1 decided"
expect_eq "$after" "$(git -C "$o" rev-parse main)" "the office's main has it"
expect_eq "$after" "$(git -C "$o" rev-parse "$b2")" "the office's branch has the approval"
expect_eq "" "$(git -C "$o" status --porcelain)" "clean work tree"
expect_status 0 kb --kb "$o" search ferrets included
expect_match "$out" "^lost-pet${TAB}" "the approved change is searchable"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b2${TAB}lost-pet${TAB}Bob${TAB}$DATE${TAB}Ferrets too${TAB}merged\$" "merged"

note "a new answer proposed, approved at the centre: 1 added"
printf '%s\n' "---" "title: Adopt a shelter ferret" "tags: ferret, adoption" \
    "related: lost-pet" "---" "Ferret adoptions are on Saturdays." >"$tmp/ferret.md"
expect_status 0 kb --kb "$o" --agent Bob propose ferret-adoption \
    --message "New: ferret adoption" --file "$tmp/ferret.md"
b3=$out
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "the new answer: 1 sent"
expect_status 0 kb --kb "$centre" approve "$b3"
expect_eq "approved $b3 (fast-forward)" "$out" "kb approve of the new answer"
newer=$(centre_main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "1 0 0" "$after $newer" "0 1" 0)" "$out" \
    "the approved new answer: 1 added, 1 decided"
expect_status 0 kb --kb "$o" search ferret adoptions saturdays
# The lost-pet answer now says "ferrets" and "adoption" too: the new one
# must come first.
expect_eq "ferret-adoption${TAB}Adopt a shelter ferret" "$(printf '%s\n' "$out" | head -1)" \
    "the approved new answer is searchable, first"

note "approved by a merge commit at the centre (main moved meanwhile)"
sed 's/^title: Lost or found pet/title: Lost or found pet (all animals)/' "$o/$pet" >"$tmp/pet2.md"
expect_status 0 kb --kb "$o" --agent Bob propose lost-pet --message "All animals" \
    --file "$tmp/pet2.md"
b5=$out
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "1 sent"
centre_change "Meanwhile at the centre" write_answer . permits/canoe-permit \
    "Canoe permit" "Canoes need a permit too."
meanwhile=$(centre_main)
expect_status 0 kb --kb "$centre" approve "$b5"
expect_eq "approved $b5 (merge commit)" "$out" "kb approve by a merge"
merged=$(centre_main)
expect_status 0 kbsync --kb "$o"
# The merge is on main; the branch at the centre did not move, but main
# took the proposal in this sync: counted as decided at the centre.
expect_eq "$(want_report "$url" north "1 1 0" "$newer $merged" "0 1" 0)" "$out" \
    "a merge approval: main moves, 1 decided, nothing sent"
expect_eq "$merged" "$(git -C "$o" rev-parse main)" "the office's main has the merge"
expect_status 0 kb --kb "$o" search all animals
expect_match "$out" "^lost-pet${TAB}Lost or found pet \(all animals\)\$" "the merged title is searchable"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b5${TAB}lost-pet${TAB}Bob${TAB}$DATE${TAB}All animals${TAB}merged\$" \
    "the merge approval: merged"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "nothing more"

note "the centre deletes merged branches: nothing is sent again"
git -C "$centre" branch -q -D "$b2" "$b3" "$b5"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "merged and deleted: 0 sent"
git -C "$centre" rev-parse -q --verify "refs/heads/$b2" >/dev/null &&
    fail "a merged branch deleted at the centre came back"

note "the centre has another version of a branch: left alone, exit 4"
sed 's/^All dogs and cats/Dogs and cats/' "$o/$dog" >"$tmp/dog2.md"
expect_status 0 kb --kb "$o" --agent Ann propose dog-licence --message "Shorter" \
    --file "$tmp/dog2.md"
b4=$out
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "the fourth: 1 sent"
ctree=$(git -C "$centre" rev-parse "$b4^{tree}")
other=$(git -C "$centre" commit-tree -p "$b4~1" -m "Someone else's" "$ctree")
git -C "$centre" update-ref "refs/heads/$b4" "$other"
mine=$(git -C "$o" rev-parse "$b4")
expect_status 4 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "exit 4: nothing sent"
expect_contains "$err" "$b4" "the message names the branch"
expect_eq "$mine" "$(git -C "$o" rev-parse "$b4")" "the office's branch is kept"
expect_eq "$other" "$(git -C "$centre" rev-parse "refs/heads/$b4")" "the centre's is kept"
git -C "$centre" update-ref "refs/heads/$b4" "$mine" "$other"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "0 0" 0)" "$out" "the same again: exit 0"

note "a pending proposal the centre lost (its branch deleted there) is sent again"
sed 's/^All dogs and cats/All cats and dogs/' "$o/$dog" >"$tmp/dog3.md"
expect_status 0 kb --kb "$o" --agent Cy propose dog-licence --message "Cats first" \
    --file "$tmp/dog3.md"
b6=$out
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" "Cy's: 1 sent"
git -C "$centre" branch -q -D "$b6"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" north "0 0 0" "" "1 0" 0)" "$out" \
    "the centre lacks it: 1 sent again"
expect_eq "$(git -C "$o" rev-parse "$b6")" "$(git -C "$centre" rev-parse -q --verify "refs/heads/$b6" || true)" \
    "the centre has the lost proposal again"

exit 0
