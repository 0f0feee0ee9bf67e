#!/bin/sh
# kb check: every problem as "path:line: error|warning: message", with the
# right path and line; exit 1 with errors, 0 with only warnings; the
# branch is checked, not the work tree; the sample KB is clean.
. "$(dirname "$0")/../lib.sh"

# Files are written with printf so that every byte and line is exact.  All
# have tags and related so that only the intended problem is present.
fm='---\ntitle: %s\ntags: e2e\nrelated: good-one\n'

k=$tmp/bad
mkdir -p "$k/answers/a" "$k/answers/b"
git -C "$k" init -q -b main
printf -- "$fm---\nAll fine.\n" "Good one" >"$k/answers/good-one.md"
# 1 ---  2 tags  3 related  4 ---
printf -- '---\ntags: e2e\nrelated: good-one\n---\nNo title.\n' >"$k/answers/no-title.md"
# review-by on line 5
printf -- "$fm"'review-by: 2027-02-30\n---\nBody.\n' "Bad date" >"$k/answers/bad-date.md"
printf -- "$fm"'review-by: 01/05/2027\n---\nBody.\n' "Bad date format" >"$k/answers/bad-date-format.md"
printf -- "$fm---\nBody.\n" "Bad id" >"$k/answers/Bad_Id.md"
printf -- "$fm---\nBody.\n" "Starts with hyphen" >"$k/answers/-hyphen.md"
printf -- "$fm---\nBody.\n" "Dup in a" >"$k/answers/a/dup-id.md"
printf -- "$fm---\nBody.\n" "Dup in b" >"$k/answers/b/dup-id.md"
# unknown key on line 5
printf -- "$fm"'notes: hello\n---\nBody.\n' "Unknown key" >"$k/answers/unknown-key.md"
# related on line 4
printf -- '---\ntitle: Related missing\ntags: e2e\nrelated: good-one, no-such-id\n---\nBody.\n' \
    >"$k/answers/related-missing.md"
# the invalid byte is on line 7
printf -- "$fm---\nLine six.\nBad \377 byte.\n" "Bad UTF-8" >"$k/answers/bad-utf8.md"
{
	printf -- "$fm---\n" "Huge"
	head -c 2097152 /dev/zero | tr '\0' a
	echo
} >"$k/answers/huge.md"
# the second title is on line 5
printf -- "$fm"'title: Again\n---\nBody.\n' "Twice" >"$k/answers/twice.md"
git -C "$k" add -A
git -C "$k" commit -q -m "answers with problems"

note "every problem: path:line: error|warning: message"
expect_status 1 kb --kb "$k" check
all="$out$NL$err"
# One line for a path, with its location and severity; $3: ERE for the message.
diag() { expect_check_diag "$all" "$@"; }
diag answers/no-title.md 1 'error: .*title'
diag answers/bad-date.md 5 'error: .*review-by'
diag answers/bad-date-format.md 5 'error: .*review-by'
diag answers/Bad_Id.md 1 'error: .*(Bad_Id|id)'
diag answers/-hyphen.md 1 'error: .*(-hyphen|id)'
diag answers/b/dup-id.md 1 'error: .*dup-id.*answers/a/dup-id[.]md'
diag answers/unknown-key.md 5 'warning: .*notes'
diag answers/related-missing.md 4 'warning: .*no-such-id'
diag answers/bad-utf8.md 7 'error: .*UTF-8'
diag answers/huge.md 1 'error: .*(1 MiB|1048576|large|bytes)'
diag answers/twice.md 5 'error: .*title'
for p in answers/good-one.md answers/a/dup-id.md; do
	if printf '%s\n' "$all" | grep -q "^$p:"; then
		fail "kb check reports $p, which is fine: $all"
	fi
done
# Files with a single problem get a single line.
for p in answers/bad-date.md answers/unknown-key.md answers/related-missing.md \
    answers/bad-utf8.md answers/huge.md answers/b/dup-id.md; do
	n=$(printf '%s\n' "$all" | grep -c "^$p:" || true)
	expect_eq 1 "$n" "one diagnostic for $p"
