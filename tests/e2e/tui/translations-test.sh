#!/bin/sh
# Translations and dated answers on the screen: the meta lines of a
# source and of its translation, t switching between them (on an open
# answer and on the chosen result), an answer without translation; F4
# cycling the search language (the status line and the results follow),
# KB_LANG and kb.lang choosing where the TUI starts; an answer not yet in
# effect is not found while the one it replaces is, and says so when
# opened; after the date the replacement is found and a related link to
# the replaced answer opens the replacement; an expired answer opened
# through a related link says so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
make_kb "$k" <<'EOF'
=== answers/ids/ssn-card.md
---
title: Replace a Social Security card
tags: ssn, card
review-by: 2099-12-31
translations: es:ssn-card-es
related: fee-old, old-form, fee-new
---
Ask for form SS-5 to replace a lost Social Security card.
=== answers/ids/ssn-card-es.md
---
title: Reemplazar la tarjeta del Seguro Social
tags: ssn, tarjeta
lang: es
review-by: 2099-12-31
translation-of: ssn-card
---
Pida el formulario SS-5 para reemplazar una tarjeta perdida del Seguro Social.
=== answers/ids/fee-old.md
---
title: Card fee until December
tags: fee
review-by: 2099-12-31
---
The replacement fee is ten dollars.
=== answers/ids/fee-new.md
---
title: Card fee from December
tags: fee
review-by: 2099-12-31
effective: 2026-12-01
replaces: fee-old
---
The replacement fee is fifteen dollars.
=== answers/ids/old-form.md
---
title: Old paper form
tags: form
review-by: 2099-12-31
expires: 2026-11-01
---
Use the old paper form.
=== answers/library/library-card.md
---
title: Library card renewal
tags: library, card
review-by: 2099-12-31
---
Library cards are renewed at any branch with a photo ID.
EOF
expect_status 0 env KB_NOW=2026-11-22 "$KB_BIN" --kb "$k" check
expect_eq "kb: 6 answers and 0 notices checked: 0 errors, 0 warnings" "$err" \
    "test setup: the KB is valid"

en_title='^Replace a Social Security card +ssn-card$'
es_title='^Reemplazar la tarjeta del Seguro Social +ssn-card-es$'

note "the source answer: Also in"
TUI_ENV="KB_NOW=2026-11-22"
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text social
wait_for "Search: social" "2 answers"
expect_match "$(row 2)" '^> Replace a Social Security card  ssn, card$' "social: the English answer"
expect_screen "  Reemplazar la tarjeta del Seguro Social [es]  ssn, tarjeta" "social: the Spanish answer"
keys Enter
wait_for -E "$en_title"
expect_eq "Tags:      ssn, card" "$(row 1)" "the source's tags"
expect_eq "Review by: 2099-12-31" "$(row 2)" "the source's review date"
expect_eq "Also in:   es (t switches language)" "$(row 3)" "the source lists its translation"
expect_eq "Channel:   all (every section shown)" "$(row 4)" "the channel line after it"

note "t: the Spanish translation"
keys t
wait_for -E "$es_title" -F "Language: es (t for the next)"
expect_eq "Tags:      ssn, tarjeta" "$(row 1)" "the translation's tags"
expect_eq "Language:  es" "$(row 3)" "the translation's language"
expect_eq "Original:  ssn-card (t switches language)" "$(row 4)" "the translation names its source"
expect_screen "Pida el formulario SS-5" "the Spanish text"
expect_not_screen "Also in:" "a translation"
expect_match "$(status_line)" '^ Language: es \(t for the next\) ' "the status message"

note "t again: back to English"
keys t
wait_for -E "$en_title" -F "Language: en (t for the next)"
expect_eq "Also in:   es (t switches language)" "$(row 3)" "back on the source"
expect_screen "Ask for form SS-5" "the English text"

note "Esc goes back through the languages shown"
keys Escape
wait_for -E "$es_title"
keys Escape
wait_for -E "$en_title"
keys Escape
wait_for "Search: social" "2 answers"

note "t in the results is typed (typing never acts there): t works on an open answer"
keys Tab
wait_for -E '^> Replace a Social Security card'
keys t
wait_for -E '^Search: socialt$'
keys BSpace
wait_for -E '^Search: social$' "2 answers"

note "an answer without translation"
keys C-u
wait_for "Type what the customer says"
type_text library
wait_for "Search: library" "> Library card renewal"
keys Enter
wait_for -E '^Library card renewal +library-card$'
expect_not_screen "Also in:" "an answer without translation"
expect_not_screen "Original:" "an answer without translation"
keys t
wait_for "This answer has no translation."
expect_match "$(row 0)" '^Library card renewal +library-card$' "t leaves the answer open"
keys Escape
wait_for "Search: library" "> Library card renewal"

note "F4: the search language cycles all -> en -> es -> all"
keys C-u
wait_for "Type what the customer says"
type_text social
wait_for "Search: social" "2 answers"
expect_not_screen "lang " "all languages: no language on the status line"
keys F4
wait_for -E '\| lang en \|' -F "Search language: en" "1 answer"
expect_match "$(status_line)" ' \| All channels \| lang en \| alice ?@ ?downtown' "F4: lang en on the status line"
expect_match "$(row 2)" '^> Replace a Social Security card  ssn, card$' "lang en: the English answer"
expect_not_screen "Reemplazar" "lang en: the Spanish answer"
keys F4
wait_for -E '\| lang es \|' -F "Search language: es" "1 answer"
expect_match "$(row 2)" '^> Reemplazar la tarjeta del Seguro Social \[es\]  ssn, tarjeta$' \
    "lang es: only the Spanish answer"
