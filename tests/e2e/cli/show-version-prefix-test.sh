#!/bin/sh
# kb show --version takes what the reference line gives: a unique prefix
# of 7 or more hex digits of a version, as git takes one.  A prefix two
# versions of the answer share is an error that lists both; fewer than 7
# digits, or what is not hex, is an error that says why.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
export KB_DIR="$k"

# Two texts whose blob ids share their first 7 hex digits (1dc631e),
# found once by hashing "revision N" for N = 1, 2, ... until two met.
text() {
	printf -- '---\ntitle: Dog licence\ntags: dog\n---\nThe fee is set by revision %s.\n' "$1"
}
mkdir -p "$k/answers"
git -C "$k" init -q -b main
text 19395 >"$k/answers/dog-licence.md"
commit "$k" "first fee"
old=$(git -C "$k" rev-parse main:answers/dog-licence.md)
expect_status 0 kb --agent alice use dog-licence --channel phone
text 25263 >"$k/answers/dog-licence.md"
commit "$k" "second fee"
new=$(git -C "$k" rev-parse main:answers/dog-licence.md)
shared=$(printf '%.7s' "$old")
expect_eq "$shared" "$(printf '%.7s' "$new")" \
    "test setup: the two versions share their first 7 digits"
[ "$(printf '%.8s' "$old")" != "$(printf '%.8s' "$new")" ] ||
    fail "test setup: the versions differ only after 8 digits"

note "the reference line's 12 digits name the version"
expect_status 0 kb show --customer dog-licence
ref=$(printf '%s\n' "$out" | sed -n 's/^Reference: kb answer dog-licence, version \([0-9a-f]*\), .*/\1/p')
expect_eq "$(printf '%.12s' "$new")" "$ref" "the reference line's version"
expect_status 0 kb show --version "$ref" dog-licence
expect_contains "$out" "revision 25263" "the current version, by its short id"
expect_status 0 kb show --version "$(printf '%.12s' "$old")" dog-licence
expect_contains "$out" "revision 19395" "a logged version, by its short id"
expect_not_contains "$out" "revision 25263" "the logged version, not the current"
expect_status 0 kb show --version "$(printf '%.8s' "$old")" dog-licence
expect_contains "$out" "revision 19395" "8 digits are enough when 7 are not"
expect_status 0 kb show --version "$(printf '%.12s' "$old" | tr a-f A-F)" dog-licence
expect_contains "$out" "revision 19395" "hex digits in capitals"
expect_status 0 kb show --version "$old" dog-licence
expect_contains "$out" "revision 19395" "the whole blob id still works"

note "a prefix two versions share is ambiguous, and the message lists both"
expect_status 1 kb show --version "$shared" dog-licence
expect_eq "" "$out" "nothing on stdout for an ambiguous version"
expect_contains "$err" "ambiguous" "the message says it is ambiguous"
expect_contains "$err" "$(printf '%.12s' "$old")" "the logged version is listed"
expect_contains "$err" "$(printf '%.12s' "$new")" "the current version is listed"
expect_contains "$err" "more digits" "the message says what to do"

note "fewer than 7 digits, or not hex: refused, saying why"
expect_status 1 kb show --version "$(printf '%.6s' "$old")" dog-licence
expect_contains "$err" "at least 7" "too short: the message says how many"
expect_eq "" "$out" "nothing on stdout for a short version"
expect_status 1 kb show --version 1dc631g dog-licence
expect_contains "$err" "not a version" "not hex"
expect_status 1 kb show --version "${old}0" dog-licence
expect_contains "$err" "not a version" "longer than a blob id"

note "a prefix of no version of this answer"
commit_id=$(git -C "$k" rev-parse main)
expect_status 1 kb show --version "$(printf '%.12s' "$commit_id")" dog-licence
expect_contains "$err" "neither the current version" "an object that is no version of it"
expect_status 1 kb show --version "$(printf '%.12s' "$old")" no-such-answer
