#!/bin/sh
# Hostile Markdown in an answer and in a notice.  md4c sends a leave_span
# with no enter_span around a permissive autolink (http://.s*i*); the
# renderer once counted its open spans below zero and wrote over its own
# pointers, so that every command showing the answer crashed.  kb check,
# kb index, kb search, kb show and kb notices must exit normally, print
# no escape character, and show the text around the crafted part.  Then
# 900 KB of "*a" (a span every character) must show within 300 MB.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
mkdir -p "$k/notices"
git -C "$k" init -q -b main

# 60 unmatched leaves, then spans whose text is the answer's own.
crafted=$(
	i=0
	while [ $i -lt 60 ]; do printf 'http://.s*i* '; i=$((i + 1)); done
	printf '\n'
	i=0
	while [ $i -lt 60 ]; do printf '*w%d* **b** `c` ' $i; i=$((i + 1)); done
)
WA_TAGS=crafted write_answer "$k" crafted "Crafted walrus answer" \
    "Walrus text before." "" "$crafted" "" "Walrus text after."
WA_TAGS=plain write_answer "$k" plain "Plain walrus answer" \
    "An ordinary answer about walruses."
{
	printf -- '---\ntitle: Crafted notice\nstarts: 2026-01-01\n'
	printf 'ends: 2099-12-31\nseverity: info\n---\n'
	printf 'Notice text.\n\n%s\n' "$crafted"
} >"$k/notices/crafted.md"
commit "$k" "crafted answer and notice"
export KB_DIR="$k" KB_NOW=2026-06-01

ESC=$(printf '\033')

# Exit 0, nothing from kb on stderr, no escape character in the output.
expect_clean() {
	expect_status 0 "$@"
	expect_no_diag "$*"
	expect_not_contains "$out" "$ESC" "$*: an escape character"
}

note "kb check passes both files"
expect_status 0 kb check
expect_contains "$err" "0 errors" "kb check"

note "kb index, kb search, kb show, kb notices"
expect_clean kb index
expect_clean kb search walrus
expect_contains "$out" crafted "kb search finds the crafted answer"
expect_contains "$out" plain "kb search finds the plain answer"
expect_clean kb show crafted
expect_contains "$out" "Walrus text before." "kb show crafted"
expect_contains "$out" "w59 b c" "kb show crafted: the spans' text"
expect_contains "$out" "Walrus text after." "kb show crafted"
expect_contains "$out" "Notice text." "kb show crafted: the notice"
expect_clean kb show plain
expect_contains "$out" "An ordinary answer" "kb show plain"
expect_contains "$out" "w59 b c" "kb show plain: the notice's text"
expect_clean kb show --width 20 crafted
expect_clean kb notices
expect_contains "$out" "Crafted notice" "kb notices"

# Before, laying this out copied every span of the block onto every line
# (784 MB and 7 s in kb show).  ASan reserves terabytes of address space:
# with it, no limit.
note "900 KB of one-character spans"
big=$(awk 'BEGIN { for (i = 0; i < 45000; i++) printf "*a*a*a*a*a*a*a*a*a*a" }')
WA_TAGS=big write_answer "$k" big "Big answer" "$big"
unset big
commit "$k" "big answer"
expect_clean kb index
limit="ulimit -v 300000 &&"
if grep -q __asan_init "$KB_BIN"; then
	limit=""
fi
expect_clean sh -c "$limit"' exec "$KB_BIN" show big'
expect_contains "$out" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "kb show big"
