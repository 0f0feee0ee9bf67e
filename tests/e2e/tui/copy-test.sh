#!/bin/sh
# The answer leaves kb: y copies it for an email (OSC 52, into a tmux
# buffer), s saves it under $KB_SAVE_DIR and p prints it with lpr for a
# walk-in customer, whatever the channel on the screen; u marks it as
# used; each with its reference line and a confirmation on the status
# line.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"
version=$(git -C "$k" rev-parse main:answers/permits/kayak-permit.md | cut -c1-12)
REF="Reference: kb answer kayak-permit, version $version, 2026-11-22"
esc=$(printf '\033')

# A printer: lpr keeps its arguments and what it is given to print.
mkdir -p "$tmp/bin" "$tmp/saved"
cat >"$tmp/bin/lpr" <<EOF
#!/bin/sh
printf '%s\n' "\$*" >"$tmp/lpr.args"
cat >"$tmp/printed.txt"
EOF
chmod +x "$tmp/bin/lpr"

# OSC 52 from kb fills a tmux paste buffer.
TUI_CLIPBOARD=on
TUI_ENV="KB_SAVE_DIR=$tmp/saved PATH=$tmp/bin:$PATH"
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text kayak
wait_for "Search: kayak" "> Kayak launch permit"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
tm list-buffers | grep -q . && fail "a tmux buffer before copying: $(tm list-buffers)"

note "y copies the answer as the customer reads it: its Email section is the message"
type_text y
wait_for -E '(^| )Copied kayak-permit \(email wording\)'
copied=$(tm show-buffer) || fail "y: no tmux buffer (OSC 52 did not arrive)"
expect_eq "Reply with emailwording and the link to the permit form." \
    "$(printf '%s\n' "$copied" | sed -n 1p)" "the copy starts with the email's first line, no title"
expect_not_contains "$copied" "phonewording" "no Phone section in an email"
expect_not_contains "$copied" "walkinwording" "no Walk-in section in an email"
printf '%s\n' "$copied" | grep -Eq '^Reference: kb answer kayak-permit, version [0-9a-f]{12}, 2026-11-22$' ||
    fail "no reference line in the copy:$NL$copied"
expect_eq "$REF" "$(printf '%s\n' "$copied" | grep '^Reference:')" \
    "the reference names the version (the blob id) and KB_NOW's date"
expect_not_contains "$copied" "$esc" "no escape character in the copy"
expect_not_contains "$(capture)" "]52;" "no OSC 52 text left on the screen"

note "with the Phone channel too, y copies the email wording: a copy is sent"
keys F2
wait_for -E "$(status_re Phone)"
tm delete-buffer
type_text y
wait_for -E '(^| )Copied kayak-permit \(email wording\)'
copied=$(tm show-buffer) || fail "y: no tmux buffer (OSC 52 did not arrive)"
expect_contains "$copied" "emailwording" "the Email section is copied"
expect_not_contains "$copied" "phonewording" "no Phone section in an email"
expect_eq "$REF" "$(printf '%s\n' "$copied" | grep '^Reference:')" "the reference line"
keys F2 F2 F2
wait_for -E "$(status_re "All channels")"

note "s saves the answer to \$KB_SAVE_DIR/kb-ID-DATE.txt, walk-in wording"
type_text s
saved=$tmp/saved/kb-kayak-permit-2026-11-22.txt
wait_for -E '(^| )Saved kayak-permit'
[ -f "$saved" ] || fail "s: no $saved; saved: $(ls -A "$tmp/saved")"
expect_eq "Kayak launch permit" "$(sed -n 1p "$saved")" "the saved file starts with the title"
expect_contains "$(cat "$saved")" "walkinwording" "the Walk-in section is saved"
expect_not_contains "$(cat "$saved")" "emailwording" "no Email section for a walk-in customer"
expect_eq "$REF" "$(sed '/^$/d' "$saved" | tail -n 1)" "the saved file ends with the reference line"
too_long=$(awk 'length($0) > 80' "$saved")
expect_eq "" "$too_long" "saved text is wrapped for paper"

note "p prints it with lpr: the same text"
type_text p
wait_for -E '(^| )Sent kayak-permit \(walk-in wording\) to the printer'
[ -f "$tmp/printed.txt" ] || fail "p: lpr was not run"
printed=$(cat "$tmp/printed.txt")
expect_eq "Kayak launch permit" "$(printf '%s\n' "$printed" | sed -n 1p)" "printed: the title"
expect_contains "$printed" "walkinwording" "printed: the Walk-in section"
expect_eq "$REF" "$(printf '%s\n' "$printed" | sed '/^$/d' | tail -n 1)" "printed: the reference line"
expect_eq "$(cat "$saved")" "$printed" "printed and saved text are the same"
expect_contains "$(cat "$tmp/lpr.args")" "Kayak launch permit" "lpr is given the title as the job name"

note "u marks the answer as used (on a channel)"
keys F2
wait_for -E "$(status_re Phone)"
type_text u
wait_for -E '(^| )Marked as used: kayak-permit'

note "the answer stays open; q goes back to the results"
expect_match "$(row 0)" '^Kayak launch permit +kayak-permit$' "still reading the answer"
type_text q
wait_for "Search: kayak" "> Kayak launch permit"
keys C-c
expect_clean_exit

exit 0
