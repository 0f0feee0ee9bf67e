#!/bin/sh
# tests/lint/boundary.sh, the layers' check of `make lint`, on small
# synthetic trees of objects and sources: it passes on a clean one, and
# fails, naming the object and symbol or the file and line, on a loop
# among the core's objects or util's, a call upwards, a front end using
# SQLite, libgit2 or md4c, their headers outside the core, and
# `#include "../`.
. "$(dirname "$0")/../lib.sh"

lint=$KB_TOP/tests/lint/boundary.sh
[ -f "$lint" ] || fail "test setup: no $lint"
cc=${CC:-cc}
command -v "$cc" >/dev/null 2>&1 || fail "test setup: no C compiler ($cc)"
command -v nm >/dev/null 2>&1 || fail "test setup: no nm"

# obj TREE LAYER/NAME C-SOURCE: TREE/build/LAYER/NAME.o from the source.
obj() {
	mkdir -p "$1/build/${2%/*}"
	printf '%s\n' "$3" >"$tmp/obj.c"
	"$cc" -c -o "$1/build/$2.o" "$tmp/obj.c" || fail "cc $2: $3"
}

# src TREE PATH TEXT: a source file of the tree.
src() {
	mkdir -p "$1/$(dirname "$2")"
	printf '%s\n' "$3" >"$1/$2"
}

# clean TREE: a core of two objects (one calls the other), a TUI object
# on the core, a CLI object on both, util below them; their sources.
clean() {
	obj "$1" util/buf 'int buf_len(void); int buf_len(void) { return 1; }'
	obj "$1" lib/a 'int buf_len(void); int b(void); int a(void);
int a(void) { return b() + buf_len(); }'
	obj "$1" lib/b 'int b(void); int b(void) { return 2; }'
	obj "$1" tui/t 'int a(void); int t(void); int t(void) { return a(); }'
	obj "$1" cli/c 'int a(void); int t(void); int main(void);
int main(void) { return a() + t(); }'
	src "$1" include/kb/kb.h '#include <stddef.h>'
	src "$1" src/lib/a.c '#include <sqlite3.h>
#include <git2.h>
#include <md4c.h>'
	src "$1" src/tui/t.c '#include "tui.h"'
	src "$1" src/cli/c.c '#include <kb/kb.h>
#include "tui.h"'
	src "$1" tests/unit/test_a.c '#include "helpers.h"'
}

# run_lint TREE STATUS: the check on the tree, by its build directory,
# exits with STATUS.
run_lint() {
	_tree=$1
	shift
	expect_status "$@" sh "$lint" --top "$_tree" "$_tree/build"
}

note "a clean tree passes, by directory and by lists of objects"
t=$tmp/clean
clean "$t"
run_lint "$t" 0
expect_eq "" "$out$err" "the check's output on a clean tree"
expect_status 0 sh "$lint" --top "$t" --util "$t/build/util/buf.o" \
    --core "$t/build/lib/a.o $t/build/lib/b.o" --tui "$t/build/tui/t.o" \
    --cli "$t/build/cli/c.o"
expect_eq "" "$out$err" "the check's output on lists of objects"
# No util directory: a tree without that layer.
t=$tmp/noutil
clean "$t"
obj "$t" lib/a 'int b(void); int a(void); int a(void) { return b(); }'
rm -r "$t/build/util"
run_lint "$t" 0

note "a loop among the core's objects: its members and each edge's symbols"
t=$tmp/loop
clean "$t"
obj "$t" lib/b 'int a(void); int c(void); int b(void);
int b(void) { return c(); }'
obj "$t" lib/c 'int a(void); int c(void); int c2(void);
int c(void) { return a(); } int c2(void) { return a(); }'
run_lint "$t" 1
expect_contains "$out" "a dependency loop among the core's objects:" "loop"
expect_contains "$out" "$t/build/lib/a.o -> $t/build/lib/b.o: b" "edge a-b"
expect_contains "$out" "$t/build/lib/b.o -> $t/build/lib/c.o: c" "edge b-c"
expect_contains "$out" "$t/build/lib/c.o -> $t/build/lib/a.o: a" "edge c-a"
expect_contains "$out" "break each loop" "what to do"
expect_not_contains "$out" "tui/" "the TUI has no part in the loop"

