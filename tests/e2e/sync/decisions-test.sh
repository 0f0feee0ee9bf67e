#!/bin/sh
# The decisions refs (kbsync(1), DECISIONS): a reviewer's approval or
# rejection, made at the centre or in a reviewer's clone with --push,
# is recorded on refs/kb/decisions/<office>, a file per proposal, so the
# centre may delete decided branches and the decision stays.  The
# office's kbsync fetches its own decisions ref only, shows what was
# decided (kb proposals --all) and deletes its decided branches, and
# sends nothing back; kb propose does not reuse a decided one's name.  The centre's hook (man/examples/pre-receive) lets
# only a reviewer move a decisions ref, and only forward.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'
dog=answers/animals/dog-licence.md
pet=answers/animals/lost-pet.md

make_centre
cp "$KB_TOP/man/examples/pre-receive" "$centre/hooks/pre-receive"
chmod +x "$centre/hooks/pre-receive"
git -C "$centre" config --add kb.hookReviewer rita

note "an office proposes two changes and sends them"
daemon_serve north
url=$daemon_url
o=$tmp/office
office_proposes_two "$o" "$url"
expect_status 0 kbsync --kb "$o"
expect_match "$out" "^proposals +2 sent, 0 decided at the centre\$" "two sent"

note "approved in a reviewer's clone with --push, rejected at the centre"
daemon_serve rita
r=$tmp/rita
git clone -q "$url" "$r"
git -C "$r" config user.name "Rita Reviewer"
git -C "$r" config user.email "rita@example.invalid"
(cd "$r" && expect_status 0 kb approve "$b1" --push)
expect_no_diag "kb approve --push"
expect_status 0 kb --kb "$centre" reject "$b2" --reason "Not now"
dec=refs/kb/decisions/north
rest1=${b1#proposals/north/}
rest2=${b2#proposals/north/}
expect_eq "$(git -C "$centre" ls-tree -r --name-only "$dec" | sort)" \
    "$(printf '%s\n' "$rest1.txt" "$rest2.txt" | sort)" \
    "the centre's decisions ref: a file per decided proposal"
expect_eq 2 "$(git -C "$centre" rev-list --count "$dec")" \
    "a commit per decision, one on the other"
rec1=$(git -C "$centre" show "$dec:$rest1.txt")
expect_contains "$rec1" "branch: $b1" "the record names the branch"
expect_contains "$rec1" "decision: approved" "approved"
expect_contains "$rec1" "reviewer: Rita Reviewer" "by Rita"
expect_contains "$rec1" "tip: $(git -C "$o" rev-parse "$b1")" "the tip decided on"
rec2=$(git -C "$centre" show "$dec:$rest2.txt")
expect_contains "$rec2" "decision: rejected" "rejected"
expect_contains "$rec2" "reason: Not now" "with its reason"

note "the centre deletes both branches; the office syncs"
git -C "$centre" branch -q -D "$b1" "$b2"
daemon_serve north
expect_status 0 kbsync --kb "$o"
expect_match "$out" "^proposals +0 sent, 2 decided at the centre\$" "both decisions taken"
expect_eq "" "$(git -C "$o" for-each-ref refs/heads/proposals/)" \
    "the office's decided branches are gone"
expect_eq "" "$(git -C "$centre" for-each-ref refs/heads/proposals/)" \
    "nothing was pushed back"
expect_eq "$(git -C "$centre" rev-parse "$dec")" \
    "$(git -C "$o" rev-parse refs/kb/central/decisions/north)" \
    "the office has the centre's decisions"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b1${TAB}dog-licence${TAB}Ann${TAB}$DATE${TAB}Simpler wording${TAB}merged\$" \
    "kb proposals --all: the approved one"
expect_match "$out" "^$b2${TAB}lost-pet${TAB}Bob${TAB}$DATE${TAB}Ferrets too${TAB}rejected: Not now\$" \
    "kb proposals --all: the rejected one, with its reason"
expect_status 0 kb --kb "$o" proposals
expect_eq "" "$out" "nothing waits"
expect_status 0 kbsync --kb "$o"
expect_match "$out" "^proposals +0 sent, 0 decided at the centre\$" "the next sync: nothing"
expect_eq "" "$(git -C "$centre" for-each-ref refs/heads/proposals/)" \
    "still nothing pushed back"

note "a new proposal does not take a decided one's name"
sed 's/^Every dog and cat/Each dog and cat/' "$o/$dog" >"$tmp/dog3.md"
expect_status 0 kb --kb "$o" --agent Ann propose dog-licence \
    --message "Again" --file "$tmp/dog3.md"
expect_eq "${b1%-1}-2" "$out" "Ann's next dog-licence proposal is number 2"
git -C "$o" branch -q -D "$out"

note "another office's decisions are not fetched"
git -C "$centre" update-ref refs/kb/decisions/south "$(git -C "$centre" rev-parse "$dec")"
expect_status 0 kbsync --kb "$o"
expect_eq "" "$(git -C "$o" for-each-ref refs/kb/central/decisions/south)" \
    "south's decisions stay at the centre"

note "the hook: only a reviewer moves a decisions ref, only forward"
tip=$(git -C "$centre" rev-parse "$dec")
git -C "$o" fetch -q "$url" "$dec:refs/tmp/dec"
forged=$(git -C "$o" commit-tree -p "$tip" -m forged "$(git -C "$o" rev-parse "$tip^{tree}")")
expect_status 1 git -C "$o" push "$url" "$forged:$dec"
expect_contains "$err" "only a reviewer" "an office cannot move its decisions"
expect_status 1 git -C "$o" push "$url" ":$dec"
expect_contains "$err" "refused" "nor delete them"
expect_eq "$tip" "$(git -C "$centre" rev-parse "$dec")" "the centre's decisions as they were"
daemon_serve rita
first=$(git -C "$centre" rev-list --reverse "$dec" | head -1)
expect_status 1 git -C "$o" push --force "$url" "$first:$dec"
expect_contains "$err" "not a fast-forward" "a reviewer cannot rewind them"
expect_status 0 git -C "$o" push "$url" "$forged:$dec"
expect_eq "$forged" "$(git -C "$centre" rev-parse "$dec")" "a reviewer moves them forward"
