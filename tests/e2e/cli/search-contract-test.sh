#!/bin/sh
# kb search: the output contract of kb(1) -- ID<TAB>TITLE lines best
# first, --limit, --lang, --tag, --json, no hits, "--", global options
# before or after the command, $KB_DIR.
. "$(dirname "$0")/../lib.sh"

# --- a tiny KB where the ranking is unambiguous ------------------------------
k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
WA_TAGS="birds" write_answer "$k" birds/heron-nesting "Heron nesting season" \
    "Grey herons build nests in tall trees along the river in early spring." \
    "Visitors should keep their distance from the heronry."
WA_TAGS="birds" write_answer "$k" birds/heron-feeding "Heron feeding habits" \
    "Herons eat fish, frogs and small mammals."
WA_TAGS="fish" write_answer "$k" fish/river-fishing "River fishing permits" \
    "A permit is needed to fish in the river."
WA_TAGS="birds" WA_LANG=es write_answer "$k" aves/garza-nidos "Temporada de nidos de la garza" \
    "Las garzas construyen nidos en la primavera."
write_answer "$k" misc/quote-title 'The "quoted" \ back\slash title' \
    "Sphinx of black quartz, judge my vow."
write_answer "$k" misc/dash-topic "Minus-prefixed words" \
    "The word xylophone appears here."
commit "$k" "answers"

note "output format: exactly ID<TAB>TITLE per line"
expect_status 0 kb --kb "$k" search heron nesting
first=$(printf '%s\n' "$out" | sed -n 1p)
expect_eq "heron-nesting${TAB}Heron nesting season" "$first" "best hit first, ID<TAB>TITLE"
printf '%s\n' "$out" | while IFS= read -r line; do
	case "$line" in
	*"$TAB"*"$TAB"*) fail "more than one tab in '$line'" ;;
	[a-z0-9]*"$TAB"?*) ;;
	*) fail "line is not ID<TAB>TITLE: '$line'" ;;
	esac
done
n=$(printf '%s\n' "$out" | grep -c "^heron-nesting$TAB" || true)
expect_eq 1 "$n" "each answer at most once"
expect_status 0 kb --kb "$k" search --json heron nesting
expect_contains "$out" '"id": "heron-nesting"' "json has the hit"

note "answers that contain all the words rank above those with only some"
expect_status 0 kb --kb "$k" search river heron nests
expect_eq heron-nesting "$(ids_of "$out" | sed -n 1p)" "all-words answer first"
expect_status 0 kb --kb "$k" search fish river permit
expect_eq river-fishing "$(ids_of "$out" | sed -n 1p)" "all-words answer first (2)"

note "--limit N"
expect_status 0 kb --kb "$k" search heron
expect_eq 2 "$(ids_of "$out" | wc -l | tr -d ' ')" "two heron answers without a limit"
all=$out
expect_status 0 kb --kb "$k" search --limit 1 heron
expect_eq "$(printf '%s\n' "$all" | sed -n 1p)" "$out" "--limit 1 keeps the best hit"
expect_status 0 kb --kb "$k" search --limit=1 heron
expect_eq 1 "$(ids_of "$out" | wc -l | tr -d ' ')" "--limit=1"
expect_status 2 kb --kb "$k" search --limit 0 heron
expect_status 2 kb --kb "$k" search --limit x heron
expect_status 2 kb --kb "$k" search --limit
expect_status 2 kb --kb "$k" search

note "--tag T"
expect_status 0 kb --kb "$k" search --tag fish river
expect_eq "river-fishing${TAB}River fishing permits" "$out" "--tag fish"
expect_status 0 kb --kb "$k" search --tag birds river
expect_not_contains "$out" river-fishing "--tag birds excludes the fish answer"
expect_contains "$out" heron-nesting "--tag birds keeps the heron answer"
expect_status 0 kb --kb "$k" search --tag no-such-tag heron
expect_eq "" "$out" "unknown tag: no hits"

