#!/bin/sh
# kb proposals: pending only by default, newest first; --all adds the
# state; --json is a JSON array with the same facts; --mine keeps the
# agent's own (--agent, $KB_AGENT, else git user.name).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"
command -v python3 >/dev/null 2>&1 || { note "no python3: skipped"; exit 0; }

k=$tmp/kb
zoo_kb "$k" <<'EOF_KB'
EOF_KB
export KB_DIR="$k"

# propose AGENT ID WORD REASON
propose() {
	printf -- '---\ntitle: %s\ntags: zoo, animals\nrelated: walrus-feeding\n---\nNow with %s.\n' \
	    "$2 title" "$3" | kb --agent "$1" propose "$2" --message "$4" ||
	    fail "propose $*"
}

note "an empty KB of proposals"
expect_status 0 kb proposals
expect_eq "" "$out" "nothing pending"
expect_status 0 kb proposals --json
expect_eq "[]" "$out" "an empty JSON array"

a1=$(propose "Alice Agent" walrus-feeding herring 'Herring, "fresh" daily')
sleep 1	# commit times are in seconds: make the order certain
b1=$(propose "Bob" penguin-parade rain "Rain plan")
sleep 1
a2=$(propose "Alice Agent" penguin-parade sun "Sun plan")
expect_status 0 kb reject "$b1" --reason 'Not "rain"; shine'

note "TSV: pending, newest first, five columns"
expect_status 0 kb proposals
expect_eq "$a2
$a1" "$(printf '%s\n' "$out" | cut -f1)" "pending branches, newest first"
expect_eq "5
5" "$(printf '%s\n' "$out" | awk -F "$TAB" '{print NF}')" "five columns"
expect_match "$out" "^$a1${TAB}walrus-feeding${TAB}Alice Agent${TAB}[0-9]{4}-[0-9]{2}-[0-9]{2}${TAB}Herring, \"fresh\" daily\$" \
    "a pending line"

note "--all: six columns with the state"
expect_status 0 kb proposals --all
expect_eq "$a2
$b1
$a1" "$(printf '%s\n' "$out" | cut -f1)" "every proposal, newest first"
expect_eq "pending
rejected: Not \"rain\"; shine
pending" "$(printf '%s\n' "$out" | cut -f6)" "states"

note "--json parses and says the same"
expect_status 0 kb proposals --all --json
printf '%s' "$out" >"$tmp/all.json"
python3 - "$tmp/all.json" "$a1" "$b1" "$a2" <<'EOF' || fail "--all --json content"
import json, re, sys
v = json.load(open(sys.argv[1]))
a1, b1, a2 = sys.argv[2:5]
assert isinstance(v, list) and len(v) == 3, v
assert [p["branch"] for p in v] == [a2, b1, a1], v
p = v[2]
assert p["answer"] == "walrus-feeding", p
assert p["author"] == "Alice Agent", p
assert p["reason"] == 'Herring, "fresh" daily', p
assert p["state"] == "pending", p
assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", p["date"]), p
r = v[1]
assert r["state"] == "rejected", r
assert r["rejected_by"] == "Rita Reviewer", r
assert r["rejection"] == 'Not "rain"; shine', r
assert "rejected_by" not in p, p
EOF
expect_status 0 kb proposals --json
printf '%s' "$out" >"$tmp/pending.json"
python3 - "$tmp/pending.json" "$a1" "$a2" <<'EOF' || fail "--json content"
import json, sys
v = json.load(open(sys.argv[1]))
assert [p["branch"] for p in v] == [sys.argv[3], sys.argv[2]], v
assert all(p["state"] == "pending" for p in v), v
EOF

note "--mine: by --agent, \$KB_AGENT or git user.name"
expect_status 0 kb --agent "Alice Agent" proposals --mine
expect_eq "$a2
$a1" "$(printf '%s\n' "$out" | cut -f1)" "--agent Alice: hers"
expect_status 0 kb --agent Bob proposals --mine
expect_eq "" "$out" "Bob's only proposal is decided"
expect_status 0 kb --agent Bob proposals --mine --all
expect_eq "$b1" "$(printf '%s\n' "$out" | cut -f1)" "--mine --all: Bob's"
KB_AGENT=Bob "$KB_BIN" proposals --mine --all --json >"$tmp/bob.json" || fail "KB_AGENT"
python3 - "$tmp/bob.json" "$b1" <<'EOF' || fail "KB_AGENT=Bob --mine --json"
import json, sys
v = json.load(open(sys.argv[1]))
assert [p["branch"] for p in v] == [sys.argv[2]], v
EOF
git -C "$k" config user.name "Alice Agent"
expect_status 0 kb proposals --mine
expect_eq "$a2
$a1" "$(printf '%s\n' "$out" | cut -f1)" "git user.name Alice: hers"
expect_status 0 kb --agent Nobody proposals --mine --json
expect_eq "[]" "$out" "nobody's: an empty array"
git -C "$k" config user.name "Rita Reviewer"

note "after an approval the list and the JSON follow"
expect_status 0 kb approve "$a1"
expect_status 0 kb proposals
expect_eq "$a2" "$(printf '%s\n' "$out" | cut -f1)" "approved one gone from pending"
expect_status 0 kb proposals --all --json
printf '%s' "$out" >"$tmp/after.json"
python3 - "$tmp/after.json" "$a1" <<'EOF' || fail "merged in JSON"
import json, sys
v = {p["branch"]: p for p in json.load(open(sys.argv[1]))}
assert v[sys.argv[2]]["state"] == "merged", v
EOF

note "usage"
expect_status 2 kb proposals extra
expect_status 2 kb proposals --bogus

exit 0
