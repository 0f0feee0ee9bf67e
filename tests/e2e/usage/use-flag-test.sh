#!/bin/sh
# kb use and kb flag write the usage log (<gitdir>/kb/usage.db): the row
# each records, the channel, agent and office it takes from options, the
# environment and git config, kb.logQueries, the errors (exit 1 and 2)
# that write nothing; kb show --version shows the exact text a logged
# version had after the answer changed or went; the log outlives the
# index (kb index --rebuild, rm index.db).  Rows are read with sqlite3.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
WA_RELATED=dog-license write_answer "$k" travel/lost-passport "Report a lost passport" \
    "Fill in form DS-64 and bring a photo ID. The fee is 60 dollars."
WA_RELATED=lost-passport write_answer "$k" animals/dog-license "License your dog" \
    "Every dog over four months old needs a license tag."
commit "$k" answers
export KB_DIR="$k"
export KB_NOW=2026-02-15T10:20:30
db=$k/.git/kb/usage.db
pass_v1=$(git -C "$k" rev-parse main:answers/travel/lost-passport.md)
dog_v=$(git -C "$k" rev-parse main:answers/animals/dog-license.md)

# sql QUERY: its rows, fields separated by |, NULL written NULL.
sql() {
	sqlite3 -batch -noheader -nullvalue NULL "$db" "$1" ||
	    fail "sqlite3 could not run: $1"
}
# The last event, as time|kind|agent|office|channel|answer|version|query|hits|reason.
last_event() {
	sql "SELECT time, kind, agent, office, channel, answer, version, query,
	    hits, reason FROM event ORDER BY id DESC LIMIT 1"
}
count() {
	sql "SELECT count(*) FROM event"
}

note "kb use: one row, created with the database; the version is the blob id"
[ ! -e "$db" ] || fail "usage.db exists before anything was logged"
expect_status 0 kb use lost-passport --channel phone --query "lost my passport"
expect_no_diag "kb use"
expect_eq "" "$out" "kb use prints nothing"
[ -f "$db" ] || fail "kb use made no $db"
expect_eq "1" "$(count)" "rows after one kb use"
expect_eq "2026-02-15T10:20:30Z|use|E2E Tester|NULL|phone|lost-passport|$pass_v1|lost my passport|NULL|NULL" \
    "$(last_event)" "the row of kb use"
expect_eq "wal" "$(sql 'PRAGMA journal_mode')" "usage.db is in WAL mode"
expect_eq "32" "$(sql 'SELECT length(uid) FROM event')" "uid: 32 hex digits"
expect_eq "0" "$(sql "SELECT count(*) FROM event WHERE uid GLOB '*[^0-9a-f]*'")" \
    "uid: hex digits only"

note "the channel: --channel=C, global --channel, kb.channel; the option wins"
expect_status 0 kb use --channel=email dog-license
expect_eq "email|dog-license|$dog_v|NULL" \
    "$(sql 'SELECT channel, answer, version, query FROM event ORDER BY id DESC LIMIT 1')" \
    "--channel=email, no --query"
expect_status 0 kb --channel walk-in use dog-license
expect_eq "walk-in" "$(sql 'SELECT channel FROM event ORDER BY id DESC LIMIT 1')" \
    "global --channel before the command"
git -C "$k" config kb.channel walk-in
expect_status 0 kb use lost-passport
expect_eq "walk-in" "$(sql 'SELECT channel FROM event ORDER BY id DESC LIMIT 1')" \
    "git config kb.channel"
expect_status 0 kb use lost-passport --channel phone
expect_eq "phone" "$(sql 'SELECT channel FROM event ORDER BY id DESC LIMIT 1')" \
    "--channel beats kb.channel"
git -C "$k" config --unset kb.channel
expect_eq "5" "$(count)" "rows after five uses"

note "kb flag: the reason, any text; no channel unless one is given"
expect_status 0 kb flag dog-license --reason outdated
expect_no_diag "kb flag"
expect_eq "" "$out" "kb flag prints nothing"
expect_eq "2026-02-15T10:20:30Z|flag|E2E Tester|NULL|NULL|dog-license|$dog_v|NULL|NULL|outdated" \
    "$(last_event)" "the row of kb flag"