note "--lang es"
expect_status 0 kb --kb "$k" search --lang es garza nidos
expect_eq "garza-nidos${TAB}Temporada de nidos de la garza" "$out" "--lang es"
expect_status 0 kb --kb "$k" search --lang en garza nidos
expect_eq "" "$out" "--lang en excludes the Spanish answer"

note "no hits: no output, exit 0"
expect_status 0 kb --kb "$k" search zzyzx
expect_eq "" "$out" "no hits prints nothing"
expect_no_diag "no hits: nothing on stderr"
expect_status 0 kb --kb "$k" search --json zzyzx
case "$out" in
""|"[]"|"[${NL}]") ;;
*) fail "--json with no hits printed '$out'" ;;
esac

note "-- allows a query starting with '-'"
expect_status 2 kb --kb "$k" search -xylophone
expect_status 0 kb --kb "$k" search -- -xylophone
expect_contains "$out" "dash-topic${TAB}" "query '-xylophone' after --"
expect_status 0 kb --kb "$k" search -- --kb
expect_no_diag "'--kb' after -- is a query, not an option"

note "--json: valid JSON, keys id,title,snippet,version,confidence,sure; version = blob id"
expect_status 0 kb --kb "$k" search --json heron
json=$out
json_valid "$json" || fail "--json output is not valid JSON: $json"
for key in id title snippet version confidence sure; do
	expect_contains "$json" "\"$key\":" "--json key $key"
done
if command -v python3 >/dev/null 2>&1; then
	pairs=$(printf '%s' "$json" | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert isinstance(a, list) and a, "not a non-empty array"
for h in a:
    assert sorted(h) == ["confidence", "id", "snippet", "sure", "title",
                         "version"], sorted(h)
    assert all(isinstance(h[k], str) for k in
               ("id", "snippet", "title", "version")), h
    assert isinstance(h["sure"], bool), h
    assert isinstance(h["confidence"], (int, float)), h
    assert not isinstance(h["confidence"], bool), h
    assert 0 <= h["confidence"] <= 1, h
    print(h["id"] + "\t" + h["version"] + "\t" + h["snippet"])
') || fail "--json structure: $json"
elif command -v jq >/dev/null 2>&1; then
	pairs=$(printf '%s' "$json" | jq -r '.[] | [.id, .version, .snippet] | @tsv')
else
	pairs=$(printf '%s\n' "$json" | sed -n \
	    's/.*"id": "\([^"]*\)".*"snippet": "\([^"]*\)".*"version": "\([0-9a-f]*\)".*/\1\t\3\t\2/p')
fi
expect_eq 2 "$(printf '%s\n' "$pairs" | wc -l | tr -d ' ')" "two hits in JSON"
printf '%s\n' "$pairs" | while IFS="$TAB" read -r id version snippet; do
	path=$(cd "$k" && git ls-tree -r --name-only main answers | grep "/$id\.md$")
	want=$(git -C "$k" rev-parse "main:$path")
	printf '%s\n' "$version" | grep -Eq '^[0-9a-f]{40}$' ||
	    fail "version of $id is not a 40-hex blob id: '$version'"
	expect_eq "$want" "$version" "version of $id is git rev-parse main:$path"
	[ -n "$snippet" ] || fail "empty snippet for $id"
done
expect_status 0 kb --kb "$k" search --json heron
expect_eq "$json" "$out" "--json is stable between runs"
expect_status 0 kb --kb "$k" search --json quartz
json_valid "$out" || fail "--json with quotes and backslashes in the title: $out"
if command -v python3 >/dev/null 2>&1; then
	title=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["title"])')
	expect_eq 'The "quoted" \ back\slash title' "$title" "JSON title round-trips"
fi
expect_status 0 kb --kb "$k" search --json --limit 1 heron
json_valid "$out" || fail "--json --limit 1: $out"
expect_eq 1 "$(printf '%s\n' "$out" | grep -c '"id":')" "--json --limit 1 has one object"

