#!/bin/sh
# The centre for reviewers: a bare centre behind a git daemon (with the
# example pre-receive hook), an office that proposes through kbsync, and
# reviewers who clone the centre with plain git and need no other git
# command.  In the clone (found from a subfolder, no --kb), kb proposals
# lists the centre's proposals; kb approve --push merges and pushes
# main, the centre has the approval and the office's next kbsync takes
# it; kb reject --push sends a rejection back the same way.  A second
# reviewer whose push meets a centre that moved meanwhile approves again
# on the new main; a centre that keeps moving, a hook that refuses (its
# message shown) and a centre out of reach leave everything as it was:
# the centre untouched, the decision taken back in the clone.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../sync/sync.sh"

DATE='[0-9]{4}-[0-9]{2}-[0-9]{2}'
dog=answers/animals/dog-licence.md
pet=answers/animals/lost-pet.md

make_centre
cp "$KB_TOP/man/examples/pre-receive" "$centre/hooks/kb-pre-receive"
# The hook, and a test's way to move main while a push is in flight.
cat >"$centre/hooks/pre-receive" <<'EOF'
#!/bin/sh
# Another reviewer's push landing first: main moves on (once per
# race-once file, every time with race-always), then the push goes on.
if [ -e "$GIT_DIR/race-once" ] || [ -e "$GIT_DIR/race-always" ]; then
	rm -f "$GIT_DIR/race-once"
	tip=$(git rev-parse refs/heads/main)
	new=$(git commit-tree -p "$tip" -m "Meanwhile, another reviewer" "$tip^{tree}")
	env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main "$new" "$tip"
fi
exec "$GIT_DIR/hooks/kb-pre-receive"
EOF
chmod +x "$centre/hooks/pre-receive" "$centre/hooks/kb-pre-receive"
# Rita and Sam push as "rita", a reviewer there (an administrator too,
# for a hook that knows no reviewers).
git -C "$centre" config --add kb.hookReviewer rita
git -C "$centre" config --add kb.hookAdmin rita

note "an office proposes four changes; kbsync sends them"
daemon_serve north
url=$daemon_url
o=$tmp/office
office_proposes_two "$o" "$url"
sed 's/^All dogs and cats/Dogs and cats/' "$o/$dog" >"$tmp/dog2.md"
expect_status 0 kb --kb "$o" --agent Cy propose dog-licence --message "Shorter" \
    --file "$tmp/dog2.md"
b3=$out
printf '%s\n' "---" "title: Adopt a shelter ferret" "tags: ferret, adoption" \
    "related: lost-pet" "---" "Ferret adoptions are on Saturdays." >"$tmp/ferret.md"
expect_status 0 kb --kb "$o" --agent Bob propose ferret-adoption \
    --message "New: ferret adoption" --file "$tmp/ferret.md"
b4=$out
expect_status 0 kbsync --kb "$o"
expect_match "$out" "^proposals +4 sent, 0 decided at the centre\$" "four sent"

note "a reviewer clones the centre with plain git; kb proposals there lists them"
daemon_serve rita
r1=$tmp/rita
git clone -q "$url" "$r1"
git -C "$r1" config user.name "Rita Reviewer"
git -C "$r1" config user.email "rita@example.invalid"
expect_eq "" "$(git -C "$r1" branch --list 'proposals/*')" \
    "test setup: a plain clone has no proposal branches"
cd "$r1/answers/animals"
expect_status 0 kb proposals
expect_no_diag "kb proposals in the clone"
expect_eq 4 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "the centre's four proposals"
expect_match "$out" "^$b1${TAB}dog-licence${TAB}Ann${TAB}$DATE${TAB}Simpler wording\$" "Ann's"
expect_match "$out" "^$b2${TAB}lost-pet${TAB}Bob${TAB}$DATE${TAB}Ferrets too\$" "Bob's"
expect_status 0 kb status
expect_contains "$out" "kb         $r1 (the repository of the current folder)" \
    "kb status says which KB and why"
expect_status 0 kb diff "$b1"
expect_contains "$out" "+Every dog and cat" "kb diff in the clone"

note "kb approve --push: main merged here and pushed; the centre has it"
tip1=$(git -C "$r1" rev-parse "$b1")
expect_status 0 kb approve "$b1" --push
expect_eq "approved $b1 (fast-forward)
pushed to $url" "$out" "kb approve --push"
expect_no_diag "kb approve --push"
approved=$(centre_main)
expect_eq "$approved" "$(git -C "$r1" rev-parse main)" "the centre's main is the clone's"
git -C "$centre" merge-base --is-ancestor "$tip1" "$approved" ||
    fail "the centre's main does not have the proposal"