expect_status 0 kb flag lost-passport --reason "The fee is 70 dollars now, not 60; see \"fees\""
expect_eq "flag|lost-passport|The fee is 70 dollars now, not 60; see \"fees\"" \
    "$(sql 'SELECT kind, answer, reason FROM event ORDER BY id DESC LIMIT 1')" \
    "a reason in the agent's own words is kept exactly"
expect_status 0 kb flag --channel email --reason=unclear lost-passport
expect_eq "email|unclear" \
    "$(sql 'SELECT channel, reason FROM event ORDER BY id DESC LIMIT 1')" \
    "kb flag --channel, --reason=TEXT"
expect_eq "8" "$(count)" "rows after three flags"

note "errors: exit 2 for usage, 1 for an unknown answer; nothing is written"
before=$(sql 'SELECT * FROM event ORDER BY id')
expect_status 2 kb use lost-passport
expect_contains "$err" "channel" "kb use without a channel names the channel"
expect_eq "" "$out" "nothing on stdout for a usage error"
expect_status 2 kb use lost-passport --channel fax
expect_contains "$err" "fax" "an unknown channel is named"
expect_status 2 kb use lost-passport --channel
expect_contains "$err" "channel" "--channel without a value"
expect_status 2 kb use --channel phone
expect_contains "$err" "id" "kb use without an id asks for one"
expect_status 2 kb use lost-passport dog-license --channel phone
expect_contains "$err" "one answer id" "kb use with two ids"
expect_status 2 kb use lost-passport --channel phone --bogus
expect_contains "$err" "bogus" "an unknown option is named"
expect_status 1 kb use no-such-answer --channel phone
expect_contains "$err" "no-such-answer" "an unknown id is named"
expect_eq "" "$out" "nothing on stdout for an unknown id"
expect_status 1 kb use Lost-Passport --channel phone
expect_contains "$err" "Lost-Passport" "ids are exact: a wrong case is named"
expect_status 1 kb use travel/lost-passport --channel phone
expect_contains "$err" "travel/lost-passport" "a path is not an id"
expect_status 2 kb flag lost-passport
expect_contains "$err" "reason" "kb flag without a reason asks for one"
expect_status 2 kb flag lost-passport --reason ""
expect_contains "$err" "reason" "kb flag with an empty reason"
expect_status 2 kb flag --reason wrong
expect_contains "$err" "id" "kb flag without an id"
expect_status 1 kb flag no-such-answer --reason wrong
expect_contains "$err" "no-such-answer" "kb flag: an unknown id is named"
expect_status 1 kb --kb "$tmp/not-a-kb" use lost-passport --channel phone
expect_contains "$err" "not-a-kb" "kb use in a directory that is no KB"
expect_eq "$before" "$(sql 'SELECT * FROM event ORDER BY id')" \
    "failed commands wrote nothing"

note "a log that cannot be written: exit 1, the file named"
k2=$tmp/kb2
mkdir -p "$k2"
git -C "$k2" init -q -b main
write_answer "$k2" lost-passport "Report a lost passport" "Fill in form DS-64."
commit "$k2" answers
db2=$k2/.git/kb/usage.db
mkdir -p "$k2/.git/kb/usage.db"
expect_status 1 kb --kb "$k2" use lost-passport --channel phone
expect_contains "$err" "usage.db" "a usage.db that is a directory is named"
expect_status 1 kb --kb "$k2" flag lost-passport --reason wrong
expect_contains "$err" "usage.db" "kb flag: a usage.db that is a directory is named"
rmdir "$db2"
echo "not a database" >"$db2"
expect_status 1 kb --kb "$k2" use lost-passport --channel phone
expect_contains "$err" "usage.db" "a usage.db that is no database is named"
expect_eq "not a database" "$(cat "$db2")" "a usage.db that is no database is left alone"
rm -f "$db2"
# A log made by a newer kb (schema 5, in WAL mode as kb makes it).
sqlite3 -batch "$db2" "PRAGMA journal_mode=WAL; CREATE TABLE event(id INTEGER PRIMARY KEY, uid TEXT, note TEXT);
    INSERT INTO event(uid, note) VALUES('u1', 'from the future'); PRAGMA user_version=5;" >/dev/null ||
    fail "test setup: sqlite3 could not make a newer log"
