#!/bin/sh
# tests/lint/readme-map.sh, the README's code map check of `make lint`,
# on a small synthetic README and src tree: a map naming every .c file
# passes; a file the map leaves out, and a name in it with no file, each
# fail, naming the file.
. "$(dirname "$0")/../lib.sh"

lint=$KB_TOP/tests/lint/readme-map.sh
[ -f "$lint" ] || fail "test setup: no $lint"

# tree DIR: a src tree: util, a core of three files, a TUI file and a
# file in a subfolder of the TUI, a CLI file; a header the map skips.
tree() {
	for f in util/buf.c lib/kb.c lib/store.c lib/store_refs.c tui/loop.c \
	    tui/include/stub.c cli/main.c lib/kb.h; do
		mkdir -p "$1/src/$(dirname "$f")"
		: >"$1/src/$f"
	done
}

# readme DIR MAP: DIR/README.md with MAP as the code block under "## How
# it is built", between other sections that name files the map must not
# count.
readme() {
	{
		printf '%s\n' '# kb' '' '## Start here' '' '```' \
		    'src/lib/gone.c  not the map' '```' '' '## How it is built' \
		    '' '```'
		printf '%s\n' "$2"
		printf '%s\n' '```' '' 'Prose naming src/lib/prose.c.' '' \
		    '```' 'src/lib/later.c  another block' '```' '' '## Tests'
	} >"$1/README.md"
}

complete='include/kb/   the API (other.c, out of src/, is not read)
## a line of the map, not a heading
src/util/     the util layer
  buf.c           buffers
src/lib/      the core

  -- a group
  kb.c            the handle, which opens the store: store.c.
src/tui/      the screen
  include/stub.c  a file in a subfolder
  loop.c          the main loop
src/cli/      main.c: the commands
tests/unit/   tests: test_kb.c is not read, src/lib/store_refs.c is'

# run_lint DIR STATUS: the check on DIR's README and src, exits STATUS.
run_lint() {
	expect_status "$2" sh "$lint" "$1/README.md" "$1/src"
}

note "a map naming every .c file passes"
t=$tmp/complete
tree "$t"
readme "$t" "$complete"
run_lint "$t" 0
expect_eq "" "$out$err" "the check's output on a complete map"

note "a file the map leaves out fails, named"
t=$tmp/missing
tree "$t"
readme "$t" "$complete"
: >"$t/src/lib/valid.c"
: >"$t/src/tui/include/other.c"
run_lint "$t" 1
expect_contains "$out" "does not name src/lib/valid.c" "a core file"
expect_contains "$out" "does not name src/tui/include/other.c" \
    "a file in a subfolder"
expect_not_contains "$out" "src/lib/kb.c" "the files the map names"
# Named only in another folder's part: still missing.
t=$tmp/elsewhere
tree "$t"
readme "$t" "$complete"
: >"$t/src/cli/buf.c"
run_lint "$t" 1
expect_contains "$out" "does not name src/cli/buf.c" "util's name, cli's file"

note "a name in the map with no file fails, named"
t=$tmp/stale
tree "$t"
readme "$t" "$complete
src/tui/      the screen, again
  app.c term.c    files that went
  keys.c          a key's action, from cmd_*.c's point of view"
run_lint "$t" 1
expect_contains "$out" "names src/tui/app.c, which does not exist" "app.c"
expect_contains "$out" "names src/tui/term.c, which does not exist" "term.c"
expect_contains "$out" "names src/tui/keys.c, which does not exist" "keys.c"
expect_contains "$out" "names src/tui/cmd_*.c, which does not exist" \
    "a wildcard is not a file's name"
expect_not_contains "$out" "gone.c" "another section's block"
expect_not_contains "$out" "prose.c" "the prose after the map"
expect_not_contains "$out" "later.c" "a later block"
expect_not_contains "$out" "does not name" "every file is named"

note "no map: a README without the section fails"
t=$tmp/nomap
tree "$t"
printf '%s\n' '# kb' '' '## How it is built' '' 'No block.' '' '## Tests' \
    '' '```' 'src/lib/kb.c' '```' >"$t/README.md"
run_lint "$t" 1
expect_contains "$err" "no code block under \"## How it is built\"" \
    "the missing map"

exit 0