expect_eq "Rita Reviewer" "$(git -C "$centre" log -1 --format=%an main)" \
    "the approval commit is Rita's"
expect_eq "$approved" "$(git -C "$centre" rev-parse "refs/heads/$b1")" \
    "the centre's branch has the approval commit (as approving there does)"
expect_eq "" "$(git -C "$r1" status --porcelain)" "the clone's work tree is clean"
expect_contains "$(cat "$r1/$dog")" "Every dog and cat" "the clone's work tree has it"
expect_status 0 kb search every dog and cat
expect_match "$out" "^dog-licence${TAB}" "searchable in the clone at once"
expect_status 0 kb history dog-licence
expect_match "$out" "${TAB}Ann${TAB}Rita Reviewer${TAB}Simpler wording\$" "kb history: Ann, approved by Rita"

note "the office's next kbsync takes it"
office_main=$(git -C "$o" rev-parse main)
expect_status 0 kbsync --kb "$o"
expect_match "$out" "^answers +0 added, 1 changed, 0 removed\$" "the office: 1 changed"
expect_match "$out" "^main +$(printf %.7s "$office_main")\.\.$(printf %.7s "$approved")\$" \
    "the office: main moved to the approval"
expect_match "$out" "^proposals +0 sent, 1 decided at the centre\$" "the office: 1 decided"
expect_eq "$approved" "$(git -C "$o" rev-parse main)" "the office's main is the centre's"
expect_status 0 kb --kb "$o" search every dog and cat
expect_match "$out" "^dog-licence${TAB}" "the office finds the approved text"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b1${TAB}dog-licence${TAB}Ann${TAB}$DATE${TAB}Simpler wording${TAB}merged\$" \
    "merged, at the office"

note "Rita adds Sam to REVIEWERS, pushed; Sam clones"
expect_status 0 kb reviewers add "Sam Second" --push
expect_eq "added Sam Second to REVIEWERS
pushed to $url" "$out" "kb reviewers add --push"
expect_eq "Rita Reviewer
Sam Second" "$(git -C "$centre" show main:REVIEWERS | grep -v '^#')" \
    "the centre's REVIEWERS"
r2=$tmp/sam
git clone -q "$url" "$r2"
git -C "$r2" config user.name "Sam Second"
git -C "$r2" config user.email "sam@example.invalid"

note "a race: the centre's main moves while Sam pushes; approved again on it"
: >"$centre/race-once"
cd "$r2"
expect_status 0 kb approve "$b2" --push
expect_eq "approved $b2 (merge commit)
pushed to $url" "$out" "the second try: a merge commit on the moved main"
expect_contains "$err" "moved meanwhile" "Sam is told the centre moved"
expect_contains "$err" "2 tries" "and how many tries it took"
[ -e "$centre/race-once" ] && fail "test setup: the race did not happen"
raced=$(centre_main)
expect_eq "$raced" "$(git -C "$r2" rev-parse main)" "Sam's main is the centre's"
expect_eq "Sam Second" "$(git -C "$centre" log -1 --format=%an main)" "the merge is Sam's"
git -C "$centre" log --format=%s main | grep -qx "Meanwhile, another reviewer" ||
    fail "the other reviewer's commit was lost: $(git -C "$centre" log --format=%s main)"
expect_eq 1 "$(git -C "$centre" log --format=%s main | grep -c '^Approve lost-pet')" \
    "one approval of lost-pet at the centre, not two"
expect_eq "" "$(git -C "$r2" status --porcelain)" "Sam's work tree is clean"

note "a centre that moves at every push: refused after the tries, nothing left behind"
: >"$centre/race-always"
cd "$r1"
others=$(git -C "$centre" log --format=%s main | grep -c '^Meanwhile, another reviewer')
expect_status 1 kb approve "$b4" --push
rm -f "$centre/race-always"
expect_contains "$err" "moved each of 3 times" "the refusal says the centre kept moving"
expect_contains "$err" "nothing was sent" "and that nothing was sent"
expect_eq $((others + 3)) "$(git -C "$centre" log --format=%s main | grep -c '^Meanwhile, another reviewer')" \
    "three more of the other reviewer's commits at the centre"
expect_eq 0 "$(git -C "$centre" log --format=%s main | grep -c '^Approve ferret-adoption')" \
    "no approval of Bob's new answer at the centre"
expect_eq "$(git -C "$o" rev-parse "$b4")" "$(git -C "$centre" rev-parse "refs/heads/$b4")" \
    "the centre's branch is the office's"
expect_eq "$(git -C "$o" rev-parse "$b4")" "$(git -C "$r1" rev-parse "$b4")" \
    "the clone's branch too"
