#!/bin/sh
# The TUI's answer view: title and id, metadata, overdue warning, reading
# by channel (F2 and c), related answers and going back with Esc.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"
version=$(git -C "$k" rev-parse main:answers/permits/kayak-permit.md | cut -c1-12)

tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text kayak
wait_for "Search: kayak" "> Kayak launch permit"

note "Enter opens the selected answer: title, id, metadata, every section"
keys Enter
wait_for -E '^Kayak launch permit +kayak-permit$'
r0=$(row 0)
expect_eq 80 "${#r0}" "the id is right-aligned on the title row"
expect_eq "Tags:      kayak, boating, permit" "$(row 1)" "tags line"
expect_eq "Standard:  Answered the same day" "$(row 2)" "standard line"
expect_eq "Review by: 2099-12-31" "$(row 3)" "review-by line, not overdue"
expect_eq "Channel:   all (every section shown)" "$(row 4)" "channel line"
expect_eq "Version:   $version  answers/permits/kayak-permit.md" "$(row 5)" \
    "version line: the blob id, and the file"
expect_not_screen "OVERDUE" "an answer reviewed in time"
expect_match "$screen" '^A permit is needed to launch a kayak' "common text, no gutter"
expect_match "$screen" '^\| Say phonewording slowly' "the Phone section, with a gutter"
expect_match "$screen" '^\| Reply with emailwording' "the Email section, with a gutter"
expect_status_line "All channels"
expect_match "$(status_line)" 'y copy' "the answer view's hints"

note "F2 cycles the channel: Phone"
keys F2
wait_for -E "$(status_re Phone)" '^Channel: +Phone$'
expect_screen "Commonword" "Phone: the common text"
expect_screen "phonewording" "Phone: its section"
expect_not_screen "emailwording" "Phone: the Email section"
expect_not_screen "walkinwording" "Phone: the Walk-in section"

note "F2: Email"
keys F2
wait_for -E "$(status_re Email)" '^Channel: +Email$'
expect_screen "Commonword" "Email: the common text"
expect_screen "emailwording" "Email: its section"
expect_not_screen "phonewording" "Email: the Phone section"
expect_not_screen "walkinwording" "Email: the Walk-in section"

note "c (in the answer view): Walk-in"
keys c
wait_for -E "$(status_re Walk-in)" '^Channel: +Walk-in$'
expect_screen "walkinwording" "Walk-in: its section"
expect_not_screen "phonewording" "Walk-in: the Phone section"
expect_not_screen "emailwording" "Walk-in: the Email section"

note "c: back to all channels"
keys c
wait_for -E "$(status_re "All channels")" '^Channel: +all \(every section shown\)$'
expect_screen "phonewording" "All channels: Phone section"
expect_screen "emailwording" "All channels: Email section"

# End is not used here: tmux sends \033[4~ for it, which is not
# xterm-256color's End (\033OF), so kb reads Esc and three characters.
note "related answers, at the end of the text (G)"
keys G
wait_for "Related (press its number)" -E '^1  Canoe storage racks  canoe-storage$' \
    '^2  Library card renewal  library-card$'
expect_match "$(row 0)" '^Kayak launch permit +kayak-permit$' "the title row stays while scrolling"

note "1 opens the first related answer"
keys 1
wait_for -E '^Canoe storage racks +canoe-storage$' '^1  Kayak launch permit  kayak-permit$'
expect_screen "Racks for canoes are rented" "the related answer's text"
expect_not_screen "phonewording" "the related answer"

note "Esc goes back to the previous answer, then to the results"
keys Escape
wait_for -E '^Kayak launch permit +kayak-permit$' "Tags:      kayak, boating, permit"
keys Escape
wait_for "Search: kayak" "1 answer" "> Kayak launch permit"
expect_not_screen "Tags:" "the results (at 80 columns there is no preview)"

note "an answer past its review date says OVERDUE"
keys C-u
wait_for "Type what the customer says"
type_text bulky
wait_for "Search: bulky" "> Bulky trash pickup"
keys Enter
wait_for -E '^Bulky trash pickup +bulky-trash$'
expect_match "$screen" '^Review by: 2025-01-01 +OVERDUE for review' "overdue warning"

note "Left goes back too, and so does q (one level: kb keeps running)"
keys Left
wait_for "Search: bulky" "> Bulky trash pickup"
keys Enter
wait_for -E '^Bulky trash pickup +bulky-trash$'
keys q
wait_for "Search: bulky" "> Bulky trash pickup"
keys C-c
expect_clean_exit

exit 0
