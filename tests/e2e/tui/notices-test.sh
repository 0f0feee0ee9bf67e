#!/bin/sh
# The TUI's notice banner and the notices above an answer: the active
# notices (KB_NOW decides, local time) that concern the call, a row each
# under the search line, most severe first, at most 3 rows (the last then
# "+N more notices"): those without tags, and those sharing a tag with an
# answer on the screen (the results, or the open answer), not every
# notice everywhere; future and expired ones not shown; the results move
# down under it; in the answer view the notices that apply to the answer
# come above its text too; the critical row is drawn in a style of its
# own; no active notice, no banner.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
make_kb "$k" <<'EOF'
=== answers/passports/passport-renewal.md
---
title: Passport renewal
tags: passport, travel
review-by: 2099-12-31
related: library-card
---
Renew a passport at the counter with the old passport and a photo.
=== answers/library/library-card.md
---
title: Library card renewal
tags: library, card
review-by: 2099-12-31
related: passport-renewal
---
Library cards are renewed at any branch with a photo ID.
=== notices/system-outage.md
---
title: Records system down
starts: 2026-11-20
ends: 2026-11-22T18:00
severity: critical
---
The records system is down: take names and call back.
=== notices/passport-delays.md
---
title: Passport printing delayed
starts: 2026-11-01
ends: 2026-12-15
severity: warning
tags: Passport
---
Passports take **three weeks** longer to print.
=== notices/snow-hours.md
---
title: Winter opening hours
starts: 2026-11-15 08:00
ends: 2026-12-31
severity: info
---
Offices open at ten in the snow season.
=== notices/future-fair.md
---
title: Future job fair
starts: 2026-12-01
ends: 2026-12-02
severity: critical
---
A job fair in December.
=== notices/old-strike.md
---
title: Old strike
starts: 2026-10-01
ends: 2026-10-31
severity: critical
---
A strike in October.
EOF

crit=" !! CRITICAL: Records system down (until 2026-11-22 18:00)"
warn=" WARNING: Passport printing delayed (until 2026-12-15)"
info=" NOTICE: Winter opening hours (until 2026-12-31)"
hint="Type what the customer says. Up/Down choose, Enter opens, F1 lists every key."

note "KB_NOW 2026-11-22 10:00: nothing on the screen yet, the untagged notices"
TUI_ENV="KB_NOW=2026-11-22T10:00"
tui_start 80 24 "$k"
wait_for -E '^Search:' "$hint"
expect_match "$(row 0)" '^Search: *$' "row 0 is still the search line"
expect_eq "$crit" "$(row 1)" "banner row 1: the critical notice, its end with a space for T"
expect_eq "$info" "$(row 2)" "banner row 2: the info notice (the passport one concerns no answer shown)"
expect_eq "$hint" "$(row 3)" "the hint moves down under the banner"
expect_not_screen "Passport printing delayed" "a tagged notice with no answer of its tag on the screen"
expect_not_screen "Future job fair" "a notice that has not started"
expect_not_screen "Old strike" "an expired notice"
expect_eq "0 8" "$(cursor_yx)" "the cursor stays on the search line"
expect_status_line "All channels"

