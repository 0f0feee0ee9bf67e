#!/bin/sh
# Date-driven answers: effective, expires and replaces.  kb search leaves
# out an answer before its effective date, from its expires date on, and
# once its replacement is in effect; decided by the date (KB_NOW) at query
# time, with no kb index in between.  kb show keeps showing every answer
# with its dates and a standing line; --version shows no standing line.
# kb check: bad dates, expires not after effective, replacement loops
# (errors); replaces naming no answer or without effective (warnings).
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
make_kb "$k" <<'EOF'
=== answers/parking/fee-2026.md
---
title: Parking permit fee 2026
tags: parking, fee
related: fee-2027
---
The zucchini parking permit costs forty dollars.
=== answers/parking/fee-2027.md
---
title: Parking permit fee 2027
tags: parking, fee
effective: 2027-01-01
replaces: fee-2026
related: fee-2026
---
The zucchini parking permit costs fifty dollars.
=== answers/shelter/winter-shelter.md
---
title: Winter shelter
tags: shelter
expires: 2027-03-01
related: winter-shelter
---
The zucchini winter shelter is open at night.
=== answers/trash/new-bins.md
---
title: New recycling bins
tags: trash
effective: 2027-02-01
expires: 2027-06-30
related: new-bins
---
New zucchini bins arrive in February.
=== answers/trash/bulky.md
---
title: Bulky item pickup
tags: trash
related: bulky
---
Put the zucchini crate at the curb.
=== answers/trash/bulky-now.md
---
title: Bulky item pickup by appointment
tags: trash
replaces: bulky
related: bulky-now
---
Book a zucchini crate pickup online.
EOF
export KB_DIR="$k"

# search DATE: the ids kb search zucchini finds on DATE, sorted, on a line.
search_on() {
	expect_status 0 env KB_NOW="$1" "$KB_BIN" search zucchini
	ids_of "$out" | sort | tr '\n' ' ' | sed 's/ $//'
}

note "the index is built once, before every date below"
expect_status 0 env KB_NOW=2026-12-01 "$KB_BIN" index
index_head=$(git -C "$k" rev-parse main)
[ -f "$k/.git/kb/index.db" ] || fail "no index at $k/.git/kb/index.db"
index_sum=$(cksum <"$k/.git/kb/index.db")

note "effective and replaces: the switch-over by the date alone"
expect_eq "bulky-now fee-2026 winter-shelter" "$(search_on 2026-12-31)" \
    "2026-12-31: the old fee, not the new one"
expect_status 0 env KB_NOW=2026-12-31 "$KB_BIN" search fee permit
expect_eq "fee-2026${TAB}Parking permit fee 2026" "$out" "2026-12-31: the old fee only"
expect_status 0 env KB_NOW=2027-01-01 "$KB_BIN" search fee permit
expect_eq "fee-2027${TAB}Parking permit fee 2027" "$out" "2027-01-01: the new fee only"
expect_eq "bulky-now fee-2027 winter-shelter" "$(search_on 2027-01-01)" \
    "2027-01-01: the new fee, not the old one"
expect_eq "bulky-now fee-2027 winter-shelter" "$(search_on 2027-01-31)" \
    "2027-01-31: the day before the bins are in effect"
expect_status 0 env KB_NOW=2026-12-31 "$KB_BIN" search fifty
expect_eq "" "$out" "2026-12-31: the new text is not found"
expect_status 0 env KB_NOW=2027-01-01 "$KB_BIN" search forty
expect_eq "" "$out" "2027-01-01: the old text is not found"
expect_status 0 env KB_NOW=2026-12-31 "$KB_BIN" search fee permit
expect_eq "fee-2026${TAB}Parking permit fee 2026" "$out" "back to 2026-12-31"

note "replaces without effective: the replaced answer is gone at once"
expect_status 0 env KB_NOW=2020-01-01 "$KB_BIN" search crate
expect_eq "bulky-now${TAB}Bulky item pickup by appointment" "$out" \
    "the replacement with no date, the replaced never"

note "effective and expires on the same answer; expires alone"
expect_eq "bulky-now fee-2027 new-bins winter-shelter" "$(search_on 2027-02-01)" \
    "2027-02-01: the bins are in effect"
expect_eq "bulky-now fee-2027 new-bins winter-shelter" "$(search_on 2027-02-28)" \
    "2027-02-28: the day before the shelter expires, it is there"
expect_eq "bulky-now fee-2027 new-bins" "$(search_on 2027-03-01)" \
    "2027-03-01: the shelter expired on its expires date"
