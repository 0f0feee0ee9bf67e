#!/bin/sh
# kb notices and notices in kb show: active, expired and future by KB_NOW
# (a date starts at 00:00 and, as an end, lasts the whole day; a date and
# time ends just before it); the order critical, warning, info, then by
# start, then id; tags matched without regard to case, no tags for every
# answer; no notice with kb show --version.  kb check of notices: every
# problem as path:line, a tag that matches no answer, the summary; a
# broken notice is never shown and kb index says so.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
mkdir -p "$k/notices"
git -C "$k" init -q -b main
WA_TAGS=dmv write_answer "$k" licence "Driver licence renewal" \
    "Renew your licence at the counter."
WA_TAGS=parks write_answer "$k" picnic "Picnic permit" "Picnic permits are free."
WA_TAGS=books write_answer "$k" library "Library card" "Library cards are free."

# notice ID: the file's content from standard input.
notice() {
	cat >"$k/notices/$1.md"
}

# Critical, a date and time both ends (T and a space), a tag in upper case.
notice dmv-down <<'EOF'
---
title: DMV system down
starts: 2026-12-20T08:00
ends: 2026-12-27 00:00
severity: critical
tags: DMV
---
No licence renewals at the counter.
EOF
# Warning, dates alone (24 December 00:00 to the end of 26 December), no
# tags: every answer.  Markdown in the body, long enough to wrap.
notice closure <<'EOF'
---
title: Offices closed 24 to 26 December
starts: 2026-12-24
ends: 2026-12-26
severity: warning
---
All city offices are **closed** from Thursday 24 to Saturday 26 December.
Online services and the 311 line stay open.
EOF
# Warning, in the future for every date used below but the last.
notice flu-clinic <<'EOF'
---
title: Flu clinic moves
starts: 2027-02-01T09:00
ends: 2027-02-02
severity: warning
---
The flu clinic moves to the library.
EOF
# Info, expired on 30 November (end of that day).
notice old-forms <<'EOF'
---
title: Old forms withdrawn
starts: 2026-11-01
ends: 2026-11-30
severity: info
tags: parks
---
Old picnic forms are withdrawn.
EOF
# Two infos starting together: by id (bins before forms).  Seconds given.
notice forms <<'EOF'
---
title: New forms
starts: 2026-12-01
ends: 2027-01-31T12:30:45
severity: info
tags: Parks, BOOKS
---
New picnic and library forms.
EOF
notice bins <<'EOF'
---
title: New book bins
starts: 2026-12-01
ends: 2027-01-15
severity: info
tags: books
---
Return books in the new bins.
EOF
commit "$k" "answers and notices"
export KB_DIR="$k"

dmv_block='notices/dmv-down.md  active  tags: DMV
CRITICAL: DMV system down (2026-12-20 08:00 to 2026-12-27 00:00)
  No licence renewals at the counter.'
closure_block='notices/closure.md  active  every answer
WARNING: Offices closed 24 to 26 December (2026-12-24 to 2026-12-26)
  All city offices are closed from Thursday 24 to Saturday 26 December. Online
  services and the 311 line stay open.'
bins_block='notices/bins.md  active  tags: books
NOTICE: New book bins (2026-12-01 to 2027-01-15)
  Return books in the new bins.'
forms_block='notices/forms.md  active  tags: Parks, BOOKS
NOTICE: New forms (2026-12-01 to 2027-01-31 12:30:45)
  New picnic and library forms.'

note "the index is built before any date below: no kb index in between"
expect_status 0 kb index

note "kb notices on 24 December: the whole output, most severe first"
expect_status 0 env KB_NOW=2026-12-24 "$KB_BIN" notices
expect_eq "$dmv_block

$closure_block

$bins_block

$forms_block" "$out" "kb notices on 2026-12-24"
expect_eq "" "$err" "kb notices prints no message"

# The notice files whose blocks kb notices prints ($1: KB_NOW), in order.
shown() {
	expect_status 0 env KB_NOW="$1" "$KB_BIN" notices
	printf '%s\n' "$out" | sed -n 's/^\(notices\/[^ ]*\.md\)  .*/\1/p' |
	    tr '\n' ' ' | sed 's/ $//'
}

note "a date alone as starts: from 00:00 that day"
expect_eq "notices/dmv-down.md notices/bins.md notices/forms.md" \
    "$(shown 2026-12-23T23:59)" "2026-12-23T23:59: the closure is not yet on"
expect_eq "notices/dmv-down.md notices/closure.md notices/bins.md notices/forms.md" \
    "$(shown 2026-12-24T00:00)" "2026-12-24T00:00: the closure is on"