cp "$db2" "$tmp/newer.db"
expect_status 1 kb --kb "$k2" use lost-passport --channel phone
expect_contains "$err" "newer" "a log from a newer kb is refused"
expect_status 1 kb --kb "$k2" flag lost-passport --reason wrong
expect_status 1 kb --kb "$k2" report
expect_contains "$err" "newer" "kb report refuses a log from a newer kb"
cmp -s "$tmp/newer.db" "$db2" || fail "kb changed a usage.db made by a newer kb"
expect_eq "5|u1|from the future" \
    "$(sqlite3 -batch "$db2" 'PRAGMA user_version' 'SELECT uid, note FROM event' | paste -sd'|' -)" \
    "the newer log is left as it was"

note "the agent: --agent, else \$KB_AGENT, else git config user.name, else the login"
expect_status 0 env KB_AGENT="Env Agent" "$KB_BIN" use lost-passport --channel phone --agent "Option Agent"
expect_eq "Option Agent" "$(sql 'SELECT agent FROM event ORDER BY id DESC LIMIT 1')" \
    "--agent beats KB_AGENT"
expect_status 0 env KB_AGENT="Env Agent" "$KB_BIN" --agent=Early use lost-passport --channel phone
expect_eq "Early" "$(sql 'SELECT agent FROM event ORDER BY id DESC LIMIT 1')" \
    "global --agent=NAME before the command"
expect_status 0 env KB_AGENT="Env Agent" "$KB_BIN" use lost-passport --channel phone
expect_eq "Env Agent" "$(sql 'SELECT agent FROM event ORDER BY id DESC LIMIT 1')" \
    "KB_AGENT beats git config user.name"
git -C "$k" config user.name "Repo Agent"
expect_status 0 env KB_AGENT="Env Agent" "$KB_BIN" use lost-passport --channel phone
expect_eq "Env Agent" "$(sql 'SELECT agent FROM event ORDER BY id DESC LIMIT 1')" \
    "KB_AGENT beats the KB's own user.name"
expect_status 0 kb use lost-passport --channel phone
expect_eq "Repo Agent" "$(sql 'SELECT agent FROM event ORDER BY id DESC LIMIT 1')" \
    "the KB repository's user.name beats the global one"
expect_status 0 env KB_AGENT= "$KB_BIN" flag lost-passport --reason wrong
expect_eq "flag|Repo Agent" "$(sql 'SELECT kind, agent FROM event ORDER BY id DESC LIMIT 1')" \
    "an empty KB_AGENT is not a name; kb flag takes the same identity"
git -C "$k" config --unset user.name
expect_status 0 kb use lost-passport --channel phone
expect_eq "E2E Tester" "$(sql 'SELECT agent FROM event ORDER BY id DESC LIMIT 1')" \
    "the global git config user.name"
mkdir -p "$tmp/bare-home"
expect_status 0 env HOME="$tmp/bare-home" XDG_CONFIG_HOME="$tmp/bare-home/.config" \
    GIT_CONFIG_GLOBAL=/dev/null "$KB_BIN" use lost-passport --channel phone
login=$(id -un)
expect_eq "$login" "$(sql 'SELECT agent FROM event ORDER BY id DESC LIMIT 1')" \
    "no user.name anywhere: the login name"

note "the office: --office, else git config kb.office, else none"
expect_status 0 kb use lost-passport --channel phone --office "Main Street"
expect_eq "Main Street" "$(sql 'SELECT office FROM event ORDER BY id DESC LIMIT 1')" \
    "--office"
git -C "$k" config kb.office Harbour
expect_status 0 kb use lost-passport --channel phone
expect_eq "Harbour" "$(sql 'SELECT office FROM event ORDER BY id DESC LIMIT 1')" \
    "git config kb.office"
expect_status 0 kb flag lost-passport --reason wrong
expect_eq "flag|Harbour" "$(sql 'SELECT kind, office FROM event ORDER BY id DESC LIMIT 1')" \
    "kb flag records the office too"