expect_eq "bulky-now fee-2027 new-bins" "$(search_on 2027-06-29)" \
    "2027-06-29: the bins still in use"
expect_eq "bulky-now fee-2027" "$(search_on 2027-06-30)" \
    "2027-06-30: the bins expired"
expect_status 0 env KB_NOW=2027-03-01 "$KB_BIN" search shelter
expect_eq "" "$out" "an expired answer is not found by its title"
expect_status 0 env KB_NOW=2027-02-28 "$KB_BIN" search --json shelter
expect_contains "$out" '"id": "winter-shelter"' "--json on the day before expires"
expect_status 0 env KB_NOW=2027-03-01 "$KB_BIN" search --json shelter
case "$(printf '%s' "$out" | tr -d ' \n')" in
""|"[]") ;;
*) fail "--json on the expires date found: $out" ;;
esac
expect_eq "$index_head" "$(git -C "$k" rev-parse main)" "nothing was committed"
expect_eq "$index_sum" "$(cksum <"$k/.git/kb/index.db")" \
    "the searches on other dates did not rewrite the index"

# show DATE ID: kb show, exit 0; the lines from Tags: to the blank line
# after the meta lines in $meta.
show_on() {
	expect_status 0 env KB_NOW="$1" "$KB_BIN" show "$2"
	meta=$(printf '%s\n' "$out" | sed -n '/^Tags:/,/^$/p' | sed '$d')
}
v() {
	git -C "$k" rev-parse "main:answers/$1" | cut -c1-12
}

note "kb show: the dates and the standing line, exactly"
show_on 2026-12-31 fee-2027
expect_eq "Tags:      parking, fee
Effective: 2027-01-01
Replaces:  fee-2026
Channel:   all
Version:   $(v parking/fee-2027.md) (answers/parking/fee-2027.md)
NOT YET IN EFFECT: this answer applies from 2027-01-01." "$meta" \
    "kb show of an answer not yet in effect"
expect_contains "$out" "costs fifty dollars" "its text is shown"
show_on 2027-01-01 fee-2027
expect_eq "Tags:      parking, fee
Effective: 2027-01-01
Replaces:  fee-2026
Channel:   all
Version:   $(v parking/fee-2027.md) (answers/parking/fee-2027.md)" "$meta" \
    "kb show of the replacement in effect: no standing line"
show_on 2026-12-31 fee-2026
expect_eq "Tags:      parking, fee
Channel:   all
Version:   $(v parking/fee-2026.md) (answers/parking/fee-2026.md)" "$meta" \
    "kb show of the old answer before the switch-over"
show_on 2027-01-01 fee-2026
expect_eq "Tags:      parking, fee
Channel:   all
Version:   $(v parking/fee-2026.md) (answers/parking/fee-2026.md)
REPLACED from 2027-01-01 by fee-2027: give that answer." "$meta" \
    "kb show of a replaced answer"
expect_contains "$out" "costs forty dollars" "a replaced answer's text is shown"
show_on 2020-01-01 bulky
expect_eq "REPLACED by bulky-now: give that answer." \
    "$(printf '%s\n' "$meta" | sed -n '$p')" "replaced by an answer with no date"
show_on 2027-02-28 winter-shelter
expect_eq "Tags:      shelter
Expires:   2027-03-01
Channel:   all
Version:   $(v shelter/winter-shelter.md) (answers/shelter/winter-shelter.md)" \
    "$meta" "kb show the day before expires"
show_on 2027-03-01 winter-shelter
expect_eq "Tags:      shelter
Expires:   2027-03-01
Channel:   all
Version:   $(v shelter/winter-shelter.md) (answers/shelter/winter-shelter.md)
EXPIRED on 2027-03-01: do not give this answer." "$meta" \
    "kb show of an expired answer"
show_on 2027-01-31 new-bins
expect_eq "Tags:      trash
Effective: 2027-02-01
Expires:   2027-06-30
Channel:   all
Version:   $(v trash/new-bins.md) (answers/trash/new-bins.md)
NOT YET IN EFFECT: this answer applies from 2027-02-01." "$meta" \
    "both dates, before effective"
show_on 2027-07-01 new-bins
expect_eq "EXPIRED on 2027-06-30: do not give this answer." \
    "$(printf '%s\n' "$meta" | sed -n '$p')" "both dates, after expires"
expect_eq "New recycling bins
==================" "$(printf '%s\n' "$out" | sed -n 1,2p)" "title and underline first"

