#!/bin/sh
# `kb COMMAND --help` prints the summary for one command (kb(1), -h,
# --help) whether or not there is a knowledge base: help must not need
# the default KB to exist.  (kb --help and kb init --help are covered
# too; they never needed one.)
. "$(dirname "$0")/../lib.sh"

# No KB anywhere: $XDG_DATA_HOME/kb does not exist and KB_DIR is unset.
[ ! -e "$XDG_DATA_HOME/kb" ] || fail "test setup: a default KB exists"

for c in init index search show check; do
	expect_status 0 kb "$c" --help
	expect_match "$out" "^usage: kb $c( |\$)" "kb $c --help without a KB"
	expect_no_diag "kb $c --help without a KB: stderr"
	expect_status 0 kb "$c" -h
	expect_match "$out" "^usage: kb $c( |\$)" "kb $c -h without a KB"
	expect_status 0 kb --kb "$tmp/no-such-kb" "$c" --help
	expect_match "$out" "^usage: kb $c( |\$)" "kb --kb MISSING $c --help"
done
[ ! -e "$XDG_DATA_HOME/kb" ] || fail "kb COMMAND --help created a KB"

exit 0
