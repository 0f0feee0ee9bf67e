#!/bin/sh
# Learning from use (kb(1), LEARNING FROM USE): the words of a query
# behind an answer used count for that answer once two different agents
# used it for them.  One agent, however often, teaches nothing; a second
# one does, after kb index or by the next search's own refresh; kb report
# lists the words with their agents; kb learn counts them; an answer
# removed keeps nothing in search and breaks nothing, and its words come
# back with it.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
write_answer "$k" travel/lost-passport "Report a lost passport" \
    "Fill in form DS-64 and bring a photo ID. The fee is 60 dollars."
write_answer "$k" animals/dog-license "License your dog" \
    "Every dog over four months old needs a license tag."
write_answer "$k" parks/picnic-shelter "Book a picnic shelter" \
    "Shelters are booked online or at the park office."
commit "$k" answers
export KB_DIR="$k"

# The answers a plain kb search finds, one id per line.
found() {
	expect_status 0 kb search "$1"
	ids_of "$out"
}
uses() {
	_agent=$1 _n=$2 _id=$3 _q=$4
	while [ "$_n" -gt 0 ]; do
		expect_status 0 kb --agent "$_agent" use "$_id" --channel phone \
		    --query "$_q"
		_n=$((_n - 1))
	done
}
learned_rows() {
	expect_status 0 kb report --format csv --section learned
	printf '%s\n' "$out" | tr -d '\r' | sed 1d
}

note "the caller's words are in no answer: nothing found"
expect_not_contains "$(found "wallet nicked abroad")" lost-passport \
    "before any use"

note "one agent, five times: nothing learned"
uses alice 5 lost-passport "wallet nicked abroad"
expect_status 0 kb index --quiet
expect_not_contains "$(found "wallet nicked abroad")" lost-passport \
    "one agent's uses"
expect_eq "" "$(learned_rows)" "kb report: nothing learned from one agent"
expect_status 0 kb learn
expect_eq "learned    0 words for 0 answers (0 answers changed now)" "$out" \
    "kb learn: nothing"

note "a second agent: the words they share count, after kb index"
uses bob 1 lost-passport "nicked while abroad"
expect_status 0 kb index --quiet
expect_eq lost-passport "$(found "nicked abroad" | sed -n 1p)" \
    "two agents' words find the answer first"
expect_eq "lost-passport,Report a lost passport,abroad,2,2
lost-passport,Report a lost passport,nicked,2,2" "$(learned_rows)" \
    "kb report: the words, their agents and weight"
expect_not_contains "$(found "wallet")" lost-passport "alice's word alone"
expect_status 0 kb report
expect_contains "$out" "Learned from use: words of searches that ended with the answer used" \
    "the text report has the section"
expect_match "$out" '^lost-passport +Report a lost passport +nicked +2 +2$' \
    "the text report's row"

note "a search learns by itself, with no kb index"
uses carol 1 picnic-shelter "gazebo hire"
uses dave 1 picnic-shelter "gazebo for a party"
expect_eq picnic-shelter "$(found "gazebo" | sed -n 1p)" \
    "the next search took the new uses"
expect_status 0 kb learn
expect_eq "learned    3 words for 2 answers (0 answers changed now)" "$out" \
    "kb learn counts them"

note "a third agent weighs more, the fourth and fifth no more"
uses erin 1 lost-passport "nicked"
uses fred 1 lost-passport "nicked"
uses gina 1 lost-passport "nicked"
expect_status 0 kb learn
expect_eq "learned    3 words for 2 answers (1 answer changed now)" "$out" \
    "kb learn: the answer that changed"
expect_contains "$(learned_rows)" "lost-passport,Report a lost passport,nicked,5,3" \
    "five agents, weight 3"

note "an answer removed: nothing breaks, nothing stale is found"
git -C "$k" rm -q answers/parks/picnic-shelter.md
commit "$k" "Remove the shelters"
expect_not_contains "$(found "gazebo")" picnic-shelter "a removed answer"
expect_not_contains "$(learned_rows)" picnic-shelter "the report leaves it out"
expect_status 0 kb check

note "back in another folder: its words come back"
write_answer "$k" events/picnic-shelter "Book a picnic shelter" \
    "Shelters are booked online."
commit "$k" "Shelters again"
expect_eq picnic-shelter "$(found "gazebo" | sed -n 1p)" "the answer is back"
expect_status 0 kb index --rebuild --quiet
expect_eq picnic-shelter "$(found "gazebo" | sed -n 1p)" "after a rebuild"

exit 0