note "a date alone as ends: to the end of that day"
expect_eq "notices/dmv-down.md notices/closure.md notices/bins.md notices/forms.md" \
    "$(shown 2026-12-26T23:59:59)" "2026-12-26T23:59:59: the closure is still on"
expect_eq "notices/bins.md notices/forms.md" \
    "$(shown 2026-12-27)" "2026-12-27: the closure and the DMV notice are over"

note "a date and time: starts included, ends excluded"
expect_eq "notices/bins.md notices/forms.md" "$(shown 2026-12-20T07:59:59)" \
    "2026-12-20T07:59:59: the DMV notice is not yet on"
expect_eq "notices/dmv-down.md notices/bins.md notices/forms.md" \
    "$(shown 2026-12-20T08:00)" "2026-12-20T08:00: the DMV notice is on"
expect_eq "notices/dmv-down.md notices/bins.md notices/forms.md" \
    "$(shown "2026-12-20 08:00")" "KB_NOW with a space: the DMV notice is on"
expect_eq "notices/bins.md notices/forms.md" "$(shown 2026-12-27T00:00)" \
    "2026-12-27T00:00: the DMV notice has ended"
expect_eq "notices/forms.md" "$(shown 2027-01-31T12:30:44)" \
    "one second before an end with seconds"
expect_status 0 env KB_NOW=2027-01-31T12:30:45 "$KB_BIN" notices
expect_eq "No active notices." "$out" "at an end with seconds"

note "no active notice: No active notices."
expect_status 0 env KB_NOW=2026-06-01 "$KB_BIN" notices
expect_eq "No active notices." "$out" "kb notices with none active"
expect_status 0 env KB_NOW=2027-02-01T08:59 "$KB_BIN" notices
expect_eq "No active notices." "$out" "kb notices just before a start"
expect_status 0 env KB_NOW=2027-02-01T09:00 "$KB_BIN" notices
expect_eq "notices/flu-clinic.md  active  every answer
WARNING: Flu clinic moves (2027-02-01 09:00 to 2027-02-02)
  The flu clinic moves to the library." "$out" "kb notices at a start"

note "kb notices --all: every notice with its state, in the same order"
expect_status 0 env KB_NOW=2026-12-27 "$KB_BIN" notices --all
expect_eq "notices/dmv-down.md  expired  tags: DMV
CRITICAL: DMV system down (2026-12-20 08:00 to 2026-12-27 00:00)
  No licence renewals at the counter.

notices/closure.md  expired  every answer
WARNING: Offices closed 24 to 26 December (2026-12-24 to 2026-12-26)
  All city offices are closed from Thursday 24 to Saturday 26 December. Online
  services and the 311 line stay open.

notices/flu-clinic.md  future  every answer
WARNING: Flu clinic moves (2027-02-01 09:00 to 2027-02-02)
  The flu clinic moves to the library.

notices/old-forms.md  expired  tags: parks
NOTICE: Old forms withdrawn (2026-11-01 to 2026-11-30)
  Old picnic forms are withdrawn.

$bins_block

$forms_block" "$out" "kb notices --all on 2026-12-27"
expect_status 0 env KB_NOW=2026-11-30T23:59:59 "$KB_BIN" notices --all
expect_match "$out" '^notices/old-forms\.md  active  tags: parks$' \
    "--all: the last second of a date-only end is active"
expect_match "$out" '^notices/forms\.md  future  tags: Parks, BOOKS$' \
    "--all: a future notice"

note "kb show: the notices for the answer above its text"
version=$(git -C "$k" rev-parse main:answers/licence.md)
short=$(printf '%s' "$version" | cut -c1-12)
expect_status 0 env KB_NOW=2026-12-24 "$KB_BIN" show licence
expect_eq "Driver licence renewal
======================
Tags:      e2e, dmv
Standard:  Answered the same day
Review by: 2099-12-31
Channel:   all
Version:   $short (answers/licence.md)

CRITICAL: DMV system down (2026-12-20 08:00 to 2026-12-27 00:00)
  No licence renewals at the counter.

WARNING: Offices closed 24 to 26 December (2026-12-24 to 2026-12-26)
  All city offices are closed from Thursday 24 to Saturday 26 December. Online
  services and the 311 line stay open.

Renew your licence at the counter.

Related:
  licence                      Driver licence renewal" "$out" \
    "kb show licence on 2026-12-24: tag DMV matches dmv; no tags matches all"