expect_not_screen "Replace a Social Security card" "lang es: the English answer"
keys F4
wait_for "Search language: all" "2 answers"
expect_not_screen "lang e" "all again: no language on the status line"
expect_screen "Replace a Social Security card" "all again: English"
expect_screen "Reemplazar la tarjeta del Seguro Social" "all again: Spanish"
keys C-c
expect_clean_exit
tui_stop

note "KB_LANG=es: the TUI starts limited to Spanish"
TUI_ENV="KB_NOW=2026-11-22 KB_LANG=es"
tui_start 80 24 "$k"
wait_for -E '^Search:' -E '\| lang es \|'
type_text social
wait_for "Search: social" "1 answer"
expect_match "$(row 2)" '^> Reemplazar la tarjeta del Seguro Social \[es\]  ssn, tarjeta$' \
    "KB_LANG=es: only the Spanish answer"
keys F4
wait_for "Search language: all" "2 answers"
keys C-c
expect_clean_exit
tui_stop

note "git config kb.lang en (no KB_LANG): starts limited to English"
git -C "$k" config kb.lang en
TUI_ENV="KB_NOW=2026-11-22"
tui_start 80 24 "$k"
wait_for -E '^Search:' -E '\| lang en \|'
type_text social
wait_for "Search: social" "1 answer"
expect_match "$(row 2)" '^> Replace a Social Security card  ssn, card$' "kb.lang en: the English answer"
keys C-c
expect_clean_exit
tui_stop
git -C "$k" config --unset kb.lang

note "before the effective date: the old answer is found, the new one is not"
TUI_ENV="KB_NOW=2026-11-30T23:59"
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text "replacement fee"
wait_for "Search: replacement fee" "1 answer"
expect_match "$(row 2)" '^> Card fee until December  fee$' "the old answer, still in use"
expect_not_screen "Card fee from December" "the replacement before its date"
keys Enter
wait_for -E '^Card fee until December +fee-old$'
expect_eq "Version:   $(git -C "$k" rev-parse main:answers/ids/fee-old.md | cut -c1-12)  answers/ids/fee-old.md" \
    "$(row 4)" "the old answer's last meta line"
expect_eq "" "$(row 5)" "no standing line for an answer in use"
expect_eq "The replacement fee is ten dollars." "$(row 6)" "the old answer's text"
expect_not_screen "REPLACED" "before the date"

note "a related link to the replacement before its date: NOT YET IN EFFECT"
keys Escape
wait_for "Search: replacement fee"
keys C-u
type_text social
wait_for "Search: social" "2 answers"
keys Enter
wait_for -E "$en_title" -F "1  Card fee until December  fee-old"
keys 3
wait_for -E '^Card fee from December +fee-new$'
expect_eq "Effective: 2026-12-01" "$(row 3)" "the replacement's effective date"
expect_eq "Replaces:  fee-old" "$(row 4)" "the answer it replaces"
expect_eq "NOT YET IN EFFECT: this answer applies from 2026-12-01." "$(row 7)" \
    "the standing line after the meta lines"
expect_not_screen "was replaced" "a link to an answer in use"
keys Escape
wait_for -E "$en_title"

note "a related link to an expired answer: EXPIRED"
keys 2
wait_for -E '^Old paper form +old-form$'
expect_eq "Expires:   2026-11-01" "$(row 3)" "the expired answer's date"
expect_eq "EXPIRED on 2026-11-01: do not give this answer." "$(row 6)" \
    "the expired answer's standing line"
expect_eq "Use the old paper form." "$(row 8)" "the expired answer's text is still shown"
keys C-c
expect_clean_exit
tui_stop

note "from the effective date: the new answer is found, the old one is not"
TUI_ENV="KB_NOW=2026-12-01T00:00"
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text "replacement fee"
wait_for "Search: replacement fee" "1 answer"
expect_match "$(row 2)" '^> Card fee from December  fee$' "the replacement, in effect"
expect_not_screen "Card fee until December" "the replaced answer"
keys Enter
wait_for -E '^Card fee from December +fee-new$'
expect_eq "" "$(row 7)" "the replacement in effect has no standing line"
expect_eq "The replacement fee is fifteen dollars." "$(row 8)" "the replacement's text"

note "a related link to the replaced answer opens its replacement"
keys Escape
wait_for "Search: replacement fee"
keys C-u
type_text social
wait_for "Search: social" "2 answers"
keys Enter
wait_for -E "$en_title" -F "1  Card fee until December  fee-old"
keys 1
wait_for -E '^Card fee from December +fee-new$' -F "fee-old was replaced: showing fee-new"
expect_match "$(status_line)" '^ fee-old was replaced: showing fee-new ' "the status message"
expect_screen "The replacement fee is fifteen dollars." "the replacement's text"
expect_not_screen "ten dollars" "the replaced answer's text"
expect_not_screen "REPLACED" "the replacement itself is in use"
keys Escape
wait_for -E "$en_title"
keys C-c
expect_clean_exit

exit 0
