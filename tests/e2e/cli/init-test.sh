#!/bin/sh
# kb init (new repository on main with one commit, refuses a non-empty
# directory, --from, default location), kb --version, kb --help, and
# usage errors (exit 2).
. "$(dirname "$0")/../lib.sh"

sample_count=$(find "$KB_SAMPLE_DIR/answers" -type f -name '*.md' | wc -l | tr -d ' ')
[ "$sample_count" -gt 0 ] || fail "test setup: no answers in $KB_SAMPLE_DIR"

note "kb init DIR: a git repository on main with one commit"
k=$tmp/kb
expect_status 0 kb init "$k"
expect_contains "$out" "$sample_count" "kb init prints the answer count"
expect_match "$out" "$sample_count answers" "kb init: 'N answers'"
expect_eq true "$(git -C "$k" rev-parse --is-inside-work-tree)" "a git work tree"
expect_eq refs/heads/main "$(git -C "$k" symbolic-ref HEAD)" "HEAD is main"
expect_eq 1 "$(git -C "$k" rev-list --count main)" "one commit"
top=$(git -C "$k" ls-tree --name-only main)
expect_contains "$top" answers "tree has answers/"
expect_contains "$top" synonyms.txt "tree has synonyms.txt"
n=$(git -C "$k" ls-tree -r --name-only main answers | grep -c '\.md$')
expect_eq "$sample_count" "$n" "every sample answer is committed"
expect_eq "$(git -C "$KB_TOP" hash-object "$KB_SAMPLE_DIR/synonyms.txt")" \
    "$(git -C "$k" rev-parse main:synonyms.txt)" "synonyms.txt copied as is"
expect_eq "" "$(git -C "$k" status --porcelain)" "the work tree is clean"
expect_status 0 kb --kb "$k" check
expect_status 0 kb --kb "$k" search passport
[ -n "$out" ] || fail "the new KB is not searchable"
expect_status 0 kb --kb "$k" index
expect_match "$out" ': 0 added, 0 changed, 0 removed' "kb init leaves the index up to date"

note "kb init into a non-empty directory fails without touching it"
d=$tmp/full
mkdir -p "$d/sub"
echo "precious" >"$d/notes.txt"
echo "more" >"$d/sub/more.txt"
before=$(cd "$d" && find . -print | sort && cat notes.txt sub/more.txt)
expect_status 1 kb init "$d"
expect_contains "$err" "$d" "the error names the directory"
after=$(cd "$d" && find . -print | sort && cat notes.txt sub/more.txt)
expect_eq "$before" "$after" "a non-empty directory is left as it was"
[ ! -e "$d/.git" ] || fail "kb init created .git in a non-empty directory"
expect_status 1 kb init "$k"
expect_eq 1 "$(git -C "$k" rev-list --count main)" "an existing KB is left alone"
echo hidden >"$tmp/dotonly.keep"
mkdir "$tmp/dotonly"
mv "$tmp/dotonly.keep" "$tmp/dotonly/.keep"
expect_status 1 kb init "$tmp/dotonly"
echo x >"$tmp/plainfile"
expect_status 1 kb init "$tmp/plainfile"
expect_eq x "$(cat "$tmp/plainfile")" "a file in the way is left alone"

note "kb init into an existing empty directory, or a new nested one"
mkdir "$tmp/emptydir"
expect_status 0 kb init "$tmp/emptydir"
expect_eq 1 "$(git -C "$tmp/emptydir" rev-list --count main)" "init in an empty dir"
expect_status 0 kb init "$tmp/a/b/c"
expect_eq 1 "$(git -C "$tmp/a/b/c" rev-list --count main)" "init in a new nested dir"

note "kb init --from OTHER DIR"
src=$tmp/src
mkdir -p "$src/answers/topic"
write_answer "$src" topic/only-one "The only answer" "Ocelots are small wild cats."
printf 'ocelot, wildcat\n' >"$src/synonyms.txt"
expect_status 0 kb init --from "$src" "$tmp/from"
expect_match "$out" '(^|[^0-9])1 answers?' "--from: the answer count"
expect_eq answers/topic/only-one.md \
    "$(git -C "$tmp/from" ls-tree -r --name-only main answers)" "--from copies the answers"
expect_eq "$(git -C "$KB_TOP" hash-object "$src/answers/topic/only-one.md")" \
    "$(git -C "$tmp/from" rev-parse main:answers/topic/only-one.md)" "--from copies the bytes"
