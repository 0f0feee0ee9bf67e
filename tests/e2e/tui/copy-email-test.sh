#!/bin/sh
# Copies ready to send: y copies what the customer should read, compared
# byte for byte with copy-email-expected.txt: the Email section as the
# message, its greeting, body and signature on their own lines, each
# link's address once, no staff-only note, the reference line.  The
# note is on the screen, labelled STAFF ONLY; print and save leave it out
# too.  An answer not written for customers (audience: internal) is
# copied or printed only after a warning.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
make_kb "$k" <<'EOF'
=== answers/pets/dog-licence.md
---
title: Dog licence renewal
tags: dog, licence
review-by: 2099-12-31
standard: Renewed the same day
---
Dog licences are renewed every year at the city clerk.

```staff
Waive the late fee for seniors (code W12): only if they ask.
```

## Email
Dear customer,

Thank you for your message. You can renew your dog licence online at
[city.example.gov/dogs](https://city.example.gov/dogs) or at the
[city clerk](https://city.example.gov/clerk).
The fee is $20; see [city.example.gov/dogs](https://city.example.gov/dogs)
for discounts.

Kind regards,
City Contact Centre

## Walk-in
Give the customer the dog licence form, room 12.
=== answers/pets/dog-bite-procedure.md
---
title: Dog bite reporting procedure
tags: dog, bite
audience: internal
review-by: 2099-12-31
---
Forward every dog bite report to animal control within the hour.
EOF
version=$(git -C "$k" rev-parse main:answers/pets/dog-licence.md | cut -c1-12)
sed "s/@VERSION@/$version/" "$(dirname "$0")/copy-email-expected.txt" \
    >"$tmp/expected.txt"
mkdir -p "$tmp/bin" "$tmp/saved"
printf '#!/bin/sh\ncat >"%s"\n' "$tmp/printed.txt" >"$tmp/bin/lpr"
chmod +x "$tmp/bin/lpr"

TUI_CLIPBOARD=on
TUI_ENV="KB_SAVE_DIR=$tmp/saved PATH=$tmp/bin:$PATH"
tui_start 80 24 "$k" --channel phone
wait_for -E '^Search:'
type_text "dog licence"
wait_for "> Dog licence renewal"
keys Enter
wait_for -E '^Dog licence renewal +dog-licence$'

note "the staff-only note is on the screen, labelled"
expect_screen "STAFF ONLY (not for customers):" "the staff-only label"
expect_screen "Waive the late fee for seniors" "the staff-only note's text"

note "y: the email a customer receives, byte for byte"
type_text y
wait_for -E '(^| )Copied dog-licence \(email wording\)'
tm save-buffer "$tmp/copied.txt" || fail "y: no tmux buffer (OSC 52 did not arrive)"
if ! cmp -s "$tmp/expected.txt" "$tmp/copied.txt"; then
	diff -u "$tmp/expected.txt" "$tmp/copied.txt" >&2 || true
	fail "the copied email is not copy-email-expected.txt"
fi

note "p and s: the walk-in wording, without the staff-only note either"
type_text p
wait_for -E '(^| )Sent dog-licence \(walk-in wording\) to the printer'
expect_contains "$(cat "$tmp/printed.txt")" "room 12" "the Walk-in section is printed"
expect_not_contains "$(cat "$tmp/printed.txt")" "W12" "no staff-only note on paper"
expect_not_contains "$(cat "$tmp/printed.txt")" "STAFF ONLY" "no staff-only label on paper"
type_text s
wait_for -E '(^| )Saved dog-licence \(walk-in wording\)'
expect_not_contains "$(cat "$tmp/saved/"kb-dog-licence-*.txt)" "W12" "no staff-only note saved"

note "an internal answer: a warning before it is copied"
keys q
wait_for "> Dog licence renewal"
keys C-u
type_text "dog bite"
wait_for "> Dog bite reporting procedure"
keys Enter
wait_for -E '^Dog bite reporting procedure +dog-bite-procedure$'
tm delete-buffer
type_text y
wait_for "is not written for customers (audience: internal)" "Copy it anyway? y: yes"
keys Escape
wait_for "Cancelled"
tm list-buffers | grep -q . && fail "Esc: something was copied: $(tm show-buffer)"
db=$k/.git/kb/usage.db
if [ -f "$db" ]; then
	expect_eq 0 "$(sqlite3 "$db" "SELECT count(*) FROM event WHERE answer = 'dog-bite-procedure'")" \
	    "nothing logged for a copy not made"
fi
type_text y
wait_for "Copy it anyway? y: yes"
type_text y
wait_for -E '(^| )Copied dog-bite-procedure \(email wording\)'
expect_contains "$(tm show-buffer)" "animal control" "copied after the agent said yes"
type_text p
wait_for "Print it anyway? y: yes"
keys Escape
keys C-c
expect_clean_exit

exit 0
