#!/bin/sh
# An invalid proposal is refused before anything is made: the text is
# checked as kb check checks a file (path:line: error: ...), the id and
# the reason too.  No branch appears and main does not move.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"
main_before=$(git -C "$k" rev-parse main)
wpath=answers/zoo/walrus-feeding.md

# Nothing was proposed: no proposal branch, main as it was, nothing listed.
nothing_made() {
	expect_eq "" "$(git -C "$k" branch --list 'proposals/*')" "$1: no branch"
	expect_eq "$main_before" "$(git -C "$k" rev-parse main)" "$1: main"
	expect_eq "" "$(git -C "$k" status --porcelain)" "$1: work tree"
	expect_eq "" "$(kb proposals --all)" "$1: nothing listed"
}

valid() {
	printf -- '---\ntitle: Walrus feeding times\ntags: zoo, animals\n'
	printf -- 'related: walrus-feeding\n---\nThe walruses are fed herring.\n'
}

note "no title (an existing answer): path:line of the answer's path"
printf -- '---\ntags: zoo, animals\nrelated: walrus-feeding\n---\nNo title.\n' >"$tmp/t.md"
expect_status 1 kb --agent Alice propose walrus-feeding --message "no title" --file "$tmp/t.md"
expect_eq "" "$out" "no branch printed"
expect_match "$err" "^$wpath:[0-9]+: error: .*title" "the error names path:line and the title"
expect_contains "$err" "nothing was proposed" "says nothing was proposed"
nothing_made "no title"

note "an empty title: the line of the title"
printf -- '---\ntitle: \ntags: zoo\nrelated: walrus-feeding\n---\nEmpty title.\n' >"$tmp/t.md"
expect_status 1 kb --agent Alice propose walrus-feeding --message "empty title" --file "$tmp/t.md"
expect_match "$err" "^$wpath:2: error: .*title" "path:2 for the empty title"
nothing_made "empty title"

note "no title (a new answer): answers/<id>.md"
expect_status 1 kb --agent Alice propose seal-show --message "new, no title" <<'EOF'
---
tags: zoo
---
Seals.
EOF
expect_match "$err" '^answers/seal-show\.md:[0-9]+: error: .*title' "path:line of a new answer"
nothing_made "new answer without a title"

note "a bad date on line 4"
expect_status 1 kb --agent Alice propose walrus-feeding --message "bad date" <<'EOF'
---
title: Walrus feeding times
tags: zoo
review-by: 2099-02-30
related: walrus-feeding
---
Text.
EOF
expect_match "$err" "^$wpath:4: error: .*2099-02-30" "path:4 for the date"
nothing_made "bad date"

note "no front matter, empty text"
printf 'Just text.\n' >"$tmp/t.md"
expect_status 1 kb --agent Alice propose walrus-feeding --message "no front matter" --file "$tmp/t.md"
expect_match "$err" "^$wpath:1: error: " "no front matter: path:1"
: >"$tmp/empty.md"
expect_status 1 kb --agent Alice propose walrus-feeding --message "empty" --file "$tmp/empty.md"
expect_match "$err" "^$wpath:1: error: " "empty text: path:1"
nothing_made "no front matter"

note "bad ids"
valid >"$tmp/v.md"
for id in Bad_ID ../etc 'with space' 'walrus.md' ''; do
	expect_status 1 kb --agent Alice propose "$id" --message "bad id" --file "$tmp/v.md"
	expect_contains "$err" "not an answer id" "bad id '$id' is named as such"
	expect_contains "$err" "'$id'" "the message quotes the id '$id'"
done
nothing_made "bad ids"

note "empty, blank or multi-line reasons"
expect_status 1 kb --agent Alice propose walrus-feeding --message "" --file "$tmp/v.md"
expect_contains "$err" "reason" "empty reason"
expect_status 1 kb --agent Alice propose walrus-feeding --message "   " --file "$tmp/v.md"
expect_contains "$err" "reason" "blank reason"
expect_status 1 kb --agent Alice propose walrus-feeding --message "$TAB" --file "$tmp/v.md"
expect_contains "$err" "reason" "a tab is no reason"
expect_status 1 kb --agent Alice propose walrus-feeding --message "one${NL}two" --file "$tmp/v.md"
expect_contains "$err" "one-line" "a reason must be one line"
expect_status 2 kb --agent Alice propose walrus-feeding --file "$tmp/v.md"
expect_contains "$err" "--message" "no --message: usage error naming it"
nothing_made "reasons"

note "usage and file errors"
expect_status 2 kb --agent Alice propose --message "no id" --file "$tmp/v.md"
expect_status 2 kb --agent Alice propose walrus-feeding penguin --message "two ids" --file "$tmp/v.md"
expect_status 1 kb --agent Alice propose walrus-feeding --message "x" --file "$tmp/missing.md"
expect_contains "$err" "$tmp/missing.md" "an unreadable file is named"
nothing_made "usage"

note "the text main already has: no change to propose"
git -C "$k" show "main:$wpath" >"$tmp/same.md"
expect_status 1 kb --agent Alice propose walrus-feeding --message "same" --file "$tmp/same.md"
expect_contains "$err" "no change" "an unchanged text is refused"
nothing_made "unchanged"

note "the valid text is accepted (the checks above were about the faults)"
expect_status 0 kb --agent Alice propose walrus-feeding --message "herring" --file "$tmp/v.md"
expect_eq "proposals/alice/walrus-feeding-1" "$out" "numbering starts at 1 after refusals"

exit 0
