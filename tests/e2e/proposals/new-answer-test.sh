#!/bin/sh
# kb propose with an id the KB does not have: a new answer at
# answers/<id>.md, on the proposal branch only until it is approved.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"
branch=proposals/alice/otter-pool-1
main_before=$(git -C "$k" rev-parse main)

cat >"$tmp/otter.md" <<'EOF'
---
title: Otter pool cleaning
tags: zoo, animals
related: walrus-feeding
---
The otter pool is drained and cleaned on Mondays.
EOF

note "the id does not exist yet"
expect_status 1 kb show otter-pool

note "propose a new answer"
expect_status 0 kb --agent Alice propose otter-pool --message "Otters need an answer" \
    --file "$tmp/otter.md"
expect_eq "$branch" "$out" "branch of a new answer"
expect_no_diag "a new answer"
expect_eq "answers/otter-pool.md" \
    "$(git -C "$k" diff --name-only main "$branch")" "the only file: answers/<id>.md"
expect_eq "A${TAB}answers/otter-pool.md" \
    "$(git -C "$k" diff --name-status main "$branch")" "it is added"
expect_eq "$(cat "$tmp/otter.md")" "$(git -C "$k" show "$branch:answers/otter-pool.md")" \
    "its content"
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "main untouched"
[ ! -e "$k/answers/otter-pool.md" ] || fail "the work tree must not get the proposal"
expect_status 0 kb search otter
expect_eq "" "$out" "not searchable while pending"
expect_status 1 kb show otter-pool
expect_status 0 kb proposals
expect_match "$out" "^$branch${TAB}otter-pool${TAB}Alice${TAB}" "listed with its answer id"
expect_status 0 kb diff "$branch"
expect_contains "$out" "+++ b/answers/otter-pool.md" "diff of a new file"
expect_match "$out" '^\+title: Otter pool cleaning$' "diff adds the title"

note "approve: the new answer is on main, in the work tree and searchable"
expect_status 0 kb approve "$branch"
expect_eq "approved $branch (fast-forward)" "$out" "approve"
expect_status 0 kb search otter pool
expect_eq "otter-pool${TAB}Otter pool cleaning" "$out" "search finds the new answer"
expect_status 0 kb search drained
expect_eq "otter-pool${TAB}Otter pool cleaning" "$out" "by its body too"
expect_status 0 kb show otter-pool
expect_contains "$out" "Otter pool cleaning" "show the new answer"
expect_contains "$out" "answers/otter-pool.md" "show names its path"
expect_eq "$(cat "$tmp/otter.md")" "$(cat "$k/answers/otter-pool.md")" "work tree file"
expect_eq "" "$(git -C "$k" status --porcelain)" "clean work tree"
expect_status 0 kb history otter-pool
expect_match "$out" "^[0-9a-f]{12}${TAB}[0-9-]{10}${TAB}Alice${TAB}Rita Reviewer${TAB}Otters need an answer\$" \
    "history of a new answer"
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one version"
expect_status 0 kb check

note "a later proposal changes it where it now lives"
sed 's/Mondays/Fridays/' "$tmp/otter.md" | kb --agent Alice propose otter-pool \
    --message "Fridays" >"$tmp/b" || fail "second proposal"
expect_eq "proposals/alice/otter-pool-2" "$(cat "$tmp/b")" "the next number"
expect_eq "M${TAB}answers/otter-pool.md" \
    "$(git -C "$k" diff --name-status main proposals/alice/otter-pool-2)" \
    "a change, not a second file"

exit 0
