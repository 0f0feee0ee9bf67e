#!/bin/sh
# Flags are work with an end (kb(1), FLAGS), through a real git daemon
# centre and an office: agents flag answers at the office, kb flags lists
# the open ones with their ids, and the report's flagged section shows
# them.  A proposal changing one answer, approved at the centre, reaches
# the office with kbsync: that answer's flags close (fixed, in the commit
# that changed it) and leave the flagged section.  A flag made on the new
# text is "flagged again" after a fix.  Only a reviewer closes a flag,
# with a reason (kb flag --close); bad ids, an empty reason, a flag closed
# already are refused.  The close travels to the centre like any event,
# and the centre's kb report --all-offices agrees with the office's
# report; the centre's reviewer closes an office's flag there too.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../sync/sync.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed (apt-get install sqlite3)"

make_centre
daemon_start
o=$tmp/office
make_office "$o" "$daemon_url" --office North
a=passport-renew-mail
b=dog-licence
ID='[0-9a-f]{12}'

# section KB NAME [--all-offices]: a section as CSV, without its header.
section() {
	expect_status 0 kb --kb "$1" report ${3:-} --format csv --section "$2"
	printf '%s\n' "$out" | tr -d '\r' | sed 1d
}
# The id kb flags --all gives the flag of answer $2 with reason $3.
id_of() {
	expect_status 0 kb --kb "$1" flags --all
	printf '%s\n' "$out" | awk -F "$TAB" -v a="$2" -v r="$3" \
	    '$3 == a && $6 == r { print $1 }'
}

note "agents flag answers at the office; kb flags lists the open flags"
expect_status 0 at 2026-02-10T09:00:00 kb --kb "$o" --agent ann flag "$a" \
    --reason outdated
expect_status 0 at 2026-02-10T09:30:00 kb --kb "$o" --agent bob flag "$a" \
    --reason 'fee is now $140'
expect_status 0 at 2026-02-10T10:00:00 kb --kb "$o" --agent ann flag "$b" \
    --reason unclear
expect_status 0 kb --kb "$o" flags
expect_eq 3 "$(printf '%s\n' "$out" | grep -Ec "^$ID${TAB}2026-02-10${TAB}")" \
    "three open flags, each with its id and day"
expect_match "$out" "^$ID${TAB}2026-02-10${TAB}$a${TAB}open${TAB}bob@North${TAB}fee is now \\\$140\$" \
    "a line of kb flags"
expect_eq 'passport-renew-mail,Renew a U.S. passport by mail,2,0,0,outdated; fee is now $140
dog-licence,License your dog or cat,1,0,0,unclear' "$(section "$o" flagged)" \
    "the flagged section: the open flags"
expect_status 0 kb --kb "$o" report --format csv --section flagged
expect_eq "answer,title,flags,again,not_satisfied,reasons" \
    "$(printf '%s\n' "$out" | sed -n 1p | tr -d '\r')" "the flagged section's columns"
expect_eq "" "$(section "$o" flags_closed)" "nothing closed yet"

note "a proposal changes $a; approved at the centre, it reaches the office"
sed 's/Fee: \*\*\$130\*\*/Fee: **$140**/' "$o/answers/passports/$a.md" >"$tmp/new.md"
cmp -s "$tmp/new.md" "$o/answers/passports/$a.md" &&
    fail "test setup: the proposal changes nothing"
expect_status 0 kb --kb "$o" --agent ann propose "$a" --message "The fee is \$140" \
    --file "$tmp/new.md"
branch=$out
expect_status 0 kbsync --kb "$o"
expect_contains "$out" "usage      3 events sent" "the flags went to the centre"
expect_status 0 kb --kb "$centre" approve "$branch"
expect_status 0 kbsync --kb "$o"
# The commit on main's first-parent history that changed the answer.
fix=$(git -C "$o" log --first-parent -1 --format=%H main -- "answers/passports/$a.md" |
    cut -c1-12)
expect_status 0 kb --kb "$o" flags
expect_eq 1 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" "one open flag left"
expect_match "$out" "^$ID${TAB}2026-02-10${TAB}$b${TAB}open${TAB}" "$b's flag is open"
expect_status 0 kb --kb "$o" flags --all "$a"
expect_eq 2 "$(printf '%s\n' "$out" | grep -c "${TAB}fixed${TAB}.*${TAB}fixed in $fix on ")" \
    "both flags of $a: fixed in the commit that changed it"
expect_eq 'dog-licence,License your dog or cat,1,0,0,unclear' \
    "$(section "$o" flagged)" "$a left the flagged section"
expect_eq 'passport-renew-mail,Renew a U.S. passport by mail,2,2,0,0' \
    "$(section "$o" flags_closed)" "two flags closed, by the fix"

