#!/bin/sh
# kb review marks the words that changed in a two-line change, pairing
# each old line with the new line most like it (the old tags: line with
# the new tags: line, though a line was added between), in reverse video
# around the changed word only, on removed lines as on added ones, and
# never as a colour on a background of the same colour; with NO_COLOR
# and in high contrast the marks are still there.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_reviewer_kb "$k"
path=answers/permits/kayak-permit.md
# The title and the tags change, and a new line comes between them.
git -C "$k" show "main:$path" | awk '
	/^title:/ { print "title: Kayak slipway permit"
		print "effective: 2026-01-01"; next }
	/^tags:/ { print "tags: kayak, rowing, permit"; next }
	{ print }' |
    kb --kb "$k" --agent alice propose kayak-permit --message "Slipway" \
    >/dev/null || fail "kb propose"
expect_status 0 kb --kb "$k" diff proposals/alice/kayak-permit-1
expect_contains "$out" "-title: Kayak launch permit
-tags: kayak, boating, permit
+title: Kayak slipway permit
+effective: 2026-01-01
+tags: kayak, rowing, permit" "the two-line change, as kb diff prints it"

# The rows of the diff with reverse video, as "TEXT" per line: the row's
# first character (its +/-) and the marked text.
marks() {
	reverse_runs | awk -F '\t' -v last="$1" '$1 > 0 && $1 < last' |
	    while IFS="$TAB" read -r r text fg bg; do
		printf '%s %s|%s|%s\n' "$(row "$r" | cut -c1)" "$text" "$fg" "$bg"
	    done
}

check_marks() {
	got=$(marks 23)
	expect_eq "- launch|31|-
- boating|31|-
+ slipway|32|-
+ rowing|32|-" "$got" "$1: the changed words, in reverse video, on the line's own colour"
}

check_marks_plain() {
	got=$(marks 23 | sed 's/|.*//')
	expect_eq "- launch
- boating
+ slipway
+ rowing" "$got" "$1: the changed words in reverse video"
}

note "colour: each old line's changed word, and each new line's"
tui_start 100 24 "$k" review
wait_for "kayak-permit"
keys Enter
wait_for "+title: Kayak slipway permit" "+tags: kayak, rowing, permit" \
    "+effective: 2026-01-01"
check_marks "colour"
# The marks are on the words only: no other cell of those rows reversed.
expect_eq 4 "$(reverse_runs | awk -F '\t' '$1 > 0 && $1 < 23' | wc -l)" \
    "one run of reverse video on each changed line"

note "high contrast (F3): the same marks"
keys F3
wait_for "High contrast on"
check_marks_plain "high contrast"
keys q
wait_for "Proposals waiting"
keys q
expect_clean_exit
tui_stop

note "NO_COLOR: the same marks, without colour"
TUI_ENV="NO_COLOR=1"
tui_start 100 24 "$k" review
wait_for "kayak-permit"
keys Enter
wait_for "+tags: kayak, rowing, permit"
check_marks_plain "NO_COLOR"
expect_eq "" "$(marks 23 | grep -v '|-|-$' || true)" \
    "NO_COLOR: no colour on the marks"
keys q
wait_for "Proposals waiting"
keys q
expect_clean_exit

exit 0
