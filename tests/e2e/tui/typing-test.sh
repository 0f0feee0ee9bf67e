#!/bin/sh
# Typing never acts: with the focus on the results or on the preview,
# every letter, digit and punctuation key goes to the search line, as in
# fzf.  Typed as a query, the keys that act in an answer (u used, y copy,
# p print, s save, f flag, x not satisfied, U undo, e and a propose, q
# back) log nothing, copy, print or save nothing, open no editor and do
# not quit.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"

k=$tmp/kb
tui_kb "$k"
db=$k/.git/kb/usage.db
mkdir -p "$tmp/bin" "$tmp/saved"
printf '#!/bin/sh\ntouch "%s"\n' "$tmp/printed" >"$tmp/bin/lpr"
printf '#!/bin/sh\ntouch "%s"\n' "$tmp/edited" >"$tmp/editor"
chmod +x "$tmp/bin/lpr" "$tmp/editor"

events() {
	[ -f "$db" ] || { echo 0; return; }
	sqlite3 -batch -noheader "$db" "SELECT count(*) FROM event WHERE kind != 'search'"
}

TUI_CLIPBOARD=on
TUI_ENV="KB_SAVE_DIR=$tmp/saved PATH=$tmp/bin:$PATH EDITOR=$tmp/editor"
tui_start 130 30 "$k" --channel phone
wait_for -E '^Search:'
type_text kayak
wait_for "Search: kayak" "> Kayak launch permit"

note "the results have the focus: every action key typed is text"
keys Tab
wait_cursor 2 0
keys_typed="uypsfxUeaq n?/gGjkhlbc1tN"
type_text "$keys_typed"
wait_for -F "Search: kayak$keys_typed"
wait_cursor 0 $((8 + 5 + ${#keys_typed}))
expect_not_screen "KB-EXITED" "kb still runs"
expect_not_screen "Flag kayak-permit" "no flag question"
expect_not_screen "Marked as used" "no use marked"
expect_not_screen "Copied" "nothing copied"
expect_not_screen "Propose" "no proposal started"
expect_match "$(row 0)" '^Search: ' "no answer opened: still the search view"

note "the preview has the focus: the same"
keys C-u
type_text kayak
wait_for "Search: kayak" "> Kayak launch permit" -E '\| Tags: +kayak'
keys Tab Tab
bar=$(row 2 | awk '{ print index($0, "|") - 1 }')
wait_cursor 2 $((bar + 2))
type_text "$keys_typed"
wait_for -F "Search: kayak$keys_typed"
expect_not_screen "KB-EXITED" "kb still runs"

note "nothing was logged, copied, printed, saved or edited"
keys C-u
wait_for "Type what the customer says"
expect_eq 0 "$(events)" "events other than searches in the usage log"
tm list-buffers | grep -q . && fail "something was copied: $(tm show-buffer)"
[ ! -e "$tmp/printed" ] || fail "lpr was run"
[ ! -e "$tmp/edited" ] || fail "the editor was run"
expect_eq "" "$(ls -A "$tmp/saved")" "nothing saved"

note "the same keys in an answer act: u logs a use"
type_text kayak
wait_for "> Kayak launch permit"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
type_text u
wait_for -E '(^| )Marked as used: kayak-permit on phone \(logged'
expect_eq 1 "$(events)" "the use, logged"
keys C-c
expect_clean_exit

exit 0