note "flagged again after the fix: open, and shown apart"
expect_status 0 at 2026-02-12T09:00:00 kb --kb "$o" --agent carl flag "$a" \
    --reason 'the form still says $130'
expect_status 0 kb --kb "$o" flags "$a"
expect_match "$out" "^$ID${TAB}2026-02-12${TAB}$a${TAB}again${TAB}carl@North${TAB}" \
    "kb flags: again"
expect_eq 'dog-licence,License your dog or cat,1,0,0,unclear
passport-renew-mail,Renew a U.S. passport by mail,1,1,0,the form still says $130' "$(section "$o" flagged)" \
    "the flagged section: flagged again, counted apart"

note "only a reviewer closes a flag, with a reason; bad input is refused"
bid=$(id_of "$o" "$b" unclear)
[ -n "$bid" ] || fail "no id for $b's flag"
expect_status 1 kb --kb "$o" flag --close "$bid" --reason "Leaflet reworded"
expect_contains "$err" "kb: only a reviewer closes a flag" "not a reviewer"
git -C "$o" config user.name "Rita Reviewer"
expect_status 1 kb --kb "$o" flag --close nosuch --reason x
expect_contains "$err" "no flag has the id 'nosuch'" "an unknown id"
expect_status 2 kb --kb "$o" flag --close "$bid" --reason " "
expect_contains "$err" "give the reason" "an empty reason"
expect_status 2 kb --kb "$o" flag --close "$bid"
expect_status 1 kb --kb "$o" flag --close "$(id_of "$o" "$a" outdated)" --reason x
expect_contains "$err" "is closed already: $a changed on the branch" \
    "a flag the fix closed"
expect_eq 0 "$(sqlite3 "$o/.git/kb/usage.db" "SELECT count(*) FROM event WHERE kind = 'flag_close'")" \
    "nothing refused was logged"
expect_status 0 at 2026-02-13T08:00:00 kb --kb "$o" flag --close "$bid" \
    --reason "Leaflet reworded"
expect_eq "closed 1 flag: $bid" "$out" "kb flag --close"
expect_eq "flag_close|Rita Reviewer|North|$b|Leaflet reworded|2026-02-13T08:00:00Z|1" \
    "$(sqlite3 "$o/.git/kb/usage.db" "SELECT kind, agent, office, answer, reason, time,
        closes = (SELECT uid FROM event WHERE kind = 'flag' AND answer = '$b')
        FROM event WHERE kind = 'flag_close'")" "the close event names the flag"
expect_status 1 kb --kb "$o" flag --close "$bid" --reason again
expect_contains "$err" "closed already: Rita Reviewer closed it (Leaflet reworded)" \
    "closed twice"
expect_status 0 kb --kb "$o" flags --all "$b"
expect_match "$out" "${TAB}closed${TAB}ann@North${TAB}unclear${TAB}closed by Rita Reviewer on 2026-02-13: Leaflet reworded\$" \
    "how it closed"

note "the close reaches the centre; its report --all-offices agrees"
expect_status 0 kbsync --kb "$o"
expect_contains "$out" "usage      2 events sent" "the flag and the close went"
office_flagged=$(section "$o" flagged)
office_closed=$(section "$o" flags_closed)
expect_eq 'passport-renew-mail,Renew a U.S. passport by mail,1,1,0,the form still says $130' \
    "$office_flagged" "the office's flagged section"
expect_eq "$office_flagged" "$(section "$centre" flagged --all-offices)" \
    "the centre's flagged section, every office's usage"
expect_eq "$office_closed" "$(section "$centre" flags_closed --all-offices)" \
    "the centre's flags_closed section"
expect_eq "" "$(section "$centre" flagged)" "the centre's own log has no flag"
expect_status 0 kb --kb "$centre" flags --all
expect_eq "fixed fixed closed again" \
    "$(printf '%s\n' "$out" | cut -f4 | tr '\n' ' ' | sed 's/ $//')" \
    "kb flags at the centre: the office's flags"

note "the centre's reviewer closes the office's flag of $a"
expect_status 0 at 2026-02-14T08:00:00 kb --kb "$centre" flag --close "$a" \
    --reason "Form reprinted"
expect_eq "closed 1 flag: $a" "$out" "closed at the centre"
expect_eq "" "$(section "$centre" flagged --all-offices)" "no open flag at the centre"
expect_eq 'passport-renew-mail,Renew a U.S. passport by mail,3,2,1,0
dog-licence,License your dog or cat,1,0,1,0' \
    "$(section "$centre" flags_closed --all-offices)" "closed at the centre"
# A close at the centre stays there: offices do not get the centre's log.
expect_eq "$office_flagged" "$(section "$o" flagged)" \
    "the office's own report is as it was"

exit 0
