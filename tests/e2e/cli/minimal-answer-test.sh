#!/bin/sh
# kb-answer(5): only "title" is required; every other key may be left out,
# and the lists (tags, related) and free text (owner, standard) may be
# empty.  Such answers are valid, indexed, searchable and
# shown without stray text.  An empty title is an error on its own line.
#
# MALLOC_PERTURB_ makes glibc fill fresh allocations with a non-zero byte,
# so text read from memory that was never written shows up every time
# (it is ignored elsewhere).
. "$(dirname "$0")/../lib.sh"
export MALLOC_PERTURB_=165

k=$tmp/kb
make_kb "$k" <<'EOF_KB'
=== answers/walrus-feeding.md
---
title: Walrus feeding times
---
The walruses are fed clams at noon.
=== answers/empty-values.md
---
title: Empty values everywhere
tags:
owner:
standard:
related:
---
Narwhals have one long tusk.
=== answers/blank-values.md
---
title: Blank values
tags:   
related:   ,  , 
owner:  
---
Belugas are white whales.
EOF_KB
export KB_DIR="$k"

note "kb check: answers with only a title, or empty values, are clean"
expect_status 0 kb check
expect_eq "" "$out" "kb check on answers with optional keys left out or empty"

note "they are indexed and found"
expect_status 0 kb index --rebuild
expect_match "$out" ': 3 added, 0 changed, 0 removed, 0 skipped' "all three indexed"
expect_no_diag "no warning from kb index"
expect_status 0 kb search walrus
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "title-only answer is found"
expect_status 0 kb search narwhals
expect_eq "empty-values${TAB}Empty values everywhere" "$out" "empty values: found"
expect_status 0 kb search belugas
expect_eq "blank-values${TAB}Blank values" "$out" "blank values: found"

note "kb show prints no stray metadata"
for id in walrus-feeding empty-values blank-values; do
	expect_status 0 kb show "$id"
	expect_not_contains "$out" "Related:" "kb show $id: no related answers"
	expect_not_contains "$out" "Standard:" "kb show $id: no standard"
	expect_not_contains "$out" "(no such answer)" "kb show $id"
	expect_not_contains "$out" "$(printf '\357\277\275')" "kb show $id: no U+FFFD"
	if printf '%s\n' "$out" | grep -q '^Tags:'; then
		fail "kb show $id shows tags it does not have: $out"
	fi
done
expect_status 0 kb search --json narwhals
json_valid "$out" || fail "--json: $out"

note "an empty title is an error on its line"
printf -- '---\ntitle:\nrelated: walrus-feeding\n---\nBody.\n' >"$k/answers/no-title.md"
printf -- '---\ntitle:    \nrelated: walrus-feeding\n---\nBody.\n' >"$k/answers/blank-title.md"
commit "$k" "empty titles"
expect_status 1 kb check
expect_match "$out" '^answers/no-title[.]md:2: error: .*title' "empty title"
expect_match "$out" '^answers/blank-title[.]md:2: error: .*title' "blank title"

exit 0