note "global options before or after the command; --kb=DIR; \$KB_DIR"
expect_status 0 kb --kb "$k" search heron nesting
want=$out
expect_status 0 kb search --kb "$k" heron nesting
expect_eq "$want" "$out" "kb search --kb DIR"
expect_status 0 kb search heron --kb "$k" nesting
expect_eq "$want" "$out" "kb search QUERY --kb DIR QUERY"
expect_status 0 kb --kb="$k" search heron nesting
expect_eq "$want" "$out" "kb --kb=DIR search"
expect_status 0 kb search --limit 1 --kb "$k" --json heron
expect_contains "$out" '"id": "heron-' "global option among command options"
expect_status 0 kb --agent "Ann Agent" --office "Main Street" --kb "$k" search heron nesting
expect_eq "$want" "$out" "--agent and --office before the command"
expect_status 0 kb search heron nesting --agent=Ann --office=Main --kb "$k"
expect_eq "$want" "$out" "--agent= and --office= after the command"
expect_status 0 env KB_AGENT=Ann "$KB_BIN" --kb "$k" search heron nesting
expect_eq "$want" "$out" "\$KB_AGENT"
expect_status 2 kb --kb "$k" search heron --agent
expect_status 0 env KB_DIR="$k" "$KB_BIN" search heron nesting
expect_eq "$want" "$out" "\$KB_DIR used when --kb is absent"
expect_status 0 env KB_DIR="$tmp/nowhere" "$KB_BIN" --kb "$k" search heron nesting
expect_eq "$want" "$out" "--kb wins over \$KB_DIR"
expect_status 1 env KB_DIR="$tmp/nowhere" "$KB_BIN" search heron
expect_contains "$err" "$tmp/nowhere" "a missing KB is named in the error"
mkdir -p "$XDG_DATA_HOME"
cp -R "$k" "$XDG_DATA_HOME/kb"
expect_status 0 kb search heron nesting
expect_eq "$want" "$out" "default KB in \$XDG_DATA_HOME/kb"
expect_status 1 env -u XDG_DATA_HOME "$KB_BIN" search heron nesting
expect_contains "$err" "$HOME/.local/share/kb" "without XDG_DATA_HOME: ~/.local/share/kb"
mkdir -p "$HOME/.local/share"
mv "$XDG_DATA_HOME/kb" "$HOME/.local/share/kb"
expect_status 0 env -u XDG_DATA_HOME "$KB_BIN" search heron nesting
expect_eq "$want" "$out" "default KB in ~/.local/share/kb"
expect_status 1 kb search heron
expect_contains "$err" "$XDG_DATA_HOME/kb" "XDG_DATA_HOME/kb is the default when set"

note "the sample KB: lost social security card (kb(1) EXAMPLES)"
s=$tmp/sample
sample_kb "$s"
expect_status 0 kb --kb "$s" search lost social security card
first=$(ids_of "$out" | sed -n 1p)
expect_eq ssn-card-replace-lost "$first" "best hit for 'lost social security card'"
expect_status 0 kb --kb "$s" search --lang es pasaporte
[ -n "$out" ] || fail "--lang es pasaporte found nothing"
for id in $(ids_of "$out"); do
	f=$(find "$s/answers" -name "$id.md")
	grep -q '^lang: es$' "$f" || fail "--lang es returned $id, which is not Spanish"
done
expect_status 0 kb --kb "$s" search --tag renewal renew
[ -n "$out" ] || fail "--tag renewal renew found nothing"
for id in $(ids_of "$out"); do
	f=$(find "$s/answers" -name "$id.md")
	grep '^tags:' "$f" | tr ',' '\n' | sed 's/^tags://; s/^ *//; s/ *$//' |
	    grep -qx renewal || fail "--tag renewal returned $id, not tagged renewal"
done
expect_status 0 kb --kb "$s" search --limit 3 passport
expect_eq 3 "$(ids_of "$out" | wc -l | tr -d ' ')" "--limit 3 on the sample"
expect_status 0 kb --kb "$s" search passport
expect_eq 10 "$(ids_of "$out" | wc -l | tr -d ' ')" "default limit is 10"

exit 0
