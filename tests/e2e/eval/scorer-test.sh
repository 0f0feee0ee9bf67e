#!/bin/sh
# make eval's scorer (tests/eval/) counts right: with a stand-in kb
# (fake-kb.sh) that prints the expected ids, wrong ids first, nothing, or
# fails, its figures are exact (and with --all, every hit's); its plain
# OR baseline finds what bm25 over any word finds; the sample set's
# categories become kinds; learning from use logs the right half of each
# answer's queries by two agents.
. "$(dirname "$0")/../lib.sh"

scorer=$(dirname "$KB_BIN")/tests/eval
[ -x "$scorer" ] || fail "no scorer at $scorer (run make)"
fake=$tmp/fake-kb
cp "$KB_TOP/tests/e2e/eval/fake-kb.sh" "$fake"
chmod +x "$fake"

mkdir -p "$tmp/answers/zoo" "$tmp/answers/city" "$tmp/repo" \
    "$tmp/learn-a" "$tmp/learn-b"
printf -- '---\ntitle: Feeding the walrus\ntags: zoo, animals\n---\nWalruses eat clams twice a day.\n' \
    > "$tmp/answers/zoo/walrus-feeding.md"
printf -- '---\ntitle: Residential parking permit\ntags: parking, car\n---\nApply for a permit to park on your street.\n' \
    > "$tmp/answers/city/parking-permit.md"
printf -- '---\ntitle: Renew a passport\ntags: travel\n---\nRenew your passport by mail.\n' \
    > "$tmp/answers/city/passport-renew.md"
cat > "$tmp/dev.tsv" <<EOF
what does the walrus eat${TAB}walrus-feeding${TAB}keywords
park my car on my street${TAB}parking-permit${TAB}sentence
renew passport${TAB}passport-renew,parking-permit${TAB}keywords
walrus food${TAB}walrus-feeding${TAB}keywords
zebra stripes${TAB}NONE${TAB}keywords
parking for zebras${TAB}NONE${TAB}sentence
EOF
export FAKE_QUERIES="$tmp/dev.tsv"

# score MODE QUERIES [OPTIONS...]: the scorer's output in $out.
score() {
	_mode=$1 _queries=$2
	shift 2
	FAKE_MODE=$_mode expect_status "${WANT_STATUS:-0}" "$scorer" "$@" \
	    "$fake" "$tmp/repo" "$tmp/answers" "$_queries"
}

# row OUTPUT KIND: the first table's row for KIND (figures only).
row() {
	printf '%s\n' "$1" | grep -m1 "^$2 " | tr -s ' '
}

note "oracle: every figure 1, every NONE empty; OR beside it"
score oracle "$tmp/dev.tsv"
expect_contains "$out" "6 queries (4 with an answer, 2 NONE), 3 answers" \
    "summary line"
expect_eq "all 4 2 | 1.000 1.000 1.000 1.000 1.000 | 1.000 1.000 1.000 1.000 0.500" \
    "$(row "$out" all)" "oracle and OR over all kinds"
expect_eq "keywords 3 1 | 1.000 1.000 1.000 1.000 1.000 | 1.000 1.000 1.000 1.000 1.000" \
    "$(row "$out" keywords)" "keywords: OR finds nothing for 'zebra stripes'"
expect_eq "sentence 1 1 | 1.000 1.000 1.000 1.000 1.000 | 1.000 1.000 1.000 1.000 0.000" \
    "$(row "$out" sentence)" "sentence: OR finds parking for 'parking for zebras'"
expect_contains "$out" "kb               hit@1=1.00 hit@3=1.00 hit@10=1.00 mrr=1.00 none_empty=1.00" \
    "oracle headline"
expect_contains "$out" "kb --all         hit@1=1.00 hit@3=1.00 hit@10=1.00 mrr=1.00 none_empty=0.00" \
    "every hit (--all): the weaker hit of a NONE query counts"
expect_contains "$out" "command_errors=0" "no command error"

note "a wrong id first: hit@1 0, hit@3 1, MRR 0.5"
score wrong-first "$tmp/dev.tsv"
expect_eq "all 4 2 | 0.000 1.000 1.000 0.500 1.000 | 1.000 1.000 1.000 1.000 0.500" \
    "$(row "$out" all)" "wrong id first"