expect_eq 1 "$(git -C "$tmp/from" rev-list --count main)" "--from: one commit"
expect_status 0 kb --kb "$tmp/from" search wildcat
expect_eq "only-one${TAB}The only answer" "$out" "--from KB is searchable, with its synonyms"
expect_status 0 kb init --from="$src" "$tmp/from2"
expect_status 0 kb --kb "$tmp/from2" search ocelots
expect_eq "only-one${TAB}The only answer" "$out" "--from=DIR"
expect_status 0 kb init "$tmp/from3" --from "$src"
expect_status 0 kb --kb "$tmp/from3" search ocelots
expect_eq "only-one${TAB}The only answer" "$out" "--from after DIR"
expect_status 0 kb init --from "$k" "$tmp/from-kb"
n=$(git -C "$tmp/from-kb" ls-tree -r --name-only main answers | grep -c '\.md$')
expect_eq "$sample_count" "$n" "--from another KB's work tree"
if git -C "$tmp/from-kb" ls-tree -r --name-only main | grep -q '^\.git/'; then
	fail "--from copied the source's .git directory"
fi
expect_status 1 kb init --from "$tmp/no-such-source" "$tmp/from-missing"
[ ! -e "$tmp/from-missing/.git" ] || fail "a failed --from left a repository behind"

note "kb init with no DIR: --kb, \$KB_DIR, then \$XDG_DATA_HOME/kb"
expect_status 0 kb --kb "$tmp/via-opt" init
expect_eq 1 "$(git -C "$tmp/via-opt" rev-list --count main)" "kb --kb DIR init"
expect_status 0 env KB_DIR="$tmp/via-env" "$KB_BIN" init
expect_eq 1 "$(git -C "$tmp/via-env" rev-list --count main)" "KB_DIR=DIR kb init"
expect_status 0 kb init
expect_eq 1 "$(git -C "$XDG_DATA_HOME/kb" rev-list --count main)" "kb init: \$XDG_DATA_HOME/kb"
expect_status 0 kb search passport
[ -n "$out" ] || fail "the default KB is not searchable"
expect_status 1 kb init
expect_status 0 env -u XDG_DATA_HOME "$KB_BIN" init
expect_eq 1 "$(git -C "$HOME/.local/share/kb" rev-list --count main)" "kb init: ~/.local/share/kb"

note "kb init works without any git identity configured"
mkdir -p "$tmp/nohome"
expect_status 0 env HOME="$tmp/nohome" XDG_CONFIG_HOME="$tmp/nohome/.config" \
    GIT_CONFIG_GLOBAL=/dev/null "$KB_BIN" init "$tmp/noid"
expect_eq 1 "$(git -C "$tmp/noid" rev-list --count main)" "init without user.name"

note "kb --version"
expect_status 0 kb --version
expect_match "$out" '^kb [0-9]+\.[0-9]+\.[0-9]+$' "kb --version"
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "--version prints one line"
version=$out
expect_status 0 kb --kb "$tmp/nowhere" --version
expect_eq "$version" "$out" "--version needs no KB"

note "kb --help lists every command"
expect_status 0 kb --help
help=$out
expect_match "$help" '^usage: kb' "kb --help starts with usage"
for c in init index search show check; do
	expect_match "$help" "^ +$c +[^ ]" "kb --help lists $c"
done
for o in --kb --agent --office --channel --help --version; do
	expect_contains "$help" "$o" "kb --help lists $o"
done
expect_status 0 kb -h
expect_eq "$help" "$out" "kb -h"
expect_status 0 kb --kb "$tmp/nowhere" --help
expect_eq "$help" "$out" "--help needs no KB"

note "usage errors exit 2"
expect_status 2 kb frobnicate
expect_contains "$err" frobnicate "unknown command is named"
expect_status 2 kb --kb "$k" frobnicate
expect_status 2 kb --bogus
expect_contains "$err" "--bogus" "unknown option is named"
expect_status 2 kb --bogus search passport
expect_status 2 kb --kb "$k" search --bogus passport
expect_status 2 kb --kb "$k" show --bogus passport-renew-mail
expect_status 2 kb --kb "$k" index --bogus
expect_status 2 kb --kb "$k" check --bogus
expect_status 2 kb init --bogus "$tmp/never"
[ ! -e "$tmp/never" ] || fail "kb init with a bad option created its directory"
expect_status 2 kb init "$tmp/one" "$tmp/two"
[ ! -e "$tmp/one" ] && [ ! -e "$tmp/two" ] || fail "kb init with two dirs created one"
expect_status 2 kb --kb
expect_status 2 kb search --kb
expect_status 2 kb --kb "$k" search --limit
expect_status 2 kb --kb "$k" --channel fax search passport
expect_status 2 kb --kb "$k" search --json=yes passport

exit 0
