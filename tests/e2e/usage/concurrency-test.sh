#!/bin/sh
# The usage log under load: 8 processes each running kb use 500 times at
# once give exactly 4000 rows, every kb use exiting 0, and a sound
# database.  Then kb use processes killed with SIGKILL in the middle of
# their work: the database stays sound, holds a row for every process
# that exited 0 (and at most one more for each killed one), and takes new
# rows.  Rows are read with sqlite3.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to read usage.db (apt-get install sqlite3)"

WORKERS=8
PER_WORKER=500

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
WA_RELATED=dog-license write_answer "$k" travel/lost-passport "Report a lost passport" \
    "Fill in form DS-64 and bring a photo ID."
WA_RELATED=lost-passport write_answer "$k" animals/dog-license "License your dog" \
    "Every dog over four months old needs a license tag."
commit "$k" answers
export KB_DIR="$k"
export KB_NOW=2026-02-15T10:20:30
db=$k/.git/kb/usage.db

sql() {
	sqlite3 -batch -noheader -nullvalue NULL "$db" "$1" ||
	    fail "sqlite3 could not run: $1"
}

# One worker: PER_WORKER kb use in a row; every failure is written down
# (its exit status and message), and the worker exits 1 if there was one.
worker() {
	_w=$1 _i=0 _bad=0
	while [ $_i -lt $PER_WORKER ]; do
		case $((_i % 3)) in
		0) _ch=phone ;;
		1) _ch=email ;;
		*) _ch=walk-in ;;
		esac
		_rc=0
		"$KB_BIN" use lost-passport --channel $_ch --agent "w$_w" \
		    --query "w$_w-$_i" 2>>"$tmp/worker-$_w.err" || _rc=$?
		if [ $_rc -ne 0 ]; then
			echo "kb use #$_i exited $_rc" >>"$tmp/worker-$_w.err"
			_bad=1
		fi
		_i=$((_i + 1))
	done
	exit $_bad
}

note "$WORKERS processes x $PER_WORKER kb use at once"
start=$(date +%s)
pids=""
w=1
while [ $w -le $WORKERS ]; do
	: >"$tmp/worker-$w.err"
	worker $w &
	pids="$pids $!"
	w=$((w + 1))
done
# Meanwhile, reports: they never stop the writers, and each reads one
# state of the log (kb(1)), so what it counts only grows.
sleep 1
r=0
prev=0
while [ $r -lt 5 ]; do
	"$KB_BIN" report --format csv --section top_answers >"$tmp/report.csv" 2>"$tmp/report.err" ||
	    fail "kb report during the load exited $?: $(cat "$tmp/report.err")"
	uses=$(tr -d '\r' <"$tmp/report.csv" | sed -n 's/^lost-passport,[^,]*,//p')
	[ -n "$uses" ] || uses=0
	[ "$uses" -ge "$prev" ] || fail "kb report during the load: $uses uses after $prev"
	prev=$uses
	r=$((r + 1))
done
note "reports during the load counted up to $prev uses"
w=1
failed=""
for pid in $pids; do
	rc=0
	wait "$pid" || rc=$?
	if [ $rc -ne 0 ]; then
		failed="$failed $w"
		echo "worker $w exited $rc:" >&2
		sed -n '1,20s/^/    /p' "$tmp/worker-$w.err" >&2
	fi
	w=$((w + 1))
done
secs=$(( $(date +%s) - start ))
note "$((WORKERS * PER_WORKER)) kb use in ${secs}s"
[ -z "$failed" ] || fail "kb use failed in worker(s):$failed (see above)"

total=$((WORKERS * PER_WORKER))
expect_eq "$total" "$(sql 'SELECT count(*) FROM event')" "rows after $total kb use"
expect_eq "ok" "$(sql 'PRAGMA integrity_check')" "integrity_check after the load"
expect_eq "$total|$total|$total" \
    "$(sql 'SELECT count(DISTINCT uid), count(DISTINCT query), count(DISTINCT agent || query) FROM event')" \
    "every row is one kb use: no row lost, none written twice"
