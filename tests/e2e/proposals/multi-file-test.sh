#!/bin/sh
# A proposal changes exactly the answer it names.  A hostile second
# client makes, with plain git, a branch proposals/... that also changes
# REVIEWERS, synonyms.txt, another answer and a notice: kb proposals and
# kb history say so, kb diff shows every file, and kb approve refuses it,
# naming every extra path, unless the reviewer names each one with
# --allow-path.  A path into .git (or .gitattributes) is never merged.
# kb propose itself only ever changes the one file.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" <<'EOF_KB'
=== synonyms.txt
walrus, sea cow
=== notices/zoo-closed.md
---
title: Zoo closed for repairs
starts: 2026-01-01
ends: 2099-12-31
severity: info
---
The zoo is closed on Mondays.
EOF_KB
export KB_DIR="$k"

note "kb propose changes only the answer's file"
propose_walrus "Alice Agent" "Herring" herring
good=$out
expect_eq "answers/zoo/walrus-feeding.md" \
    "$(git -C "$k" diff --name-only "main...$good")" "kb propose's files"
expect_status 0 kb proposals
expect_match "$out" "^$good${TAB}walrus-feeding${TAB}Alice Agent${TAB}[0-9-]*${TAB}Herring\$" \
    "a one-file proposal is listed as before"

note "a hostile branch made with plain git"
main=$(git -C "$k" rev-parse main)
git -C "$k" checkout -q -b proposals/mallory/walrus-feeding-1
walrus_text mackerel >"$k/answers/zoo/walrus-feeding.md"
echo "Mallory" >>"$k/REVIEWERS"
echo "walrus, free food" >>"$k/synonyms.txt"
penguin_text midnight >"$k/answers/zoo/penguin-parade.md"
sed -i 's/Mondays/every day/' "$k/notices/zoo-closed.md"
git -C "$k" add -A
git -C "$k" commit -q --author "Mallory <mallory@example.invalid>" -m "Mackerel

Kb-Answer: walrus-feeding"
git -C "$k" checkout -q main
bad=proposals/mallory/walrus-feeding-1
bad_tip=$(git -C "$k" rev-parse "$bad")

expect_status 0 kb proposals
expect_contains "$out" "$bad${TAB}walrus-feeding${TAB}Mallory${TAB}2026-01-01${TAB}[+4 other files] Mackerel" \
    "kb proposals says the proposal changes more than its answer"
expect_status 0 kb proposals --json
expect_contains "$out" '"other_files": 4' "kb proposals --json"

note "kb diff prints every file and names the extra ones"
expect_status 0 kb diff "$bad"
for f in REVIEWERS synonyms.txt answers/zoo/penguin-parade.md \
    notices/zoo-closed.md answers/zoo/walrus-feeding.md; do
	expect_contains "$out" "diff --git a/$f b/$f" "kb diff shows $f"
done
expect_contains "$err" "changes 4 files besides answers/zoo/walrus-feeding.md" \
    "kb diff warns on stderr"

note "kb approve refuses it, naming every extra path"
expect_status 1 kb approve "$bad"
expect_contains "$err" "4 files besides answers/zoo/walrus-feeding.md: REVIEWERS, answers/zoo/penguin-parade.md, notices/zoo-closed.md, synonyms.txt; nothing was merged" \
    "the refusal names every extra path"
expect_contains "$err" "--allow-path" "the refusal says how to allow them"
expect_eq "$main" "$(git -C "$k" rev-parse main)" "main did not move"
expect_eq "$bad_tip" "$(git -C "$k" rev-parse "$bad")" "no approval commit"

note "--allow-path must name every extra path, each exactly"
expect_status 1 kb approve "$bad" --allow-path REVIEWERS \
    --allow-path synonyms.txt --allow-path answers/zoo/penguin-parade.md
expect_contains "$err" "1 file besides answers/zoo/walrus-feeding.md: notices/zoo-closed.md" \
    "the one not allowed is named"
expect_status 1 kb approve "$bad" --allow-path REVIEWERS \
    --allow-path synonyms.txt --allow-path answers/zoo/penguin-parade.md \
    --allow-path notices/zoo-closed.md --allow-path answers/zoo/other.md
expect_contains "$err" "does not change answers/zoo/other.md" \
    "a path it does not change cannot be allowed"
expect_eq "$main" "$(git -C "$k" rev-parse main)" "main did not move"

note "allowed by name, it is merged, and history says so"
expect_status 0 kb approve "$bad" --allow-path REVIEWERS \
    --allow-path=synonyms.txt --allow-path answers/zoo/penguin-parade.md \
    --allow-path notices/zoo-closed.md
expect_contains "$(git -C "$k" log -1 --format=%B main)" \
    "Kb-Allowed: REVIEWERS" "the approval records what was allowed"
expect_contains "$(git -C "$k" show main:REVIEWERS)" "Mallory" "merged"
expect_status 0 kb history walrus-feeding
expect_match "$out" "${TAB}Mallory${TAB}Rita Reviewer${TAB}\[\+4 other files\] Mackerel$" \
    "kb history says the version came with 4 other files"
expect_eq "" "$(git -C "$k" status --porcelain)" "work tree clean"

note "unsafe paths are refused whatever is allowed"
git -C "$k" checkout -q -b proposals/mallory/penguin-parade-1
penguin_text one >"$k/answers/zoo/penguin-parade.md"
printf '*.md filter=evil\n' >"$k/answers/.gitattributes"
git -C "$k" add -A
git -C "$k" commit -q -m "One

Kb-Answer: penguin-parade"
git -C "$k" checkout -q main
main=$(git -C "$k" rev-parse main)
expect_status 1 kb approve proposals/mallory/penguin-parade-1 \
    --allow-path answers/.gitattributes
expect_contains "$err" "1 path kb never merges" "refused"
expect_contains "$err" "answers/.gitattributes" "named"
expect_eq "$main" "$(git -C "$k" rev-parse main)" "main did not move"

exit 0