# The LABEL lines of the notices kb show prints ($1: KB_NOW, $2: id).
labels() {
	expect_status 0 env KB_NOW="$1" "$KB_BIN" show "$2"
	printf '%s\n' "$out" | grep -E '^(CRITICAL|WARNING|NOTICE): ' |
	    sed 's/ (.*//' | tr '\n' '|' | sed 's/|$//'
}
expect_eq "WARNING: Offices closed 24 to 26 December|NOTICE: New forms" \
    "$(labels 2026-12-24 picnic)" "picnic: tags Parks matches parks; not DMV, not books"
expect_eq "WARNING: Offices closed 24 to 26 December|NOTICE: New book bins|NOTICE: New forms" \
    "$(labels 2026-12-24 library)" "library: books and BOOKS match books"
expect_eq "NOTICE: New book bins|NOTICE: New forms" \
    "$(labels 2026-12-27 library)" "library on 2026-12-27: the closure is over"
expect_eq "" "$(labels 2026-12-27 licence)" "licence on 2026-12-27: no notice"
expect_eq "" "$(labels 2026-12-19 licence)" "licence on 2026-12-19: no notice yet"
expect_eq "NOTICE: Old forms withdrawn" "$(labels 2026-11-30T23:59:59 picnic)" \
    "picnic on the last second of old-forms"
expect_eq "NOTICE: New forms" "$(labels 2026-12-01 picnic)" \
    "an expired notice (old-forms) is not shown with its answer"
expect_status 0 env KB_NOW=2026-12-27 "$KB_BIN" show licence
expect_eq "Version:   $short (answers/licence.md)

Renew your licence at the counter." \
    "$(printf '%s\n' "$out" | sed -n '/^Version:/,/^Renew/p')" \
    "with no notice, the text follows the meta lines and a blank line"

note "kb show --version: no notices"
expect_status 0 env KB_NOW=2026-12-24 "$KB_BIN" show --version "$version" licence
expect_contains "$out" "Renew your licence at the counter." "--version shows the text"
expect_not_contains "$out" "CRITICAL" "--version shows no notice"
expect_not_contains "$out" "WARNING" "--version shows no notice"
expect_not_contains "$out" "DMV system down" "--version shows no notice"

note "kb check on good notices: nothing to say; 'notice' for one"
expect_status 0 kb check
expect_eq "" "$out" "kb check of good notices"
expect_eq "kb: 3 answers and 6 notices checked: 0 errors, 0 warnings" "$err" \
    "kb check summary"
one=$tmp/one
mkdir -p "$one/notices"
git -C "$one" init -q -b main
WA_TAGS=dmv write_answer "$one" licence "Driver licence renewal" "Renew."
WA_TAGS=dmv write_answer "$one" plates "Licence plates" "Plates."
cp "$k/notices/dmv-down.md" "$one/notices/"
commit "$one" "one notice"
expect_status 0 kb --kb "$one" check
expect_eq "" "$out" "kb check with one notice"
expect_eq "kb: 2 answers and 1 notice checked: 0 errors, 0 warnings" "$err" \
    "kb check summary: notice in the singular"

note "kb notices: usage errors"
expect_status 2 kb notices --bogus
expect_contains "$err" "--bogus" "an unknown option is named"
expect_status 2 kb notices extra
expect_eq "" "$out" "nothing on stdout for a usage error"
expect_status 0 kb notices --help
expect_match "$out" '^usage: kb notices \[--all\]$' "kb notices --help"

note "kb notices --all with no notice: No notices."
e=$tmp/empty
mkdir -p "$e"
git -C "$e" init -q -b main
write_answer "$e" licence "Driver licence renewal" "Renew."
commit "$e" "no notices"
expect_status 0 env KB_NOW=2026-12-24 "$KB_BIN" --kb "$e" notices
expect_eq "No active notices." "$out" "kb notices in a KB without notices"
expect_status 0 env KB_NOW=2026-12-24 "$KB_BIN" --kb "$e" notices --all
expect_eq "No notices." "$out" "kb notices --all in a KB without notices"

note "broken notices: kb check says where, kb notices leaves them out"
b=$tmp/bad
mkdir -p "$b/notices/sub"
git -C "$b" init -q -b main
WA_TAGS=dmv write_answer "$b" licence "Driver licence renewal" "Renew."
WA_TAGS=parks write_answer "$b" picnic "Picnic permit" "Picnic permits are free."
# Line numbers: 1 ---, 2 title, 3 starts, 4 ends, 5 severity or tags.
printf -- '---\ntitle: Fine\nstarts: 2026-12-01\nends: 2026-12-31\nseverity: info\n---\nAll fine.\n' \
    >"$b/notices/fine.md"
