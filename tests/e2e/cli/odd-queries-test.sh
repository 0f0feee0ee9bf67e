#!/bin/sh
# Any text is a valid query (kb(1) SEARCH): nothing is an operator, no
# query is an error.  Typo correction, prefix of the last word and
# out-of-scope queries on the sample KB.
. "$(dirname "$0")/../lib.sh"

s=$tmp/sample
sample_kb "$s"
export KB_DIR="$s"

# $err without the two lines kb search adds to tell, not to complain: a
# corrected query, and only weaker hits (kb(1), search).
told_only() {
	err=$(printf '%s\n' "$err" | grep -Ev '^kb: (showing results for ".*"|no sure match; [0-9]+ weaker hits? with --all)$' || true)
}

# Search for one query: exit 0, nothing on stderr (but what kb search
# tells), output well formed.
odd() {
	expect_status 0 kb search -- "$1"
	told_only
	expect_no_diag "query [$1]"
	if printf '%s\n' "$out" | grep -qi error; then
		fail "query [$1]: 'error' in the output: $out"
	fi
	if [ -n "$out" ]; then
		printf '%s\n' "$out" | grep -Ev "^[a-z0-9][a-z0-9-]*${TAB}." >/dev/null &&
		    fail "query [$1]: output is not ID<TAB>TITLE lines: $out"
	fi
	expect_status 0 kb search --json -- "$1"
	if [ -n "$out" ]; then
		json_valid "$out" || fail "query [$1]: --json output is not JSON: $out"
	fi
	return 0
}

note "punctuation and FTS5 syntax are not operators"
for q in '"' '""' 'AND(' 'AND' 'OR' 'NOT' 'NOT passport' 'passport AND' \
    '*' '**' 'pass*' '-' '--' ':' 'title:x' 'id:passport' 'NEAR(a b)' \
    'NEAR(passport renew, 2)' '(((' ')))' '^' '{}' '[]' '\' "'" '%_' \
    '+' '.' ',' ';' '?' '!' '@#$%' '&&' '||' '`' 'a"b' '"passport' \
    'passport"' "passport'" 'x:' ':x' '$(rm -rf /)' '<script>' \
    'SELECT * FROM answers;' "'; DROP TABLE answers; --"; do
	odd "$q"
done

note "emoji, invalid UTF-8, control characters, blanks"
odd '😀'
odd '😀 passport 🛂'
odd "$(printf '\xff\xfe')"
odd "$(printf 'pass\xffport')"
odd "$(printf '\xc3')"
odd "$(printf '\xed\xa0\x80')"
odd "$(printf 'caf\xc3\xa9')"
odd "$(printf 'a\001b\033[31m')"
odd "$(printf 'tab\tsep')"
odd "$(printf 'new\nline')"
odd '   '
odd ''
odd ' passport '

note "a 5,000-character query and a query of 1,000 words"
long=$(head -c 5000 /dev/zero | tr '\0' a)
expect_eq 5000 "${#long}" "long query length"
odd "$long"
many=$(i=0; while [ $i -lt 500 ]; do printf 'passport renew '; i=$((i + 1)); done)
odd "$many"
expect_status 0 kb search --limit 1 -- "$many"
expect_eq passport-renew-mail "$(ids_of "$out")" "a long, repetitive query still finds its answer"

note "typos are corrected from the KB's vocabulary"
expect_status 0 kb search pasport
expect_match "$(ids_of "$out" | head -3)" '^passport-' "pasport finds a passport answer"
expect_status 0 kb search socail security
expect_match "$(ids_of "$out" | head -3)" '^ssn-' "socail security finds an ssn answer"
expect_status 0 kb search lost socail securty card
expect_eq ssn-card-replace-lost "$(ids_of "$out" | sed -n 1p)" "several typos"

note "the last word is a prefix while it is typed"
expect_status 0 kb search passport ren
ids_of "$out" | grep -qx passport-renew-mail || fail "'passport ren' misses passport-renew-mail: $out"
expect_status 0 kb search lost soc
ids_of "$out" | head -3 | grep -qx ssn-card-replace-lost ||
    fail "'lost soc' misses ssn-card-replace-lost in the top 3: $out"

note "synonyms: garbage finds trash"
expect_status 0 kb search garbage
expect_match "$(ids_of "$out" | head -3)" 'trash' "garbage finds a trash answer"

note "out of scope: nothing rather than unrelated answers"
# Both share only a minor word with an answer (register, permit): the
# weaker hits are there with --all, nothing is printed as an answer.
for q in "register a jet ski" "deer hunting permit"; do
	expect_status 0 kb search $q
	expect_eq "" "$out" "$q"
	told_only
	expect_no_diag "$q: stderr"
	expect_status 0 kb search --all $q
	expect_match "$out" "${TAB}weaker\$" "$q: weaker hits with --all"
done
expect_status 0 kb search zqxjk
expect_eq "" "$out" "a word that is nowhere"

note "tiny KB: digits and acronyms are never corrected"
k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
write_answer "$k" tax-1040 "Tax form 1040 help" "File form 1040 by April. Bring your SSN card."
write_answer "$k" walrus "Walrus feeding" "Walruses eat clams."
commit "$k" answers
expect_status 0 kb --kb "$k" search 1040
expect_eq "tax-1040${TAB}Tax form 1040 help" "$out" "1040"
expect_status 0 kb --kb "$k" search 1041
expect_eq "" "$out" "1041 is not corrected to 1040"
expect_status 0 kb --kb "$k" search W-3
expect_eq "" "$out" "W-3 is not corrected"
expect_status 0 kb --kb "$k" search SSM
expect_eq "" "$out" "the acronym SSM is not corrected to SSN"
expect_status 0 kb --kb "$k" search walrsu
expect_eq "walrus${TAB}Walrus feeding" "$out" "walrsu corrected to walrus"

exit 0
