#!/bin/sh
# kbsync stopped at any moment leaves an office that the next kbsync
# brings into step.
#
# First the centre dies in the middle of a large fetch (30 MB of files
# at the centre, served by git daemon, killed once upload-pack runs and
# the office has started receiving): exit 3 (or 0 if the fetch was
# already done: noted), the office consistent; the daemon back, a retry
# syncs everything.
#
# Then kbsync itself killed with SIGKILL: rounds, each with a big update
# at the centre (200 answers rewritten, one added, one removed) and new
# usage events at the office, each kbsync killed at another moment: at
# once, after short delays, or as soon as something is seen (the
# work-tree journal, main moved, the usage ref written here, the usage
# ref at the centre).  A kbsync that was not killed must not fail.  After
# each kill: the office's main is its old one or the centre's, the centre
# holds no event twice.  At the end one kbsync exits 0 and: main is the
# centre's, the work tree is clean, search finds exactly the last texts,
# the centre holds every event exactly once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

N=200
export KB_NOW=2026-11-25T10:00:00
uses=0
WORDS="alphaword bravoword charlieword deltaword echoword foxtrotword golfword hotelword indiaword julietword kiloword limaword"

# A round at the centre, written straight into it with git fast-import
# (a work tree and git add would be slow): answers/gen/gen-1..N with the
# round's word, the round's own answer added, the previous one removed.
centre_round() {
	awk -v w="$1" -v prev="${2:-}" -v n=$N 'BEGIN {
		print "commit refs/heads/main"
		print "committer E2E Tester <e2e@example.invalid> 1767225600 +0000"
		msg = "Round " w
		printf "data %d\n%s\n", length(msg), msg
		print "from refs/heads/main^0"
		for (i = 1; i <= n; i++) {
			t = "---\ntitle: Generated answer " i "\ntags: generated\n---\nAnswer " i " of the " w " round.\n"
			print "M 100644 inline answers/gen/gen-" i ".md"
			printf "data %d\n%s\n", length(t), t
		}
		if (prev != "")
			print "D answers/gen/round-" prev ".md"
		t = "---\ntitle: Round " w "\ntags: round\n---\nThe " w " round.\n"
		print "M 100644 inline answers/gen/round-" w ".md"
		printf "data %d\n%s\n", length(t), t
	}' | git -C "$centre" fast-import --quiet ||
	    fail "git fast-import at the centre"
}

# The office's and the centre's usage refs, read as files (shell builtins
# only: polled in a tight loop).  kbsync writes refs as loose files.
ref_file() {
	_v=""
	{ read -r _v <"$1"; } 2>/dev/null || true
	printf '%s' "$_v"
}

# Wait (without sleeping) until condition $2 holds or kbsync $1 ends.
# Returns 0 when the condition was seen while kbsync was still running.
watch_for() {
	_pid=$1 _what=$2 _n=0
	while running "$_pid"; do
		case $_what in
		journal) [ -e "$o/.git/kb/sync-worktree" ] && return 0 ;;
		main) [ "$(ref_file "$o/.git/refs/heads/main")" != "$main_before" ] && return 0 ;;
		usage-here) [ "$(ref_file "$o/.git/refs/kb/usage/kiln")" != "$usage_before" ] && return 0 ;;
		usage-centre) [ "$(ref_file "$centre/refs/kb/usage/kiln")" != "$central_usage_before" ] && return 0 ;;
		esac
		_n=$((_n + 1))
		[ $_n -lt 2000000 ] || fail "watch_for $_what: no end"
	done
	return 1
}

# The invariants that hold whenever kbsync was killed.
check_after_kill() {
	_m=$(git -C "$o" rev-parse main)
	[ "$_m" = "$main_before" ] || [ "$_m" = "$(centre_main)" ] ||
	    fail "$1: the office's main $_m is neither its old one nor the centre's"
	_lines=$(centre_events kiln)
	if [ -n "$_lines" ]; then
		_n=$(printf '%s\n' "$_lines" | wc -l | tr -d ' ')
		_u=$(printf '%s\n' "$_lines" | sed 's/^{"uid":"\([0-9a-f]*\)".*/\1/' | sort -u | wc -l | tr -d ' ')
		expect_eq "$_n" "$_u" "$1: an event at the centre twice"
		[ "$_n" -le "$uses" ] || fail "$1: $_n events at the centre, $uses used"
	fi
}

note "the centre dies in the middle of a large fetch"
make_centre far.git
daemon_start
o2=$tmp/office-far
make_office "$o2" "$daemon_url" --office Far
expect_status 0 kb --kb "$o2" --agent Fay use lost-pet --channel phone
expect_status 0 kb --kb "$o2" --agent Fay use dog-licence --channel email
big() {
	mkdir -p files
	for _i in 1 2 3 4 5 6; do
		head -c 5000000 /dev/urandom >"files/scan-$_i.bin"
	done
	write_answer . animals/big-scan-notice "Scanned forms" \
	    "Scanned forms are kept with the answers as pangolinscan files."
}
# Stored and sent uncompressed: the bytes, not the CPU, make it last.
git -C "$edit" config core.compression 0
git -C "$edit" config pack.window 0
git -C "$centre" config core.compression 0
git -C "$centre" config pack.window 0
centre_change "30 MB of scans" big
far_before=$(git -C "$o2" rev-parse main)
dpid=$(cat "$daemon_pidfile")
"$KBSYNC_BIN" --kb "$o2" >"$tmp/far.out" 2>"$tmp/far.err" &
pid=$!
bg_track $pid
# Receiving: upload-pack runs for this fetch, and the office's pack
# directory has started to grow.
seen=""
i=0
while running $pid && [ $i -lt 2000 ]; do
	if ps -o args= -s "$dpid" 2>/dev/null | grep -q upload-pack &&
	    [ -n "$(find "$o2/.git/objects/pack" -type f -size +100k ! -name '*.idx' -newer "$o2/.git/kb/last-sync" 2>/dev/null)" ]; then
		seen=1
		break
	fi
	i=$((i + 1))