note "kb show --version: no standing line"
blob=$(git -C "$k" rev-parse main:answers/shelter/winter-shelter.md)
expect_status 0 env KB_NOW=2027-03-01 "$KB_BIN" show --version "$blob" winter-shelter
expect_contains "$out" "Expires:   2027-03-01" "--version keeps the meta lines"
expect_not_contains "$out" "EXPIRED" "--version: no standing line"
expect_contains "$out" "open at night" "--version: the text"

note "kb check: the dates and replacements of a clean KB"
expect_status 0 kb check
expect_eq "answers/trash/bulky-now.md:4: warning: replaces 'bulky' without an 'effective' date: it takes over at once" \
    "$out" "kb check: replaces without effective is a warning, on the replaces line"
expect_eq "kb: 6 answers and 0 notices checked: 0 errors, 1 warning" "$err" \
    "kb check summary"

note "kb check: errors and warnings with path:line"
b=$tmp/bad
mkdir -p "$b/answers"
git -C "$b" init -q -b main
# 1 ---  2 title  3 tags  4 related  5.. the keys under test
fm='---\ntitle: %s\ntags: e2e\nrelated: good\n'
printf -- "$fm---\nBody.\n" "Good" >"$b/answers/good.md"
printf -- "$fm"'effective: 2027-02-30\n---\nBody.\n' "Bad effective" >"$b/answers/bad-effective.md"
printf -- "$fm"'expires: next week\n---\nBody.\n' "Bad expires" >"$b/answers/bad-expires.md"
printf -- "$fm"'effective: 2027-01-01T09:00\n---\nBody.\n' "A time" >"$b/answers/effective-time.md"
printf -- "$fm"'effective: 2027-03-01\nexpires: 2027-03-01\n---\nBody.\n' "Same day" >"$b/answers/same-day.md"
printf -- "$fm"'effective: 2027-03-01\nexpires: 2027-02-01\n---\nBody.\n' "Before" >"$b/answers/expires-first.md"
printf -- "$fm"'effective: 2027-01-01\nreplaces: loop-b\n---\nBody.\n' "Loop a" >"$b/answers/loop-a.md"
printf -- "$fm"'effective: 2027-01-01\nreplaces: loop-a\n---\nBody.\n' "Loop b" >"$b/answers/loop-b.md"
printf -- "$fm"'effective: 2027-01-01\nreplaces: no-such-answer\n---\nBody.\n' "Ghost" >"$b/answers/ghost.md"
printf -- "$fm"'replaces: good\n---\nBody.\n' "At once" >"$b/answers/at-once.md"
commit "$b" "dates with problems"
expect_status 1 kb --kb "$b" check
all="$out$NL$err"
diag() { expect_only_check_diag "$all" "$@"; }
diag answers/bad-effective.md 5 "error: effective '2027-02-30' is not a date"
diag answers/bad-expires.md 5 "error: expires 'next week' is not a date"
diag answers/effective-time.md 5 "error: effective '2027-01-01T09:00' is not a date"
diag answers/same-day.md 6 "error: expires 2027-03-01 is not after effective 2027-03-01"
diag answers/expires-first.md 6 "error: expires 2027-02-01 is not after effective 2027-03-01"
diag answers/loop-a.md 6 "error: replaces: .*loop"
diag answers/loop-b.md 6 "error: replaces: .*loop"
diag answers/ghost.md 6 "warning: replaces: answer 'no-such-answer' does not exist"
diag answers/at-once.md 5 "warning: replaces 'good' without an 'effective' date: it takes over at once"
printf '%s\n' "$all" | grep -q '^answers/good\.md:' && fail "kb check reports good.md: $all"
expect_contains "$err" "kb: 10 answers and 0 notices checked: 7 errors, 2 warnings" \
    "kb check summary with date errors"

note "only the warnings: exit 0"
w=$tmp/warn
mkdir -p "$w/answers"
git -C "$w" init -q -b main
printf -- "$fm---\nBody.\n" "Good" >"$w/answers/good.md"
printf -- "$fm"'effective: 2027-01-01\nreplaces: gone-away\n---\nBody.\n' "Ghost" >"$w/answers/ghost.md"
commit "$w" "a warning"
expect_status 0 kb --kb "$w" check
expect_eq "answers/ghost.md:6: warning: replaces: answer 'gone-away' does not exist (already removed?)" \
    "$out" "replaces naming no answer"

exit 0
