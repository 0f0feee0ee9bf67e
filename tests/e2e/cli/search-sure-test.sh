#!/bin/sh
# kb search and confidence (kb(1), search): by default only the sure
# hits; --all adds the weaker ones after them, each line then saying
# "sure" or "weaker" in a third field; --json gives each hit's
# confidence and sure; a corrected query is told on stderr; so is a
# search with only weaker hits, which prints nothing without --all.
#
# It holds for any honest confidence: "heron nesting river" is every word
# of one answer and only the minor word "river" of two others; "river
# otters" is one word of three answers and nothing of the other.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
WA_TAGS="birds" write_answer "$k" birds/heron-nesting "Heron nesting season" \
    "Grey herons build nests in tall trees along the river in early spring." \
    "Visitors should keep their distance while the herons are nesting."
WA_TAGS="fish" write_answer "$k" fish/river-fishing "River fishing permits" \
    "A permit is needed to fish in the river, sold at the harbour office."
WA_TAGS="boats" write_answer "$k" boats/boat-launch "Boat launch hours" \
    "The boat launch on the river opens at dawn and closes at dusk."
commit "$k" "answers"

# The third field of each line of $1, one per line.
third() {
	printf '%s\n' "$1" | cut -f3 | sed '/^$/d'
}

note "default: the sure hits only, ID<TAB>TITLE"
expect_status 0 kb --kb "$k" search heron nesting river
sure_out=$out
expect_eq "heron-nesting${TAB}Heron nesting season" "$(printf '%s\n' "$out" | sed -n 1p)" \
    "the answer with every word first"
expect_not_contains "$out" "river-fishing" "an answer with only 'river' is not a sure match"
expect_not_contains "$out" "boat-launch" "an answer with only 'river' is not a sure match"
printf '%s\n' "$out" | grep -q "$TAB.*$TAB" && fail "a third field without --all: $out"
expect_no_diag "sure hits: nothing on stderr"

note "--all: the sure hits, then the weaker ones, a third field saying which"
expect_status 0 kb --kb "$k" search --all heron nesting river
all=$out
expect_contains "$all" "river-fishing${TAB}River fishing permits${TAB}weaker" \
    "--all adds a weaker hit"
printf '%s\n' "$all" | while IFS= read -r line; do
	case "$line" in
	*"$TAB"*"$TAB"*"$TAB"*) fail "more than three fields: '$line'" ;;
	[a-z0-9]*"$TAB"?*"${TAB}sure"|[a-z0-9]*"$TAB"?*"${TAB}weaker") ;;
	*) fail "line is not ID<TAB>TITLE<TAB>sure|weaker: '$line'" ;;
	esac
done
expect_eq "$sure_out" "$(printf '%s\n' "$all" | grep "${TAB}sure\$" | cut -f1,2)" \
    "the sure lines of --all are the default output"
expect_eq "sure weaker" "$(third "$all" | uniq | tr '\n' ' ' | sed 's/ $//')" \
    "the sure lines, then the weaker ones"
expect_status 0 kb --kb "$k" search --all --limit 1 heron nesting river
expect_eq "heron-nesting${TAB}Heron nesting season${TAB}sure" "$out" "--all --limit 1"

note "--json: confidence (a number from 0 to 1) and sure (true or false)"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read the JSON"
expect_status 0 kb --kb "$k" search --json heron nesting river
expect_eq "heron-nesting" "$(printf '%s' "$out" | python3 -c '
import json, sys
a = json.load(sys.stdin)
for h in a:
    assert h["sure"] is True, h
    assert 0 <= h["confidence"] <= 1, h
print("\n".join(h["id"] for h in a))
')" "--json: the sure hits, each with sure true"
expect_status 0 kb --kb "$k" search --json --all heron nesting river
json_ids=$(printf '%s' "$out" | python3 -c '
import json, sys
a = json.load(sys.stdin)
for h in a:
    c = h["confidence"]
    assert isinstance(c, (int, float)) and not isinstance(c, bool), h
    assert 0 <= c <= 1, h
    assert isinstance(h["sure"], bool), h
flags = [h["sure"] for h in a]
assert flags == sorted(flags, reverse=True), "a weaker hit before a sure one"
sure = [h["confidence"] for h in a if h["sure"]]
weak = [h["confidence"] for h in a if not h["sure"]]
assert sure and weak, (sure, weak)
assert min(sure) >= max(weak), "a weaker hit more confident than a sure one"
print("\n".join(h["id"] + "\t" + ("sure" if h["sure"] else "weaker") for h in a))
') || fail "--json --all: $out"
expect_eq "$(printf '%s\n' "$all" | cut -f1,3)" "$json_ids" \
    "--json --all: the hits of --all, in its order, sure as it says"

note "a corrected query: one line on stderr, the hits as ever on stdout"
expect_status 0 kb --kb "$k" search heron nestng
expect_eq "heron-nesting${TAB}Heron nesting season" "$out" "the corrected search's hit"
expect_eq 'kb: showing results for "heron nesting"' "$err" "the correction on stderr"
expect_status 0 kb --kb "$k" search --json heron nestng
expect_eq 'kb: showing results for "heron nesting"' "$err" "--json: the correction on stderr"
json_valid "$out" || fail "--json with a correction: stdout is not JSON: $out"

note "only weaker hits: nothing printed, and stderr says so"
expect_status 0 kb --kb "$k" search --all river otters
weaker=$out
[ -n "$weaker" ] || fail "river otters: --all found nothing related"
expect_eq "weaker" "$(third "$weaker" | sort -u)" "river otters: every hit is weaker"
n=$(printf '%s\n' "$weaker" | wc -l | tr -d ' ')
expect_status 0 kb --kb "$k" search river otters
expect_eq "" "$out" "no sure hit: nothing on stdout"
if [ "$n" = 1 ]; then
	expect_eq "kb: no sure match; 1 weaker hit with --all" "$err" "the stderr line"
else
	expect_eq "kb: no sure match; $n weaker hits with --all" "$err" "the stderr line"
fi
expect_status 0 kb --kb "$k" search --json river otters
case "$out" in
""|"[]"|"[${NL}]") ;;
*) fail "--json with no sure hit printed '$out'" ;;
esac
expect_contains "$err" "kb: no sure match;" "--json: the stderr line too"
expect_status 0 kb --kb "$k" search --all --json river otters
expect_eq "" "$(printf '%s' "$out" | python3 -c '
import json, sys
print("".join("x" for h in json.load(sys.stdin) if h["sure"]))')" \
    "--json --all river otters: no hit is sure"
expect_no_diag "--all: nothing on stderr"

note "nothing at all: no output, nothing on stderr, exit 0 (as ever)"
expect_status 0 kb --kb "$k" search --all zzyzx
expect_eq "" "$out" "no hits"
expect_no_diag "no hits: nothing on stderr"

exit 0