want=""
w=1
while [ $w -le $WORKERS ]; do
	want="${want}w$w|$PER_WORKER$NL"
	w=$((w + 1))
done
expect_eq "${want%"$NL"}" "$(sql 'SELECT agent, count(*) FROM event GROUP BY agent ORDER BY agent')" \
    "$PER_WORKER rows for each worker"
expect_eq "use|lost-passport|$KB_NOW" \
    "$(sql "SELECT DISTINCT kind, answer, replace(time, 'Z', '') FROM event")" \
    "every row is the same kind of event"

note "kb use killed with SIGKILL in the middle of its work"
before=$(sql 'SELECT count(*) FROM event')
n=200
i=0
# Every few starts, kill -9 one of the last few processes started: most
# are still opening the KB or writing their row.  (A process that had
# already exited is a zombie until waited for: its pid is not reused, and
# the kill does nothing to it.)
victims=$(awk -v n=$n 'BEGIN { srand(20260215);
	for (i = 4; i < n; i += 4 + int(rand() * 6))
		printf "%d:%d\n", i, i - 1 - int(rand() * 3) }')
: >"$tmp/kill.pids"
while [ $i -lt $n ]; do
	"$KB_BIN" use dog-license --channel phone --agent "k$i" 2>/dev/null &
	echo "$i $!" >>"$tmp/kill.pids"
	for v in $victims; do
		if [ "${v%%:*}" = $i ]; then
			vpid=$(awk -v j="${v#*:}" '$1 == j { print $2 }' "$tmp/kill.pids")
			kill -9 "$vpid" 2>/dev/null || true
		fi
	done
	i=$((i + 1))
done
ok=0
killed=0
other=""
: >"$tmp/ok-agents"
while read -r j pid; do
	rc=0
	wait "$pid" || rc=$?
	case $rc in
	0) ok=$((ok + 1)); echo "k$j" >>"$tmp/ok-agents" ;;
	137) killed=$((killed + 1)) ;;
	*) other="$other #$j:$rc" ;;
	esac
done <"$tmp/kill.pids"
note "$n kb use: $ok exited 0, $killed killed"
[ -z "$other" ] || fail "kb use that was not killed failed (#number:status):$other"
[ "$killed" -gt 0 ] || fail "test setup: no kb use was killed while running"
expect_eq "ok" "$(sql 'PRAGMA integrity_check')" "integrity_check after kill -9"
rows=$(( $(sql 'SELECT count(*) FROM event') - before ))
if [ "$rows" -lt "$ok" ] || [ "$rows" -gt $((ok + killed)) ]; then
	fail "$rows new rows; want from $ok (exited 0) to $((ok + killed)) (with the $killed killed)"
fi
# Each process that exited 0 wrote its own row, and no process two.
sql "SELECT agent FROM event WHERE agent GLOB 'k[0-9]*'" | sort >"$tmp/logged-agents"
expect_eq "$rows" "$(sort -u "$tmp/logged-agents" | wc -l | tr -d ' ')" \
    "no process wrote two rows"
missing=$(sort "$tmp/ok-agents" | comm -23 - "$tmp/logged-agents" | tr '\n' ' ')
expect_eq "" "$missing" "kb use that exited 0 but wrote no row"

note "kb use works after the kills"
expect_status 0 kb use dog-license --channel email --agent after
expect_eq "1" "$(sql "SELECT count(*) FROM event WHERE agent = 'after'")" "a new row"
expect_eq "ok" "$(sql 'PRAGMA integrity_check')" "integrity_check at the end"
expect_status 0 kb report --format csv --section top_answers
expect_contains "$out" "lost-passport,Report a lost passport,$total" \
    "the report reads the log written under load"

exit 0