done
# Every diagnostic line has the documented shape.
printf '%s\n' "$out" | sed '/^$/d' | while IFS= read -r line; do
	printf '%s\n' "$line" | grep -Eq '^[^:]+:[1-9][0-9]*: (error|warning): .' ||
	    fail "kb check line is not 'path:line: error|warning: message': $line"
done

note "only warnings: exit 0"
w=$tmp/warn
mkdir -p "$w/answers"
git -C "$w" init -q -b main
printf -- "$fm---\nAll fine.\n" "Good one" >"$w/answers/good-one.md"
printf -- "$fm"'notes: kept\n---\nBody.\n' "Unknown key" >"$w/answers/unknown-key.md"
printf -- '---\ntitle: Related missing\ntags: e2e\nrelated: gone-away\n---\nBody.\n' \
    >"$w/answers/related-gone.md"
# '## phone' on line 7
printf -- "$fm---\nCommon.\n## phone\nSay this.\n" "Misspelt heading" >"$w/answers/misspelt.md"
git -C "$w" add -A
git -C "$w" commit -q -m "warnings only"
expect_status 0 kb --kb "$w" check
all="$out$NL$err"
diag answers/unknown-key.md 5 'warning: .*notes'
diag answers/related-gone.md 4 'warning: .*gone-away'
diag answers/misspelt.md 7 'warning: .*phone'
if printf '%s\n' "$all" | grep -q ': error: '; then
	fail "errors in a KB with only warnings: $all"
fi

note "answers with warnings are still indexed and shown"
expect_status 0 kb --kb "$w" search misspelt heading
expect_contains "$out" "misspelt${TAB}" "an answer with a warning is searchable"

note "CRLF line endings and a byte order mark are accepted; lines still counted"
c=$tmp/crlf
mkdir -p "$c/answers"
git -C "$c" init -q -b main
printf '\357\273\277---\r\ntitle: Windows file\r\ntags: e2e\r\nrelated: windows-file\r\n---\r\nWritten on Windows.\r\n' \
    >"$c/answers/windows-file.md"
git -C "$c" add -A
git -C "$c" commit -q -m crlf
expect_status 0 kb --kb "$c" check
expect_eq "" "$out" "a CRLF file with a BOM checks clean"
expect_status 0 kb --kb "$c" show windows-file
expect_eq "Windows file" "$(printf '%s\n' "$out" | sed -n 1p)" "CRLF title has no CR"
printf '\357\273\277---\r\ntitle: Windows file\r\ntags: e2e\r\nrelated: windows-file\r\nreview-by: someday\r\n---\r\nBody.\r\n' \
    >"$c/answers/windows-file.md"
git -C "$c" commit -q -am "bad date, CRLF"
expect_status 1 kb --kb "$c" check
all="$out$NL$err"
diag answers/windows-file.md 5 'error: .*review-by'

note "kb check reads the branch, not the work tree"
printf -- "$fm---\nFixed in the work tree only.\n" "Windows file" >"$c/answers/windows-file.md"
printf -- '---\ntags: broken\n---\n' >"$c/answers/untracked-broken.md"
expect_status 1 kb --kb "$c" check
expect_not_contains "$out$err" untracked-broken "an untracked file is not checked"
git -C "$c" checkout -q -- answers
rm -f "$c/answers/untracked-broken.md"

note "usage"
expect_status 2 kb --kb "$w" check extra
expect_status 2 kb --kb "$w" check --bogus
expect_status 1 kb --kb "$tmp/no-such-kb" check

note "the sample KB checks clean"
s=$tmp/sample
sample_kb "$s"
expect_status 0 kb --kb "$s" check
expect_eq "" "$out" "kb check on the sample prints no problem"
expect_not_contains "$err" "error:" "kb check on the sample"

exit 0