expect_status 0 kb --office "Main Street" use lost-passport --channel phone
expect_eq "Main Street" "$(sql 'SELECT office FROM event ORDER BY id DESC LIMIT 1')" \
    "--office beats kb.office"
git -C "$k" config --unset kb.office
expect_status 0 kb use lost-passport --channel phone
expect_eq "NULL" "$(sql 'SELECT office FROM event ORDER BY id DESC LIMIT 1')" \
    "no office: NULL"

note "kb.logQueries false: the query text is not stored"
git -C "$k" config kb.logQueries false
expect_status 0 kb use lost-passport --channel phone --query "private words"
expect_eq "use|lost-passport|NULL" \
    "$(sql 'SELECT kind, answer, query FROM event ORDER BY id DESC LIMIT 1')" \
    "kb.logQueries=false"
git -C "$k" config kb.logQueries true
expect_status 0 kb use lost-passport --channel phone --query "public words"
expect_eq "public words" "$(sql 'SELECT query FROM event ORDER BY id DESC LIMIT 1')" \
    "kb.logQueries=true"
expect_eq "0" "$(sql "SELECT count(*) FROM event WHERE query LIKE '%private%'")" \
    "the private query is nowhere in the log"

note "times: KB_NOW as UTC; without it the real time"
KB_NOW=2026-03-01 kb use dog-license --channel email
expect_eq "2026-03-01T00:00:00Z" "$(sql 'SELECT time FROM event ORDER BY id DESC LIMIT 1')" \
    "KB_NOW with a date only"
t0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
(unset KB_NOW; kb use dog-license --channel email)
t1=$(date -u +%Y-%m-%dT%H:%M:%SZ)
got=$(sql 'SELECT time FROM event ORDER BY id DESC LIMIT 1')
expect_match "$got" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' "the time format"
if [ "$got" \< "$t0" ] || [ "$got" \> "$t1" ]; then
	fail "an event logged now has time $got, not within $t0..$t1"
fi

note "kb show --version: the text a customer was given, after the answer changed"
expect_status 0 kb show lost-passport
shown_v1=$out
expect_contains "$shown_v1" "DS-64" "the first text"
logged=$(sql "SELECT DISTINCT version FROM event WHERE answer = 'lost-passport'")
expect_eq "$pass_v1" "$logged" "every use of lost-passport so far logged version 1"
WA_RELATED=dog-license write_answer "$k" travel/lost-passport "Report a lost or stolen passport" \
    "Fill in form DS-64 online. The fee is now 70 dollars."
commit "$k" "new fee"
pass_v2=$(git -C "$k" rev-parse main:answers/travel/lost-passport.md)
[ "$pass_v1" != "$pass_v2" ] || fail "test setup: the answer did not change"
expect_status 0 kb show lost-passport
expect_contains "$out" "70 dollars" "kb show shows the current text"
expect_not_contains "$out" "60 dollars" "kb show shows the current text"
expect_status 0 kb show --version "$pass_v1" lost-passport
expect_contains "$out" "60 dollars" "kb show --version: the logged text"
expect_contains "$out" "Report a lost passport" "kb show --version: the logged title"
expect_not_contains "$out" "70 dollars" "kb show --version: not the current text"
expect_not_contains "$out" "stolen" "kb show --version: not the current title"
# The same text as kb show gave then; the Version line gives the blob id.
strip_version() {
	printf '%s\n' "$1" | grep -v '^Version:'
}
expect_eq "$(strip_version "$shown_v1")" "$(strip_version "$out")" \
    "kb show --version prints exactly what kb show printed for that version"
vline=$(printf '%s\n' "$out" | grep '^Version:' || true)
expect_contains "$vline" "$(printf '%.12s' "$pass_v1")" "the Version line names the logged blob"
expect_status 0 kb show --version "$pass_v1" --channel phone lost-passport
expect_contains "$out" "60 dollars" "--version with --channel"
expect_status 0 kb use lost-passport --channel phone
expect_eq "$pass_v2" "$(sql 'SELECT version FROM event ORDER BY id DESC LIMIT 1')" \
    "a use after the change logs the new version"