git -C "$r1" merge-base --is-ancestor "$(git -C "$o" rev-parse "$b4")" main &&
    fail "the approval was left in the clone's main"
expect_eq "$(centre_main)" "$(git -C "$r1" rev-parse main)" \
    "the clone's main is the centre's as last fetched"
expect_eq "" "$(git -C "$r1" status --porcelain)" "the clone's work tree is clean"
[ -e "$r1/answers/ferret-adoption.md" ] && fail "the new answer was left in the work tree"
expect_status 0 kb proposals
expect_match "$out" "^$b4${TAB}" "still pending in the clone"

note "the hook refuses (Rita pushes as east, no reviewer there): its message is shown"
daemon_serve east
tip3=$(git -C "$r1" rev-parse "$b3")
main_here=$(git -C "$r1" rev-parse main)
expect_status 1 kb reject "$b3" --reason "Not clearer" --push
expect_contains "$err" "kb pre-receive: refs/heads/$b3: refused" "the hook's own words"
expect_contains "$err" "nothing was sent" "nothing was sent"
expect_eq "$tip3" "$(git -C "$r1" rev-parse "$b3")" "the rejection taken back"
expect_status 1 kb approve "$b4" --push
expect_contains "$err" "kb pre-receive: refs/heads/main: refused" \
    "the hook's reason for main"
expect_eq "$main_here" "$(git -C "$r1" rev-parse main)" "the approval taken back: main as it was"
expect_eq "" "$(git -C "$r1" status --porcelain)" "the clone's work tree as it was"
expect_eq "$(centre_main)" "$main_here" "the centre's main did not move"

note "the centre out of reach: nothing changes; kb proposals says so and lists"
daemon_stop
expect_status 1 kb approve "$b4" --push
expect_contains "$err" "$url" "the centre is named"
expect_eq "$main_here" "$(git -C "$r1" rev-parse main)" "offline: main as it was"
expect_status 0 kb proposals
expect_contains "$err" "could not be fetched" "kb proposals offline: a warning"
expect_match "$out" "^$b4${TAB}" "and the proposals as last fetched"

note "kb reject --push: the office's next kbsync gets the rejection"
daemon_serve rita
expect_status 0 kb reject "$b3" --reason "Not clearer" --push
expect_eq "rejected $b3
pushed to $url" "$out" "kb reject --push"
expect_eq "Rita Reviewer" "$(git -C "$centre" log -1 --format=%an "refs/heads/$b3")" \
    "the centre's branch ends in Rita's rejection"
expect_status 0 kbsync --kb "$o"
expect_match "$out" "^proposals +0 sent, 2 decided at the centre\$" \
    "the office: Sam's approval and Rita's rejection"
expect_status 0 kb --kb "$o" proposals --all
expect_match "$out" "^$b3${TAB}dog-licence${TAB}Cy${TAB}$DATE${TAB}Shorter${TAB}rejected: Not clearer\$" \
    "rejected, at the office"
expect_match "$out" "^$b2${TAB}lost-pet${TAB}Bob${TAB}$DATE${TAB}Ferrets too${TAB}merged\$" \
    "merged, at the office"
expect_eq "$(centre_main)" "$(git -C "$o" rev-parse main)" "the office's main is the centre's"

note "an approval without --push stays in the clone, and goes with the next push"
cd "$r1"
before=$(centre_main)
expect_status 0 kb approve "$b4"
expect_eq "approved $b4 (merge commit)" "$out" "kb approve in the clone, no --push"
expect_contains "$err" "in this clone only" "kb approve says the centre does not have it"
expect_contains "$err" "git push origin main" "and the one-line push that sends it"
expect_eq "$before" "$(centre_main)" "the centre's main did not move"
expect_status 0 kb reviewers remove "Sam Second" --push
expect_eq "removed Sam Second from REVIEWERS
pushed to $url" "$out" "kb reviewers remove --push"
expect_contains "$err" "main here had 2 commits the centre's lacked" \
    "the approval made before went too (the proposal and the merge)"
git -C "$centre" merge-base --is-ancestor "$(git -C "$o" rev-parse "$b4")" main ||
    fail "the approval made without --push did not reach the centre"
expect_eq "Rita Reviewer" "$(git -C "$centre" show main:REVIEWERS | grep -v '^#')" \
    "the centre's REVIEWERS names Rita alone"
expect_eq "Remove Sam Second from REVIEWERS" "$(git -C "$centre" log -1 --format=%s main)" \
    "the commit says what changed"

note "at the office, kb reviewers reads its main; nothing is fetched there"
expect_status 0 kbsync --kb "$o"
expect_status 0 kb --kb "$o" reviewers
expect_eq "Rita Reviewer" "$out" "kb reviewers at the office, from its main"

exit 0
