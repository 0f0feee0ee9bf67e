#!/bin/sh
# Which KB a command uses, as git finds a repository: --kb, else
# $KB_DIR, else the repository the current folder is in when it is a KB
# (answers/ at its root, or kb's own folder or a [kb] setting in its git
# directory), found from any subfolder, else the default
# $XDG_DATA_HOME/kb.  A git repository that is no KB is not taken, nor
# one past $GIT_CEILING_DIRECTORIES; kb status says which KB and why.
# kbsync finds its office the same way.
. "$(dirname "$0")/../lib.sh"

k=$tmp/zoo
make_kb "$k" <<'EOF'
=== answers/zoo/walrus-feeding.md
---
title: Walrus feeding times
tags: zoo
---
The walruses are fed clams at noon every day.
EOF
d=$XDG_DATA_HOME/kb
make_kb "$d" <<'EOF'
=== answers/parks/canoe-permit.md
---
title: Canoe permit
tags: parks
---
Canoes on the lake need a permit.
EOF

# ids QUERY: kb search's ids, one line, from the current folder.
ids() {
	expect_status 0 kb search "$@"
	ids_of "$out" | tr '\n' ' ' | sed 's/ $//'
}

note "in a subfolder of a KB: that KB"
mkdir -p "$k/answers/zoo/drafts"
cd "$k/answers/zoo/drafts"
expect_eq "walrus-feeding" "$(ids walrus)" "kb search from a subfolder"
expect_eq "" "$(ids canoe)" "not the default KB's answers"
expect_status 0 kb status
expect_eq "kb         $k (the repository of the current folder)" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "kb status says which KB and why"
cd "$k"
expect_eq "walrus-feeding" "$(ids walrus)" "at the KB's root"
cd "$k/.git"
expect_eq "walrus-feeding" "$(ids walrus)" "in its .git folder"

note "--kb and \$KB_DIR come first"
cd "$k/answers"
expect_status 0 kb --kb "$d" search canoe
expect_eq "canoe-permit" "$(ids_of "$out")" "--kb wins"
expect_status 0 kb --kb "$d" status
expect_eq "kb         $d" "$(printf '%s\n' "$out" | sed -n 1p)" \
    "kb status with --kb: the path alone"
expect_status 0 env KB_DIR="$d" "$KB_BIN" search canoe
expect_eq "canoe-permit" "$(ids_of "$out")" "\$KB_DIR wins"
expect_status 0 env KB_DIR="$d" "$KB_BIN" status
expect_eq "kb         $d (from \$KB_DIR)" "$(printf '%s\n' "$out" | sed -n 1p)" \
    "kb status says \$KB_DIR"

note "outside any repository: the default"
mkdir -p "$tmp/elsewhere/deep"
cd "$tmp/elsewhere/deep"
expect_eq "canoe-permit" "$(ids canoe)" "the default KB"
expect_status 0 kb status
expect_eq "kb         $d (the default)" "$(printf '%s\n' "$out" | sed -n 1p)" \
    "kb status: the default"

note "a git repository that is no KB is not taken"
n=$tmp/notes
mkdir -p "$n/sub"
git -C "$n" init -q -b main
printf 'walrus notes\n' >"$n/README"
commit "$n" "Notes"
cd "$n/sub"
expect_eq "canoe-permit" "$(ids canoe)" "the default, not the notes repository"
expect_status 0 kb status
expect_eq "kb         $d (the default: the current folder's repository is no KB)" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "kb status says why not the repository here"
mv "$d" "$tmp/default-away"
expect_status 1 kb search canoe
expect_contains "$err" "$d" "no default KB: named"
expect_contains "$err" "$n" "and the repository here that is no KB"
expect_contains "$err" "cd into a KB, give --kb DIR or set KB_DIR" "and what to do"
mv "$tmp/default-away" "$d"

note "the innermost repository counts: a KB inside a non-KB repository is found"
mkdir -p "$n/inner"
make_kb "$n/inner" <<'EOF'
=== answers/heron.md
---
title: Heron nesting
tags: birds
---
Herons nest in March.
EOF
cd "$n/inner/answers"
expect_eq "heron" "$(ids heron)" "the inner KB"
note "... and a non-KB repository inside a KB hides it"
mkdir -p "$k/vendor/lib"
git -C "$k/vendor" init -q -b main
cd "$k/vendor/lib"
expect_eq "canoe-permit" "$(ids canoe)" "the default, not the outer KB"
rm -rf "$k/vendor"

note "\$GIT_CEILING_DIRECTORIES stops the walk, as it stops git"
cd "$k/answers/zoo"
expect_status 0 env GIT_CEILING_DIRECTORIES="$k" "$KB_BIN" search walrus
expect_eq "" "$(ids_of "$out")" "past the ceiling: not the KB"
expect_status 0 env GIT_CEILING_DIRECTORIES="$k" "$KB_BIN" search canoe
expect_eq "canoe-permit" "$(ids_of "$out")" "past the ceiling: the default"
expect_status 0 env GIT_CEILING_DIRECTORIES="/nowhere:$tmp" "$KB_BIN" search walrus
expect_eq "walrus-feeding" "$(ids_of "$out")" "a ceiling above the KB: still found"

note "a bare repository kb has used, and a KB known by its [kb] setting"
git clone -q --bare "$k" "$tmp/centre.git"
cd "$tmp/centre.git/refs"
expect_eq "canoe-permit" "$(ids canoe)" "a bare repository kb never used: not taken"
expect_status 0 kb --kb "$tmp/centre.git" index --quiet
expect_eq "walrus-feeding" "$(ids walrus)" "the bare repository, once kb used it"
expect_status 0 kb status
expect_eq "kb         $tmp/centre.git (the repository of the current folder)" \
    "$(printf '%s\n' "$out" | sed -n 1p)" "kb status in a bare repository"
# The answers on branch "answers" (git config kb.branch), another branch
# checked out: no answers/ in the work tree, and kb never used it.
s=$tmp/settings
make_kb "$s" <<'EOF'
=== answers/ibis.md
---
title: Ibis feeding
tags: birds
---
The ibis eats shrimp.
EOF
git -C "$s" branch -q -m main answers
git -C "$s" checkout -q --orphan docs
git -C "$s" rm -rqf .
mkdir -p "$s/docs"
printf 'docs\n' >"$s/docs/README"
commit "$s" "Docs"
cd "$s/docs"
expect_eq "canoe-permit" "$(ids canoe)" "no answers/ and no kb setting: not a KB"
git -C "$s" config kb.branch answers
expect_eq "ibis" "$(ids ibis)" "a [kb] setting makes it a KB"

note "kbsync finds the office it is run in the same way"
git clone -q --bare "$k" "$tmp/zoo-centre.git"
expect_status 0 kb --office north init --remote "$tmp/zoo-centre.git" --quiet "$tmp/office"
cd "$tmp/office/answers"
expect_status 0 kbsync --dry-run
expect_contains "$out" "centre     $tmp/zoo-centre.git (office north" "kbsync from a subfolder"

exit 0
