#!/bin/sh
# A proposed new answer whose id main took meanwhile (a direct commit of
# the same id in a topic folder) must not be approved: main would hold
# two answers with one id, which kb check calls an error.  Approval keeps
# main valid: it is refused and nothing moves.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"

note "propose a new answer llama-walk"
expect_status 0 kb --agent Jo propose llama-walk --message "Llamas" <<'EOF'
---
title: Llama walk
tags: zoo
related: walrus-feeding
---
Llamas walk at ten.
EOF
branch=$out

note "main gets its own llama-walk in a topic folder"
mkdir -p "$k/answers/farm"
write_answer "$k" farm/llama-walk "Llama walk on the farm" "Llamas walk on the farm."
commit "$k" "Llamas on the farm"
expect_status 0 kb check
main_before=$(git -C "$k" rev-parse main)

note "approving would make a duplicate id: refused, nothing merged"
rc=0
kb approve "$branch" >"$tmp/out" 2>"$tmp/err" || rc=$?
kb check >"$tmp/check" 2>&1 ||
    fail "kb approve left main failing kb check: $(cat "$tmp/check")" \
        "(approve exited $rc: $(cat "$tmp/out" "$tmp/err"))"
[ "$rc" -ne 0 ] || fail "approve of a duplicate id must fail"
expect_contains "$(cat "$tmp/err")" "llama-walk" "the refusal names the id"
expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "main did not move"
expect_status 0 kb proposals
expect_match "$out" "^$branch${TAB}" "still pending"

exit 0
