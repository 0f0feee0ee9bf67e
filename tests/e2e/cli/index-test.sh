#!/bin/sh
# kb index: the summary and its counts, incremental updates, --rebuild,
# --quiet, malformed answers skipped with a warning, and an index file
# that is missing or overwritten with garbage (<gitdir>/kb/index.db).
. "$(dirname "$0")/../lib.sh"

summary_re='^indexed [0-9a-f]{7}: [0-9]+ added, [0-9]+ changed, [0-9]+ removed, [0-9]+ skipped'

# The counts of a summary line as "A C R S".
counts() {
	printf '%s\n' "$1" | sed -n \
	    's/^indexed [^:]*: \([0-9]*\) added, \([0-9]*\) changed, \([0-9]*\) removed, \([0-9]*\) skipped.*/\1 \2 \3 \4/p'
}

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
write_answer "$k" alpha "Alpha answer" "Aardvarks live in Africa."
write_answer "$k" topic/beta "Beta answer" "Badgers dig burrows."
write_answer "$k" topic/deep/gamma "Gamma answer" "Gazelles run fast."
commit "$k" "three answers"
export KB_DIR="$k"
db=$k/.git/kb/index.db
head7=$(git -C "$k" rev-parse main | cut -c1-7)

note "first kb index: a summary with counts"
expect_status 0 kb index
expect_match "$out" "$summary_re" "summary line"
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one summary line"
expect_contains "$out" "indexed $head7:" "the summary names the indexed commit"
expect_eq "3 0 0 0" "$(counts "$out")" "first index: 3 added"
expect_no_diag "nothing on stderr"
[ -f "$db" ] || fail "no index at <gitdir>/kb/index.db"
expect_eq "" "$(git -C "$k" status --porcelain)" "kb writes nothing in the work tree"

note "second run: up to date"
expect_status 0 kb index
expect_eq "0 0 0 0" "$(counts "$out")" "second index: nothing to do"

note "incremental: add, change, remove"
write_answer "$k" delta "Delta answer" "Dolphins swim."
write_answer "$k" alpha "Alpha answer" "Anteaters eat ants."
git -C "$k" rm -q answers/topic/beta.md
commit "$k" "add, change, remove"
expect_status 0 kb index
expect_eq "1 1 1 0" "$(counts "$out")" "1 added, 1 changed, 1 removed"
expect_contains "$out" "indexed $(git -C "$k" rev-parse main | cut -c1-7):" "new commit"
expect_status 0 kb search anteaters
expect_eq "alpha${TAB}Alpha answer" "$out" "changed answer has its new text"
expect_status 0 kb search aardvarks
expect_eq "" "$out" "changed answer lost its old text"
expect_status 0 kb search badgers
expect_eq "" "$out" "removed answer"

note "a move is neither an addition nor a change of the answer's text"
mkdir -p "$k/answers/moved"
git -C "$k" mv answers/delta.md answers/moved/delta.md
git -C "$k" commit -q -m move
expect_status 0 kb index
expect_match "$out" "$summary_re" "summary after a move"
expect_status 0 kb search dolphins
expect_eq "delta${TAB}Delta answer" "$out" "moved answer found once"

note "--rebuild"
expect_status 0 kb index --rebuild
expect_eq "3 0 0 0" "$(counts "$out")" "--rebuild adds every answer again"
expect_status 0 kb search gazelles
expect_eq "gamma${TAB}Gamma answer" "$out" "search after --rebuild"
expect_status 0 kb index
expect_eq "0 0 0 0" "$(counts "$out")" "up to date after --rebuild"

note "--quiet"
write_answer "$k" epsilon "Epsilon answer" "Emus cannot fly."
commit "$k" epsilon
expect_status 0 kb index --quiet
expect_eq "" "$out" "--quiet prints nothing"
expect_no_diag "--quiet: nothing on stderr"
expect_status 0 kb search emus
expect_eq "epsilon${TAB}Epsilon answer" "$out" "indexed by index --quiet"
expect_status 0 kb index --quiet --rebuild
expect_eq "" "$out" "--quiet --rebuild prints nothing"

note "a malformed answer is skipped with a warning naming path and line"
# review-by is line 6 of a write_answer file; make it invalid.
write_answer "$k" topic/broken "Broken answer" "Bonobos climb trees."
sed 's/^review-by: .*/review-by: 2027-13-45/' "$k/answers/topic/broken.md" >"$tmp/b.md"
mv "$tmp/b.md" "$k/answers/topic/broken.md"
grep -n '^review-by' "$k/answers/topic/broken.md" | grep -q "^6:" ||
    fail "test setup: review-by is not on line 6"
commit "$k" "broken answer"
expect_status 0 kb index
expect_eq "0 0 0 1" "$(counts "$out")" "the malformed answer is skipped"
expect_contains "$err" "answers/topic/broken.md:6:" "warning names path:line"
expect_match "$err" '^kb: ' "warning starts with kb:"
expect_status 0 kb search bonobos
expect_eq "" "$out" "a skipped answer is not searchable"
expect_status 0 kb search gazelles
expect_eq "gamma${TAB}Gamma answer" "$out" "other answers stay searchable"
expect_status 0 kb search emus
expect_eq "epsilon${TAB}Epsilon answer" "$out" "other answers stay searchable (2)"
expect_status 0 kb index --rebuild
expect_eq "4 0 0 1" "$(counts "$out")" "--rebuild skips it again"
expect_contains "$err" "answers/topic/broken.md:6:" "warning again on --rebuild"
expect_status 0 kb index --quiet --rebuild
expect_eq "" "$out" "--quiet prints no summary"
expect_contains "$err" "answers/topic/broken.md:6:" "--quiet still prints warnings"

