#!/bin/sh
# A KB made and changed with nothing but plain git: kb reads the answers
# from the commits on the branch (never from the work tree) and its index
# follows the branch without `kb index`.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
make_kb "$k" <<'EOF_KB'
=== answers/zoo/walrus-feeding.md
---
title: Walrus feeding times
tags: zoo, animals
related: penguin-parade
---
The walruses are fed clams at noon every day.
=== answers/zoo/penguin-parade.md
---
title: Penguin parade schedule
tags: zoo, animals
related: walrus-feeding
---
The penguin parade starts at three in the afternoon.
=== synonyms.txt
# e2e
clams, shellfish
EOF_KB
export KB_DIR="$k"

note "a KB made with plain git is searchable: exact ID<TAB>TITLE"
expect_status 0 kb search walrus
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "search walrus"
expect_status 0 kb search penguin parade
expect_eq "penguin-parade${TAB}Penguin parade schedule" "$out" "search penguin parade"
expect_status 0 kb search shellfish
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" \
    "synonyms.txt committed with plain git is used (shellfish -> clams)"

note "a commit made with plain git after indexing is found without kb index"
write_answer "$k" zoo/otter-pool "Otter pool cleaning" \
    "The otter pool is drained and cleaned on Mondays."
commit "$k" "Add otter answer"
expect_status 0 kb search otter
expect_eq "otter-pool${TAB}Otter pool cleaning" "$out" "new answer after a plain git commit"
expect_status 0 kb show otter-pool
expect_contains "$out" "drained and cleaned on Mondays" "show of the new answer"

note "an edited, committed answer is found by its new words only"
write_answer "$k" zoo/otter-pool "Otter pool cleaning" \
    "The otter pool is scrubbed on Tuesdays."
commit "$k" "Otter pool: new day"
expect_status 0 kb search scrubbed
expect_eq "otter-pool${TAB}Otter pool cleaning" "$out" "new words of a changed answer"
expect_status 0 kb search drained
expect_eq "" "$out" "old words of a changed answer"

note "an uncommitted edit in the work tree is not seen"
write_answer "$k" zoo/otter-pool "Otter pool cleaning" \
    "The otter pool is vacuumed by the quokka keeper."
write_answer "$k" zoo/lemur-house "Lemur house opening" "Lemurs sunbathe."
expect_status 0 kb search quokka
expect_eq "" "$out" "uncommitted edit must not be searchable"
expect_status 0 kb search lemur
expect_eq "" "$out" "untracked answer must not be searchable"
expect_status 1 kb show lemur-house
expect_status 0 kb show otter-pool
expect_contains "$out" "scrubbed on Tuesdays" "show reads the committed text"
expect_not_contains "$out" "quokka" "show must not read the work tree"
git -C "$k" add answers/zoo/lemur-house.md
expect_status 0 kb search lemur
expect_eq "" "$out" "a staged but uncommitted answer must not be searchable"
git -C "$k" reset -q
git -C "$k" checkout -q -- answers
rm -f "$k/answers/zoo/lemur-house.md"

note "an answer deleted with git rm + commit is gone"
git -C "$k" rm -q answers/zoo/penguin-parade.md
git -C "$k" commit -q -m "Remove penguins"
expect_status 0 kb search penguin
expect_eq "" "$out" "deleted answer must not be found"
expect_status 1 kb show penguin-parade
expect_contains "$err" "penguin-parade" "show of a deleted answer names the id"

note "an answer moved with git mv to another folder is found once"
mkdir -p "$k/answers/marine/mammals"
version_before=$(git -C "$k" rev-parse main:answers/zoo/walrus-feeding.md)
git -C "$k" mv answers/zoo/walrus-feeding.md answers/marine/mammals/
git -C "$k" commit -q -m "Move walrus"
expect_status 0 kb search walrus
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "moved answer found exactly once"
expect_status 0 kb search --json walrus
expect_contains "$out" "\"version\": \"$version_before\"" \
    "a moved answer keeps its version (blob id)"
expect_status 0 kb show walrus-feeding
expect_contains "$out" "answers/marine/mammals/walrus-feeding.md" "show names the new path"

note "work tree on another branch: kb still reads main"
git -C "$k" checkout -q -b draft
write_answer "$k" zoo/draft-only "Draft only giraffe" "Giraffes."
commit "$k" "draft"
expect_status 0 kb search giraffe
expect_eq "" "$out" "an answer committed on another branch is not seen"
expect_status 0 kb search walrus
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "main still searched from another checkout"
git -C "$k" checkout -q main

note "the index is rebuilt from the branch after a history rewrite"
git -C "$k" reset -q --hard HEAD~1
expect_status 0 kb search walrus
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "after reset (answer back in zoo/)"
expect_status 0 kb search penguin
expect_eq "" "$out" "after reset, still deleted"
git -C "$k" reset -q --hard HEAD~1
expect_status 0 kb search penguin
expect_eq "penguin-parade${TAB}Penguin parade schedule" "$out" "branch moved back: answer returns"

note "a bare clone is a KB too"
git clone -q --bare "$k" "$tmp/bare.git"
expect_status 0 kb --kb "$tmp/bare.git" search otter
expect_eq "otter-pool${TAB}Otter pool cleaning" "$out" "search in a bare repository"

note "kb.branch selects the branch"
git -C "$k" branch -q other
git -C "$k" checkout -q other
write_answer "$k" zoo/tapir "Tapir enclosure" "Tapirs swim."
commit "$k" "tapir"
git -C "$k" checkout -q main
expect_status 0 kb search tapir
expect_eq "" "$out" "tapir is not on main"
git -C "$k" config kb.branch other
expect_status 0 kb search tapir
expect_eq "tapir${TAB}Tapir enclosure" "$out" "kb.branch=other"
git -C "$k" config --unset kb.branch

exit 0
