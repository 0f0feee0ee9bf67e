#!/bin/sh
# Decided proposals are pruned and never pushed back: once the office
# has taken the centre's decision, kbsync stops fetching that proposal
# (its copy under refs/kb/central/ goes) and, the decision being on the
# centre's decisions ref (decisions-test), deletes the office's branch;
# the centre may delete its branch and the office does not send it
# again; kb proposals --all still says what was decided.  A
# proposal still waiting that the centre lost is another matter: it is
# sent again (proposals-test).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office North
DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'
dog=answers/animals/dog-licence.md
pet=answers/animals/lost-pet.md

report() {
	want_report "$url" north "$1" "$2" "$3" 0
}

note "a proposal, sent, rejected at the centre, the decision taken"
sed 's/^All dogs and cats/Every dog and cat/' "$o/$dog" >"$tmp/dog.md"
expect_status 0 kb --kb "$o" --agent Ann propose dog-licence \
    --message "Simpler wording" --file "$tmp/dog.md"
b1=$out
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "1 0")" "$out" "1 sent"
expect_status 0 kb --kb "$centre" reject "$b1" --reason "Not clearer"
rejected=$(git -C "$centre" rev-parse "refs/heads/$b1")
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "0 1")" "$out" "the decision taken"
expect_eq "$rejected" "$(git -C "$o" rev-parse "$b1")" "the office's branch has it"

note "decided and seen: the office no longer fetches it, and deletes it"
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "0 0")" "$out" "nothing sent, nothing decided"
git -C "$o" rev-parse -q --verify "refs/kb/central/$b1" >/dev/null &&
    fail "the office still keeps a copy of the centre's decided branch"
git -C "$o" rev-parse -q --verify "refs/heads/$b1" >/dev/null &&
    fail "the office keeps its decided branch"

note "the centre deletes the decided branch: not pushed back"
git -C "$centre" branch -q -D "$b1"
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "0 0")" "$out" "deleted at the centre: 0 sent"
git -C "$centre" rev-parse -q --verify "refs/heads/$b1" >/dev/null &&
    fail "a decided branch deleted at the centre came back"
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "0 0")" "$out" "and not at the next sync either"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b1${TAB}dog-licence${TAB}Ann${TAB}$DATE${TAB}Simpler wording${TAB}rejected: Not clearer\$" \
    "the office still says what was decided"

note "approved at the centre, deleted there once the office has it"
sed 's/^\*\*Lost a pet\*\*/**Lost a pet (ferrets included)**/' "$o/$pet" >"$tmp/pet.md"
expect_status 0 kb --kb "$o" --agent Bob propose lost-pet --message "Ferrets too" \
    --file "$tmp/pet.md"
b2=$out
tip2=$(git -C "$o" rev-parse "$b2")
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "1 0")" "$out" "Bob's: 1 sent"
before=$(centre_main)
expect_status 0 kb --kb "$centre" approve "$b2"
after=$(centre_main)
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 1 0" "$before $after" "0 1")" "$out" "approved: in main"
git -C "$centre" branch -q -D "$b2"
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "0 0")" "$out" "the approved one deleted at the centre: 0 sent"
git -C "$centre" rev-parse -q --verify "refs/heads/$b2" >/dev/null &&
    fail "an approved branch deleted at the centre came back"
git -C "$centre" merge-base --is-ancestor "$tip2" "$after" ||
    fail "the approval is not in the centre's main history"

note "the office's decided proposals are gone: nothing is sent"
expect_eq "" "$(git -C "$o" for-each-ref refs/heads/proposals/)" \
    "kbsync deleted the office's decided branches"
expect_status 0 kbsync --kb "$o"
expect_eq "$(report "0 0 0" "" "0 0")" "$out" "deleted at the office too: 0 sent"
expect_eq "" "$(git -C "$centre" for-each-ref refs/heads/proposals/)" \
    "the centre holds no proposal"
expect_eq "" "$(git -C "$o" for-each-ref refs/kb/central/proposals/)" \
    "the office holds no copy of one"

exit 0