note "fixing the answer indexes it"
write_answer "$k" topic/broken "Broken answer" "Bonobos climb trees."
commit "$k" "fix broken answer"
expect_status 0 kb index
expect_no_diag "no warning once fixed"
expect_status 0 kb search bonobos
expect_eq "broken${TAB}Broken answer" "$out" "fixed answer is searchable"

expected_gamma="gamma${TAB}Gamma answer"

note "index.db overwritten with garbage: the next search rebuilds it"
echo "this is not an SQLite database" >"$db"
expect_status 0 kb search gazelles
expect_eq "$expected_gamma" "$out" "search after garbage index.db"
expect_status 0 kb index
expect_eq "0 0 0 0" "$(counts "$out")" "the rebuilt index is up to date"

head -c 65536 /dev/urandom >"$db"
expect_status 0 kb search gazelles
expect_eq "$expected_gamma" "$out" "search after random bytes in index.db"

: >"$db"
expect_status 0 kb search gazelles
expect_eq "$expected_gamma" "$out" "search after an empty index.db"

printf 'SQLite format 3\000garbage after a valid magic string' >"$db"
expect_status 0 kb search gazelles
expect_eq "$expected_gamma" "$out" "search after a bad SQLite header"

note "index.db overwritten with garbage: kb index, kb show, kb check"
echo garbage >"$db"
expect_status 0 kb index
expect_match "$out" "$summary_re" "kb index after garbage index.db"
echo garbage >"$db"
expect_status 0 kb show gamma
expect_contains "$out" "Gazelles run fast" "kb show after garbage index.db"
echo garbage >"$db"
expect_status 0 kb check

note "index.db deleted, or the whole <gitdir>/kb directory"
rm -f "$db"
expect_status 0 kb search gazelles
expect_eq "$expected_gamma" "$out" "search after deleting index.db"
[ -f "$db" ] || fail "index.db is not recreated"
rm -rf "$k/.git/kb"
expect_status 0 kb search gazelles
expect_eq "$expected_gamma" "$out" "search after deleting <gitdir>/kb"
rm -rf "$k/.git/kb"
expect_status 0 kb index
expect_eq "5 0 0 0" "$(counts "$out")" "kb index after deleting <gitdir>/kb"

note "parallel searches after a commit all see it (no lock errors)"
for round in 1 2; do
	write_answer "$k" "parallel-$round" "Parallel $round" "Quokkas smile, round $round."
	commit "$k" "parallel $round"
	[ "$round" = 2 ] && rm -rf "$k/.git/kb"
	i=0
	while [ $i -lt 6 ]; do
		( rc=0; kb search quokkas >"$tmp/par.$i.out" 2>"$tmp/par.$i.err" || rc=$?
		  echo $rc >"$tmp/par.$i.rc" ) &
		i=$((i + 1))
	done
	wait
	i=0
	while [ $i -lt 6 ]; do
		expect_eq 0 "$(cat "$tmp/par.$i.rc")" "parallel search $i, round $round: exit status ($(cat "$tmp/par.$i.err"))"
		expect_eq "$round" "$(wc -l <"$tmp/par.$i.out" | tr -d ' ')" \
		    "parallel search $i, round $round: hits"
		i=$((i + 1))
	done
done
git -C "$k" rm -q answers/parallel-1.md answers/parallel-2.md
git -C "$k" commit -q -m "no more parallel"
kb index --quiet

note "an index from another KB's history is caught up"
other=$tmp/other
git clone -q "$k" "$other"
write_answer "$other" zeta "Zeta answer" "Zebras graze."
commit "$other" zeta
cp "$db" "$other/.git/kb/index.db" 2>/dev/null || {
	mkdir -p "$other/.git/kb"
	cp "$db" "$other/.git/kb/index.db"
}
expect_status 0 kb --kb "$other" search zebras
expect_eq "zeta${TAB}Zeta answer" "$out" "index copied from the clone catches up"

note "an empty repository and one without answers"
e=$tmp/empty
git -C "$tmp" init -q -b main empty
expect_status 0 kb --kb "$e" index
expect_match "$out" '^indexed .*: 0 added, 0 changed, 0 removed, 0 skipped' "empty repository"
expect_status 0 kb --kb "$e" search anything
expect_eq "" "$out" "search in an empty repository"
echo hello >"$e/README"
commit "$e" readme
expect_status 0 kb --kb "$e" index
expect_match "$out" "$summary_re" "repository without answers/"
expect_eq "0 0 0 0" "$(counts "$out")" "no answers, nothing indexed"

note "usage"
expect_status 2 kb index extra
expect_status 2 kb index --bogus
expect_status 1 kb --kb "$tmp/no-such-dir" index
expect_status 1 kb --kb "$tmp/home" index

exit 0