note "the critical row is drawn in a style of its own"
set -- $(sgr_at 1)
crit_style="$*"
[ $# -eq 4 ] || { dump_screen; fail "no attributes read for the critical row: '$crit_style'"; }
[ "$1" = 1 ] || fail "the critical banner row is not bold (bold rev fg bg: $crit_style)"
if [ "$2" != 1 ] && [ "$3" = - ] && [ "$4" = - ]; then
	capture_e | sed -n 1,5p | cat -v >&2
	fail "the critical banner row is neither in reverse video nor in colour (bold rev fg bg: $crit_style)"
fi

note "a search finds an answer tagged Passport: its notice joins the banner, most severe first"
type_text passport
wait_for "Search: passport" "> Passport renewal" "$warn"
expect_eq "$crit" "$(row 1)" "the banner while searching (1)"
expect_eq "$warn" "$(row 2)" "the banner while searching (2): the notice about a result"
expect_eq "$info" "$(row 3)" "the banner while searching (3)"
expect_eq "1 answer" "$(row 4)" "the count line is under the banner"
expect_match "$(row 5)" '^> Passport renewal  passport, travel$' "the first result under the count line"
set -- $(sgr_at 2)
[ "$*" != "0 0 - -" ] || fail "the warning banner row looks like plain text"

note "an answer with the notice's tag (Passport, any case): every active notice above its text"
keys Enter
wait_for -E '^Passport renewal +passport-renewal$'
expect_eq "$crit" "$(row 1)" "the banner in the answer view (1)"
expect_eq "$warn" "$(row 2)" "the banner in the answer view (2)"
expect_eq "$info" "$(row 3)" "the banner in the answer view (3)"
expect_eq "Tags:      passport, travel" "$(row 4)" "the meta lines come under the banner"
v=$(row_of "Version:   ")
[ -n "$v" ] || { dump_screen; fail "no Version line"; }
got=$(printf '%s\n' "$screen" | sed -n "$((v + 3)),$((v + 12))p")
expect_eq "CRITICAL: Records system down (2026-11-20 to 2026-11-22 18:00)
  The records system is down: take names and call back.

WARNING: Passport printing delayed (2026-11-01 to 2026-12-15)
  Passports take three weeks longer to print.

NOTICE: Winter opening hours (2026-11-15 08:00 to 2026-12-31)
  Offices open at ten in the snow season.

Renew a passport at the counter with the old passport and a photo." "$got" \
    "the notices (LABEL line, indented body) above the answer text"
expect_eq "" "$(row $((v + 1)))" "a blank line after the meta lines"
expect_not_screen "NOT YET IN EFFECT" "an answer in use has no standing line"
expect_not_screen "Future job fair" "answer view: a future notice"
expect_not_screen "Old strike" "answer view: an expired notice"

note "an answer without the tag: only the notices for every answer, in the banner too"
keys G
wait_for '1  Library card renewal  library-card'
keys 1
wait_for -E '^Library card renewal +library-card$'
expect_eq "$crit" "$(row 1)" "the banner: the notices for every answer (1)"
expect_eq "$info" "$(row 2)" "the banner: the notices for every answer (2)"
expect_eq "Tags:      library, card" "$(row 3)" "the meta lines under two banner rows"
expect_not_screen "Passport printing delayed" "the passport notice, in the banner or above the text"
v=$(row_of "Version:   ")
[ -n "$v" ] || { dump_screen; fail "no Version line"; }
got=$(printf '%s\n' "$screen" | sed -n "$((v + 3)),$((v + 9))p")
expect_eq "CRITICAL: Records system down (2026-11-20 to 2026-11-22 18:00)
  The records system is down: take names and call back.

NOTICE: Winter opening hours (2026-11-15 08:00 to 2026-12-31)
  Offices open at ten in the snow season.

Library cards are renewed at any branch with a photo ID." "$got" \
    "only the untagged notices above an answer without the tag"
expect_not_screen "Passports take three weeks" "the passport notice's text"
expect_not_screen "WARNING: Passport printing delayed (2026-11-01" "the passport notice's block"

note "a plain row has no such style"
r=$(row_of "Library cards are renewed")
set -- $(sgr_at "$r")
[ "$*" = "0 0 - -" ] || fail "the answer's text row is not plain (bold rev fg bg: $*)"
set -- $(sgr_at 1)
expect_eq "$crit_style" "$*" "the critical row's style in the answer view"
keys C-c
expect_clean_exit
tui_stop

note "a wide screen: the preview shows the notices too"
tui_start 130 30 "$k"
wait_for -E '^Search:'
type_text passport
wait_for "Search: passport" "1 answer"
wait_for "WARNING: Passport printing delayed (2026-11-01 to 2026-12-15)"
expect_eq "$crit" "$(row 1 | sed 's/ *$//')" "the banner at 130 columns"
keys C-c
expect_clean_exit
tui_stop

note "four notices concern a passport answer: two rows, then +2 more"
cat >"$k/notices/garage-closed.md" <<'EOF'
---
title: Parking garage closed
starts: 2026-11-21
ends: 2026-11-23
severity: warning
tags: parking, passport
---
The garage is closed for repairs.
EOF
commit "$k" "A fourth notice"
tui_start 80 24 "$k"
wait_for -E '^Search:' "$hint"
expect_eq "$crit" "$(row 1)" "nothing shown: the untagged notices (1)"
expect_eq "$info" "$(row 2)" "nothing shown: the untagged notices (2)"
expect_eq "$hint" "$(row 3)" "the hint under 2 rows"
type_text passport
wait_for "Search: passport" "> Passport renewal" "+2 more notices"
expect_eq "$crit" "$(row 1)" "4 notices: the critical one first"
expect_eq "$warn" "$(row 2)" "4 notices: the warning that started first"
expect_eq " +2 more notices: kb notices" "$(row 3)" "4 notices: the last row counts the rest"
expect_eq "1 answer" "$(row 4)" "4 notices: the count line on row 4"
expect_match "$(row 5)" '^> Passport renewal  passport, travel$' "4 notices: the result on row 5"
expect_not_screen "Parking garage closed" "a notice past the 3 rows"
expect_not_screen "Winter opening hours" "a notice past the 3 rows"
keys Enter
wait_for -E '^Passport renewal +passport-renewal$'
expect_eq " +2 more notices: kb notices" "$(row 3)" "the +more row in the answer view"
expect_eq "Tags:      passport, travel" "$(row 4)" "4 notices: the meta lines on row 4"
keys q
wait_for "Search: passport"
keys C-u
type_text library
wait_for "Search: library" "> Library card renewal"
expect_eq "$crit" "$(row 1)" "library: the untagged notices (1)"
expect_eq "$info" "$(row 2)" "library: the untagged notices (2)"
expect_eq "1 answer" "$(row 3)" "library: the count line on row 3"
expect_not_screen "Parking garage closed" "a tagged notice for other answers"
keys Enter
wait_for -E '^Library card renewal +library-card$'
expect_eq "Tags:      library, card" "$(row 3)" "library: the meta lines on row 3"
expect_not_screen "The garage is closed" "a tagged notice for another answer"
keys C-c
expect_clean_exit
tui_stop

note "18:00: the critical notice has ended (its end is not included)"
TUI_ENV="KB_NOW=2026-11-22T18:00"
tui_start 80 24 "$k"
wait_for -E '^Search:' "$hint"
expect_eq "$info" "$(row 1)" "18:00: the info notice alone"
expect_eq "$hint" "$(row 2)" "18:00: one notice"
type_text passport
wait_for "Search: passport" "> Passport renewal"
expect_eq "$warn" "$(row 1)" "18:00: the first warning"
expect_eq " WARNING: Parking garage closed (until 2026-11-23)" "$(row 2)" "18:00: the second warning"
expect_eq "$info" "$(row 3)" "18:00: the info notice"
expect_eq "1 answer" "$(row 4)" "18:00: three notices, no +more row"
expect_not_screen "CRITICAL" "18:00: the ended critical notice"
tui_stop

note "the last minutes of an end day (a date alone: the whole day)"
TUI_ENV="KB_NOW=2026-12-15T23:59"
tui_start 80 24 "$k"
wait_for -E '^Search:' "$hint"
type_text passport
wait_for "Search: passport" "> Passport renewal"
expect_eq "$warn" "$(row 1)" "2026-12-15 23:59: the warning ending that day"
expect_eq "$info" "$(row 2)" "2026-12-15 23:59: the info notice"
expect_eq "1 answer" "$(row 3)" "2026-12-15 23:59: two notices"
expect_not_screen "Future job fair" "2026-12-15: the job fair has ended"
tui_stop

note "no active notice (all in the future, then all over): no banner"
for now in 2026-09-15 2027-06-01T12:00; do
	TUI_ENV="KB_NOW=$now"
	tui_start 80 24 "$k"
	wait_for -E '^Search:' "$hint"
	expect_eq "$hint" "$(row 1)" "$now: row 1 is the hint"
	expect_not_screen "CRITICAL" "$now: no banner"
	expect_not_screen "WARNING" "$now: no banner"
	expect_not_screen "NOTICE" "$now: no banner"
	type_text passport
	wait_for "Search: passport" "> Passport renewal"
	expect_eq "1 answer" "$(row 1)" "$now: the count line on row 1"
	keys Enter
	wait_for -E '^Passport renewal +passport-renewal$'
	expect_eq "Tags:      passport, travel" "$(row 1)" "$now: the meta lines right under the title"
	v=$(row_of "Version:   ")
	expect_eq "Renew a passport at the counter with the old passport and a photo." \
	    "$(row $((v + 2)))" "$now: the answer text right after the meta lines"
	keys C-c
	expect_clean_exit
	tui_stop
done

exit 0