note "a loop among util's objects"
t=$tmp/utilloop
clean "$t"
obj "$t" util/buf 'int strlist_len(void); int buf_len(void);
int buf_len(void) { return strlist_len(); }'
obj "$t" util/strlist 'int buf_len(void); int strlist_len(void);
int strlist_len(void) { return buf_len(); }'
run_lint "$t" 1
expect_contains "$out" "a dependency loop among util's objects:" "util loop"
expect_contains "$out" \
    "$t/build/util/buf.o -> $t/build/util/strlist.o: strlist_len" "edge"

note "calls go down only: util on the core, the core on the TUI"
t=$tmp/up
clean "$t"
obj "$t" util/buf 'int b(void); int buf_len(void);
int buf_len(void) { return b(); }'
obj "$t" lib/b 'int t(void); int b(void); int b(void) { return t(); }'
run_lint "$t" 1
b=$t/build
expect_contains "$out" \
    "$b/util/buf.o uses b, defined by $b/lib/b.o: the util layer is below" \
    "util on the core"
expect_contains "$out" \
    "$b/lib/b.o uses t, defined by $b/tui/t.o: the core is below the TUI" \
    "the core on the TUI"

note "the front ends do not use SQLite, libgit2 or md4c themselves"
t=$tmp/syms
clean "$t"
obj "$t" tui/t 'int sqlite3_open(const char *, void **); int t(void);
int t(void) { return sqlite3_open("x", 0); }'
obj "$t" cli/c 'int git_libgit2_init(void);
int md_parse(const char *, unsigned, const void *, void *);
int main(void);
int main(void) { return git_libgit2_init() + md_parse(0, 0, 0, 0); }'
run_lint "$t" 1
expect_contains "$out" "$t/build/tui/t.o uses sqlite3_open: only the core" \
    "sqlite3_* in the TUI"
expect_contains "$out" \
    "$t/build/cli/c.o uses git_libgit2_init: only the core" \
    "git_* in the CLI"
expect_contains "$out" "$t/build/cli/c.o uses md_parse: only the core" \
    "md_* in the CLI"
# The core may.
t=$tmp/coresyms
clean "$t"
obj "$t" lib/b 'int sqlite3_open(const char *, void **); int b(void);
int b(void) { return sqlite3_open("x", 0); }'
run_lint "$t" 0

note "their headers only in the core"
t=$tmp/headers
clean "$t"
src "$t" include/kb/kb.h '/* The API. */
#include <git2/repository.h>'
src "$t" src/tui/t.c '#include "tui.h"
 # include <sqlite3.h>'
src "$t" src/cli/c.c '#include "md4c-html.h"'
run_lint "$t" 1
expect_contains "$out" \
    "include/kb/kb.h:2: #include <git2/repository.h>: only the core" \
    "git2/ in include/"
expect_contains "$out" "src/tui/t.c:2: # include <sqlite3.h>: only the core" \
    "sqlite3.h in the TUI"
expect_contains "$out" \
    "src/cli/c.c:1: #include \"md4c-html.h\": only the core" \
    "md4c-html.h in the CLI"
expect_not_contains "$out" "src/lib/" "the core may include them"

note "no #include \"../\" in src/, include/ or tests/"
t=$tmp/dotdot
clean "$t"
src "$t" src/cli/c.c '#include <kb/kb.h>
#include "../tui/tui.h"'
src "$t" tests/unit/test_a.c '#include "../../src/lib/a.h"'
run_lint "$t" 1
expect_contains "$out" "src/cli/c.c:2: #include \"../tui/tui.h\": no \"../\"" \
    "../ in the CLI"
expect_contains "$out" \
    "tests/unit/test_a.c:1: #include \"../../src/lib/a.h\": no \"../\"" \
    "../ in the tests"

exit 0