printf -- '---\ntitle: No severity\nstarts: 2026-12-01\nends: 2026-12-31\n---\nBody.\n' \
    >"$b/notices/no-severity.md"
printf -- '---\ntitle: Bad severity\nstarts: 2026-12-01\nends: 2026-12-31\nseverity: urgent\n---\nBody.\n' \
    >"$b/notices/bad-severity.md"
printf -- '---\ntitle: Zone\nstarts: 2026-12-01T08:00Z\nends: 2026-12-31\nseverity: info\n---\nBody.\n' \
    >"$b/notices/zone.md"
printf -- '---\ntitle: Backwards\nstarts: 2026-12-31\nends: 2026-12-01\nseverity: info\n---\nBody.\n' \
    >"$b/notices/backwards.md"
printf -- '---\ntitle: No text\nstarts: 2026-12-01\nends: 2026-12-31\nseverity: info\n---\n\n' \
    >"$b/notices/no-text.md"
printf -- '---\ntitle: Cars\nstarts: 2026-12-01\nends: 2026-12-31\nseverity: warning\ntags: parks, Cars\n---\nBody.\n' \
    >"$b/notices/cars.md"
printf -- '---\ntitle: Deep\nstarts: 2026-12-01\nends: 2026-12-31\nseverity: info\n---\nBody.\n' \
    >"$b/notices/sub/deep.md"
commit "$b" "broken notices"
expect_status 0 kb --kb "$b" index
index_err=$err
expect_status 1 kb --kb "$b" check
all="$out$NL$err"
diag() { expect_only_check_diag "$all" "$@"; }
diag notices/no-severity.md 1 "error: missing severity"
diag notices/bad-severity.md 5 "error: severity 'urgent' should be info, warning or critical"
diag notices/zone.md 3 "error: starts '2026-12-01T08:00Z': write local time without a zone"
diag notices/backwards.md 4 "error: ends 2026-12-01 is not after starts 2026-12-31"
diag notices/no-text.md '[67]' "error: the notice has no text"
diag notices/cars.md '[1-9][0-9]*' "warning: tag 'Cars' matches no answer"
diag notices/sub/deep.md 1 "warning: not a notice"
printf '%s\n' "$all" | grep -q '^notices/fine\.md:' && fail "kb check reports fine.md: $all"
printf '%s\n' "$all" | grep -q 'tag .parks.' && fail "the tag parks matches picnic: $all"
expect_contains "$err" "kb: 2 answers and 7 notices checked: 5 errors, 2 warnings" \
    "kb check summary with broken notices"

note "a broken notice is not shown; a notice with only warnings is"
expect_status 0 env KB_NOW=2026-12-10 "$KB_BIN" --kb "$b" notices --all
expect_eq "notices/cars.md notices/fine.md" \
    "$(printf '%s\n' "$out" | sed -n 's/^\(notices\/[^ ]*\.md\)  .*/\1/p' | tr '\n' ' ' | sed 's/ $//')" \
    "kb notices --all shows only the notices that parse"
expect_status 0 env KB_NOW=2026-12-10 "$KB_BIN" --kb "$b" show licence
expect_contains "$out" "NOTICE: Fine" "kb show: a good notice with no tags"
expect_not_contains "$out" "Bad severity" "kb show: a broken notice"
expect_not_contains "$out" "WARNING: Cars" "kb show: Cars is for parks answers"

note "kb index warns about each broken notice: path, line, first error"
for p in no-severity bad-severity zone backwards no-text; do
	expect_contains "$index_err" "notices/$p.md" "kb index names the broken $p"
done
expect_not_contains "$index_err" "notices/fine.md" "kb index: fine.md"
# As for a skipped answer (kb(1), kb index): "kb: path:line: message".
expect_match "$index_err" \
    "^kb: notices/backwards\\.md:4: ends 2026-12-01 is not after starts 2026-12-31.* \\(notice not shown; kb check lists every problem\\)\$" \
    "kb index: path:line: the first error"
expect_match "$index_err" \
    "^kb: notices/bad-severity\\.md:5: severity 'urgent' should be info, warning or critical \\(notice not shown; kb check lists every problem\\)\$" \
    "kb index: the whole warning for a bad severity"
expect_match "$index_err" "^kb: notices/zone\\.md:3: starts '2026-12-01T08:00Z': write local time without a zone" \
    "kb index: a zone suffix"
expect_match "$index_err" "^kb: notices/no-severity\\.md:1: missing severity" \
    "kb index: no severity"
expect_eq 5 "$(printf '%s\n' "$index_err" | grep -c 'notice not shown')" \
    "kb index: one warning per broken notice"

exit 0