note "kb show --version after the answer was deleted"
git -C "$k" rm -q answers/travel/lost-passport.md
commit "$k" "retire lost-passport"
expect_status 1 kb show lost-passport
expect_status 1 kb use lost-passport --channel phone
expect_contains "$err" "lost-passport" "a deleted answer cannot be used"
expect_status 0 kb show --version "$pass_v1" lost-passport
expect_contains "$out" "60 dollars" "a deleted answer's logged version"
expect_status 0 kb show --version "$pass_v2" lost-passport
expect_contains "$out" "70 dollars" "a deleted answer's last version"

note "kb show --version: malformed or unknown versions exit 1, naming them"
expect_status 1 kb show --version nothex lost-passport
expect_contains "$err" "nothex" "a malformed version is named"
expect_eq "" "$out" "nothing on stdout"
short=$(printf '%.12s' "$pass_v1")
# The reference line's short version names it too (show-version-prefix-test).
expect_status 0 kb show --version "$short" lost-passport
expect_contains "$out" "60 dollars" "an abbreviated version, as git takes one"
expect_status 1 kb show --version "${pass_v1}0" lost-passport
expect_status 1 kb show --version 0123456789abcdef0123456789abcdef01234567 lost-passport
expect_contains "$err" "0123456789ab" "an unknown version is named"
expect_eq "" "$out" "nothing on stdout for an unknown version"
expect_status 1 kb show --version "$(git -C "$k" rev-parse main)" lost-passport
expect_status 1 kb show --version "$(git -C "$k" rev-parse 'main^{tree}')" lost-passport
expect_status 2 kb show --version
# A version of another answer is not a version of this one.
expect_status 1 kb show --version "$dog_v" lost-passport
expect_contains "$err" "$(printf '%.12s' "$dog_v")" "another answer's version is named"
expect_eq "" "$out" "nothing on stdout for another answer's version"
expect_status 1 kb show --version "$pass_v1" dog-license
expect_status 1 kb show --version "$pass_v1" no-such-answer
expect_status 1 kb show --version "$pass_v1" ../lost-passport

note "the log outlives the index: kb index --rebuild, rm index.db"
rows=$(count)
[ "$rows" -ge 20 ] || fail "test setup: only $rows rows"
all=$(sql 'SELECT * FROM event ORDER BY id')
expect_status 0 kb index --rebuild
expect_eq "$all" "$(sql 'SELECT * FROM event ORDER BY id')" "after kb index --rebuild"
[ -f "$k/.git/kb/index.db" ] || fail "test setup: no index.db"
rm -rf "$k/.git/kb/index.db"*
expect_eq "$all" "$(sql 'SELECT * FROM event ORDER BY id')" "after rm index.db"
expect_status 0 kb search dog
expect_eq "dog-license" "$(ids_of "$out")" "the index is rebuilt on the next search"
expect_eq "$all" "$(sql 'SELECT * FROM event ORDER BY id')" "after the index was rebuilt"
rm -rf "$k/.git/kb/index.db"*
expect_status 0 kb use dog-license --channel phone
expect_eq "$((rows + 1))" "$(count)" "kb use without an index adds one row"
expect_eq "$all" "$(sql "SELECT * FROM event WHERE id <= (SELECT max(id) - 1 FROM event) ORDER BY id")" \
    "the earlier rows are untouched"
expect_eq "ok" "$(sql 'PRAGMA integrity_check')" "integrity_check"

note "kb.channel in any case; a kb.channel that is no channel is named"
git -C "$k" config kb.channel WALK-IN
expect_status 0 kb use dog-license
expect_eq "walk-in" "$(sql 'SELECT channel FROM event ORDER BY id DESC LIMIT 1')" \
    "kb.channel=WALK-IN"
expect_status 0 kb use dog-license --channel Email
expect_eq "email" "$(sql 'SELECT channel FROM event ORDER BY id DESC LIMIT 1')" \
    "--channel Email"
rows=$(count)
git -C "$k" config kb.channel fax
expect_status 2 kb use dog-license
expect_eq "$rows" "$(count)" "kb.channel=fax: nothing written"
# The agent did configure a channel: the message must name the bad
# setting or value, not only ask for a channel.
case $err in
*fax*|*kb.channel*) ;;
*) fail "kb use with kb.channel=fax: the message names neither kb.channel nor 'fax': $err" ;;
esac

exit 0
