#!/bin/sh
# Logging never depends on the index: kb use and kb flag take the
# answer's version from git.  With index.db unusable (a directory where
# the file should be), they still log, with the version git has; with the
# index locked by a rebuild and out of date, kb use does not wait for it;
# and with kb index --rebuild running in a loop, 2 x 160 kb use all exit
# 0 and every event is in the log once.  An unknown id is still refused.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"
command -v flock >/dev/null 2>&1 || fail "flock (util-linux) is needed"
command -v timeout >/dev/null 2>&1 || fail "timeout (coreutils) is needed"

k=$tmp/kb
sample_kb "$k"
export KB_DIR="$k"
export KB_NOW=2026-03-02T09:00:00
db=$k/.git/kb/usage.db
state=$k/.git/kb
dogv=$(git -C "$k" rev-parse main:answers/animals/dog-licence.md)
bg=""
at_exit 'for p in $bg; do kill -9 "$p" 2>/dev/null || true; done'

sql() {
	sqlite3 -batch -noheader "$db" "$1" || fail "sqlite3 could not run: $1"
}

note "index.db unusable: kb use and kb flag log all the same"
expect_status 0 kb search dog
rm -f "$state/index.db"
mkdir "$state/index.db"
expect_status 0 kb --agent Ann use dog-licence --channel phone
expect_status 0 kb --agent Ann flag dog-licence --reason outdated
expect_eq "use|dog-licence|$dogv
flag|dog-licence|$dogv" "$(sql 'SELECT kind, answer, version FROM event ORDER BY id')" \
    "both logged, with the version git has"
expect_status 1 kb --agent Ann use no-such-answer --channel phone
expect_contains "$err" "no-such-answer" "an unknown id is still named"
expect_eq 2 "$(sql 'SELECT count(*) FROM event')" "the unknown id logged nothing"
rmdir "$state/index.db"
expect_status 0 kb index

note "the index locked by a rebuild and out of date: kb use does not wait"
write_answer "$k" animals/axolotl-permit "Axolotl permits" "Axolotls need no permit."
commit "$k" "Axolotl"
axv=$(git -C "$k" rev-parse main:answers/animals/axolotl-permit.md)
# The subshell becomes the sleep, the only holder of the lock's fd.
(exec 9>"$state/index.lock" && flock 9 && exec sleep 300) &
holder=$!
bg="$bg $holder"
i=0
while [ $i -lt 100 ] && flock -n "$state/index.lock" true; do
	sleep 0.05
	i=$((i + 1))
done
flock -n "$state/index.lock" true && fail "the index lock was never taken"
rc=0
timeout 120 "$KB_BIN" --agent Bob use axolotl-permit --channel email \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
[ $rc -ne 124 ] || fail "kb use waited for the index lock (killed after 120 s)"
expect_eq 0 "$rc" "kb use with the index locked: exit status ($(cat "$tmp/err"))"
expect_eq "axolotl-permit|$axv" \
    "$(sql "SELECT answer, version FROM event WHERE agent = 'Bob'")" \
    "the new answer logged, with its version, while the index was locked"
kill "$holder"
wait "$holder" 2>/dev/null || true

note "kb index --rebuild in a loop while 2 x 160 kb use run"
PER=160
before=$(sql 'SELECT count(*) FROM event')
(
	n=0
	while [ ! -e "$tmp/stop" ] && [ $n -lt 5000 ]; do
		"$KB_BIN" index --rebuild >/dev/null 2>>"$tmp/rebuild.err" || true
		n=$((n + 1))
	done
	echo $n >"$tmp/rebuilds"
) &
rebuilder=$!
bg="$bg $rebuilder"
worker() {
	_i=0 _bad=0
	while [ $_i -lt $PER ]; do
		_rc=0
		"$KB_BIN" --agent "w$1" use lost-pet --channel phone \
		    --query "w$1-$_i" 2>>"$tmp/worker-$1.err" || _rc=$?
		if [ $_rc -ne 0 ]; then
			echo "kb use #$_i exited $_rc" >>"$tmp/worker-$1.err"
			_bad=1
		fi
		_i=$((_i + 1))
	done
	exit $_bad
}
worker 1 &
w1=$!
worker 2 &
w2=$!
bg="$bg $w1 $w2"
failed=""
wait $w1 || failed="$failed 1"
wait $w2 || failed="$failed 2"
touch "$tmp/stop"
wait $rebuilder || true
note "$(cat "$tmp/rebuilds") rebuilds ran meanwhile"
for w in $failed; do
	sed -n '1,10s/^/    /p' "$tmp/worker-$w.err" >&2
done
[ -z "$failed" ] || fail "kb use failed during rebuilds in worker(s):$failed"
expect_eq $((before + 2 * PER)) "$(sql 'SELECT count(*) FROM event')" \
    "every kb use is in the log"
expect_eq $((2 * PER)) "$(sql "SELECT count(DISTINCT query) FROM event WHERE agent LIKE 'w%'")" \
    "each once"
expect_eq "ok" "$(sql 'PRAGMA integrity_check')" "the log is sound"
expect_status 0 kb search lost
expect_contains "$out" "lost-pet" "the index works after the rebuilds"

exit 0