done
daemon_stop
rc=0
wait $pid || rc=$?
out=$(cat "$tmp/far.out")
err=$(cat "$tmp/far.err")
case $rc in
3)
	note "killed mid-fetch (receiving seen: ${seen:-no}): exit 3"
	expect_eq "" "$out" "offline mid-fetch: nothing on stdout"
	expect_eq 1 "$(printf '%s\n' "$err" | wc -l | tr -d ' ')" "offline mid-fetch: one line"
	expect_match "$err" '^kbsync: offline: ' "offline mid-fetch: the line"
	expect_eq "$far_before" "$(git -C "$o2" rev-parse main)" "main unchanged"
	expect_events_once far 0 "nothing sent"
	;;
0)
	note "NOTE: the fetch was over before the daemon was killed (receiving seen: ${seen:-no}): exit 0"
	;;
*)
	fail "kbsync with the centre killed mid-fetch exited $rc, want 3 (or 0): $err"
	;;
esac
expect_eq "" "$(git -C "$o2" status --porcelain)" "the work tree is clean"
expect_status 0 kb --kb "$o2" search lost pet
expect_match "$out" "^lost-pet${TAB}" "the office still searches"
daemon_start --same-port
expect_status 0 kbsync --kb "$o2"
if [ $rc = 3 ]; then
	expect_eq "$(want_report "$daemon_url" far "1 0 0" "$far_before $(centre_main)" "0 0" 2)" \
	    "$out" "the retry after the centre died"
fi
expect_eq "$(centre_main)" "$(git -C "$o2" rev-parse main)" "after the retry: main is the centre's"
expect_eq "" "$(git -C "$o2" status --porcelain)" "after the retry: clean"
expect_status 0 kb --kb "$o2" search pangolinscan
expect_eq "big-scan-notice${TAB}Scanned forms" "$out" "after the retry: the new answer is searchable"
cmp -s "$edit/files/scan-3.bin" "$o2/files/scan-3.bin" || fail "after the retry: a big file differs"
expect_events_once far 2 "after the retry"
daemon_stop

note "kbsync killed at different moments"
make_centre
o=$tmp/office
url=$centre
make_office "$o" "$url" --office Kiln
killed=0 finished=0 missed="" word="" odd=""
r=0
for how in now journal main usage-here usage-centre 0.005 0.02 journal main usage-centre; do
	r=$((r + 1))
	prev=${word:-}
	word=$(echo $WORDS | cut -d' ' -f$r)
	centre_round "$word" "$prev"
	for q in 1 2 3; do
		expect_status 0 kb --kb "$o" --agent "r$r" use lost-pet --channel phone --query "$word $q"
		uses=$((uses + 1))
	done
	main_before=$(ref_file "$o/.git/refs/heads/main")
	[ -n "$main_before" ] || main_before=$(git -C "$o" rev-parse main)
	usage_before=$(ref_file "$o/.git/refs/kb/usage/kiln")
	central_usage_before=$(ref_file "$centre/refs/kb/usage/kiln")
	"$KBSYNC_BIN" --kb "$o" --quiet 2>"$tmp/kill-$r.err" &
	pid=$!
	bg_track $pid
	case $how in
	now) ;;
	0.*) sleep "$how" ;;
	*) watch_for $pid "$how" || missed="$missed $r:$how" ;;
	esac
	kill -9 $pid 2>/dev/null || true
	rc=0
	wait $pid || rc=$?
	case $rc in
	137) killed=$((killed + 1)) ;;
	0) finished=$((finished + 1)) ;;
	*) odd="$odd${NL}round $r ($how): kbsync exited $rc before it was killed: $(cat "$tmp/kill-$r.err")" ;;
	esac
	check_after_kill "round $r ($how, exit $rc)"
done
note "$r rounds: $killed kbsync killed, $finished finished first; conditions not seen in time:${missed:- none}"
[ -z "$odd" ] || fail "a kbsync after a killed one failed:$odd"
[ $killed -ge 3 ] || fail "test setup: only $killed kbsync were killed while running"

note "one kbsync brings the office into step"
expect_status 0 kbsync --kb "$o"
expect_eq "" "$err" "the final kbsync: nothing on stderr"
expect_eq "$(centre_main)" "$(git -C "$o" rev-parse main)" "main is the centre's"
expect_eq "" "$(git -C "$o" status --porcelain)" "the work tree is clean"
[ -e "$o/.git/kb/sync-worktree" ] && fail "the work-tree journal is left behind"
expect_status 0 kb --kb "$o" search --limit 1000 "$word"
expect_eq "$((N + 1))" "$(printf '%s\n' "$out" | sed '/^$/d' | wc -l | tr -d ' ')" \
    "search finds the $N answers and the round's own with the last word"
expect_status 0 kb --kb "$o" search --limit 1000 "$prev"
expect_eq "" "$out" "search finds nothing of the round before"
expect_status 0 kb --kb "$o" show gen-17
expect_contains "$out" "Answer 17 of the $word round." "kb show: the last text"
expect_status 0 kb --kb "$o" status
expect_match "$out" "^version    main@$(centre_main | cut -c1-7), $((82 + N + 1)) answers\$" "kb status"
expect_events_once kiln "$uses" "after the kills"
expect_status 0 kbsync --kb "$o"
expect_eq "$(want_report "$url" kiln "0 0 0" "" "0 0" 0)" "$out" "then nothing left to do"

exit 0