FAKE_WRONG=2 score wrong-first "$tmp/dev.tsv"
expect_eq "all 4 2 | 0.000 1.000 1.000 0.333 1.000 | 1.000 1.000 1.000 1.000 0.500" \
    "$(row "$out" all)" "expected third"
FAKE_WRONG=9 score wrong-first "$tmp/dev.tsv"
expect_eq "all 4 2 | 0.000 0.000 1.000 0.100 1.000 | 1.000 1.000 1.000 1.000 0.500" \
    "$(row "$out" all)" "expected tenth"
FAKE_WRONG=10 score wrong-first "$tmp/dev.tsv"
expect_eq "all 4 2 | 0.000 0.000 0.000 0.000 1.000 | 1.000 1.000 1.000 1.000 0.500" \
    "$(row "$out" all)" "expected eleventh: only 10 hits count"

note "a command that prints nothing: no hit, every NONE empty"
score empty "$tmp/dev.tsv"
expect_eq "all 4 2 | 0.000 0.000 0.000 0.000 1.000 | 1.000 1.000 1.000 1.000 0.500" \
    "$(row "$out" all)" "empty command"

note "a failing command: counted, never an empty NONE, exit 1"
WANT_STATUS=1 score fail "$tmp/dev.tsv"
expect_eq "all 4 2 | 0.000 0.000 0.000 0.000 0.000 | 1.000 1.000 1.000 1.000 0.500" \
    "$(row "$out" all)" "failing command"
# Each query runs twice: for the sure hits and for every hit (--all).
expect_contains "$out" "command_errors=12" "every query counted, both runs"
expect_contains "$err" "exited 3: fake-kb: failing on purpose" \
    "the command's message"

note "the sample set's form: categories become kinds"
cat > "$tmp/sample.tsv" <<EOF
# typos (1)
wallrus food${TAB}walrus-feeding
# out of scope (no answer in the KB) (1)
zebra stripes${TAB}-
EOF
FAKE_QUERIES="$tmp/sample.tsv" score oracle "$tmp/sample.tsv"
expect_eq "typo 1 0 | 1.000 1.000 1.000 1.000 - | 0.000 0.000 0.000 0.000 -" \
    "$(row "$out" typo)" "typos are kind typo; OR misses 'wallrus food'"
expect_eq "out-of-scope 0 1 | - - - - 1.000 | - - - - 1.000" \
    "$(row "$out" out-of-scope)" "out of scope is a kind of NONE rows"
printf '# limericks (1)\nthere once was\t-\n' > "$tmp/unknown.tsv"
WANT_STATUS=1 score oracle "$tmp/unknown.tsv"
expect_contains "$err" "unknown category '# limericks (1)'" \
    "an unknown category is named"

note "learning from use: half of each answer's queries, two agents, swapped"
score oracle "$tmp/dev.tsv" --learn "$tmp/learn-a" "$tmp/learn-b" \
    --details "$tmp/details.tsv"
expect_eq "use${TAB}eval-agent-1${TAB}walrus-feeding${TAB}what does the walrus eat
use${TAB}eval-agent-2${TAB}walrus-feeding${TAB}what does the walrus eat
use${TAB}eval-agent-1${TAB}parking-permit${TAB}park my car on my street
use${TAB}eval-agent-2${TAB}parking-permit${TAB}park my car on my street
use${TAB}eval-agent-1${TAB}passport-renew${TAB}renew passport
use${TAB}eval-agent-2${TAB}passport-renew${TAB}renew passport
index" "$(cat "$tmp/learn-a/fake.log")" "the first half, learned in fold a"
expect_eq "use${TAB}eval-agent-1${TAB}walrus-feeding${TAB}walrus food
use${TAB}eval-agent-2${TAB}walrus-feeding${TAB}walrus food
index" "$(cat "$tmp/learn-b/fake.log")" "the second half, learned in fold b"
expect_contains "$out" "kb, learned      hit@1=1.00 hit@3=1.00 hit@10=1.00 mrr=1.00 none_empty=1.00" \
    "every query scored once with learning"
expect_eq "keywords${TAB}1${TAB}1${TAB}1${TAB}walrus-feeding${TAB}walrus-feeding${TAB}walrus-feeding${TAB}what does the walrus eat" \
    "$(sed -n 2p "$tmp/details.tsv")" "details: one line per query"
