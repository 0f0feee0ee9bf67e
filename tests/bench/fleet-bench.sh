#!/bin/sh
# make bench, the fleet part (issue 18): one office's kbsync against a
# git daemon centre on 127.0.0.1 that holds OTHERS other offices (a usage
# ref each) and as many decided proposals, and the bytes one office's
# day of usage takes at the centre.
#
# usage: tests/bench/fleet-bench.sh KB KBSYNC WORK OTHERS [EVENTS SYNCS]
#
# Prints "name value" lines for run-bench.sh:
#   fleet_sync_ms      median of 5 syncs of the office, each sending 10
#                      events (its own waiting proposal fetched), ms
#   fleet_noop_ms      median of 5 syncs with nothing to send, ms
#   fleet_sync_cpu_ms, fleet_noop_cpu_ms
#                      the same, the CPU time kbsync (and the git gc
#                      --auto it runs) spent: what a loaded machine
#                      does not change, ms
#   fleet_lsremote_ms  median of 5 git ls-remote of the centre: what one
#                      connection and its advertisement cost by themselves
#   fleet_refs         refs the centre advertises to the office
#   fleet_adv_bytes    bytes of that advertisement (git ls-remote)
#   the same with _packed: the centre's refs packed (git pack-refs
#   --all), as the ones pushes leave loose are until the centre packs
#   them; with _open: packed, the centre not set up to hide other
#   offices' refs (every connection lists every ref)
#   day_kb_before_gc   with EVENTS (default 1000) events in SYNCS
#                      (default 32) syncs: the bytes of the office's
#                      usage objects at the centre, loose, per 1,000
#                      events, KB
#   day_kb_after_gc    the same after git gc at the centre, KB
#   day_events_ok      1 when the centre's usage ref holds EVENTS events,
#                      each once (else the measure is void)
#
# Everything is made again under WORK/fleet-OTHERS at each run (a few
# seconds).  Timing is wall clock around the whole kbsync process, and
# its CPU time (GNU time: the Debian package "time").
set -eu
kb=$1 kbsync=$2 others=$4 events=${5:-1000} syncs=${6:-32}
work=$(cd "$3" && pwd)/fleet-$others
export LC_ALL=C
# The bundled sample is the centre's KB (kb init finds it beside an
# installed kb, not beside a build in BUILD/<name>/).
KB_SAMPLE_DIR=${KB_SAMPLE_DIR:-$(cd "$(dirname "$0")/../../kb" && pwd)}
export KB_SAMPLE_DIR
warn() { echo "fleet-bench ($others): $*" >&2; }
now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

rm -rf "$work"
mkdir -p "$work"
central=$work/central.git
office=$work/office

# --- the centre: the sample KB, OTHERS usage refs, OTHERS decided
# proposals (each: the proposal commit, then the reviewer's rejection)
"$kb" init "$work/src" >/dev/null
git clone -q --bare "$work/src" "$central"
rm -rf "$work/src"
git -C "$central" config gc.auto 0
main=$(git -C "$central" rev-parse main)
line='{"uid":"%032x","time":"2026-11-25T10:00:00Z","kind":"use","agent":"Ann","office":"o%d","channel":"phone","answer":"dog-licence","version":null,"query":null,"hits":null,"reason":null,"sure":null,"undoes":null,"closes":null}'
awk -v n="$others" -v main="$main" -v line="$line" 'BEGIN {
	for (i = 1; i <= n; i++) {
		ev = sprintf(line, i, i) "\n"
		msg = sprintf("usage: 1 event from o%d, station s1\n\nKb-Office: o%d\nKb-Station: s1\nKb-Usage-Events: 1\nKb-Usage-Last: 1 %032x\n", i, i, i)
		printf "commit refs/kb/station-usage/o%d/s1\n", i
		printf "committer kbsync <kbsync@kb.invalid> 1800000000 +0000\n"
		printf "data %d\n%s", length(msg), msg
		printf "M 100644 inline 2026-11-25.jsonl\ndata %d\n%s\n", length(ev), ev
		b = sprintf("refs/heads/proposals/o%d/s1/ann/dog-licence-1", i)
		msg = "Simpler wording\n\nKb-Answer: dog-licence\n"
		text = sprintf("---\ntitle: License your dog or cat %d\n---\nAll pets.\n", i)
		printf "commit %s\ncommitter Ann <ann@kb.invalid> 1800000000 +0000\n", b
		printf "data %d\n%s", length(msg), msg
		printf "from %s\n", main
		printf "M 100644 inline answers/animals/dog-licence.md\ndata %d\n%s\n", length(text), text
		msg = "Rejected\n\nKb-Decision: rejected\nKb-Reason: Not clearer\n"
		printf "commit %s\ncommitter Rita <rita@kb.invalid> 1800000001 +0000\n", b
		printf "data %d\n%s\n", length(msg), msg
	}
}' | git -C "$central" fast-import --quiet
git -C "$central" repack -q -a -d

# --- a git daemon on 127.0.0.1, as the offices reach a centre.  With
# "hide", as kbsync(1) CENTRE SET-UP has the server set it for office
# "bench": the other offices' usage refs and proposals hidden from its
# connections (transfer.hideRefs, as its ssh forced command sets it).
port=""
daemon=""
url=""
stop_daemon() {
	[ -z "$daemon" ] || kill "$daemon" 2>/dev/null || :
	[ -z "$daemon" ] || wait "$daemon" 2>/dev/null || :
	daemon=""
}
trap stop_daemon EXIT
start_daemon() {
	if [ "$1" = hide ]; then
		set -- env GIT_CONFIG_COUNT=6 \
		    GIT_CONFIG_KEY_0=transfer.hideRefs \
		    GIT_CONFIG_VALUE_0=refs/heads/proposals/ \
		    GIT_CONFIG_KEY_1=transfer.hideRefs \
		    GIT_CONFIG_VALUE_1=refs/kb/station-usage/ \
		    GIT_CONFIG_KEY_2=transfer.hideRefs \
		    GIT_CONFIG_VALUE_2=refs/kb/usage/ \
		    GIT_CONFIG_KEY_3=transfer.hideRefs \
		    GIT_CONFIG_VALUE_3='!refs/heads/proposals/bench/' \
		    GIT_CONFIG_KEY_4=transfer.hideRefs \
		    GIT_CONFIG_VALUE_4='!refs/kb/station-usage/bench/' \
		    GIT_CONFIG_KEY_5=transfer.hideRefs \
		    GIT_CONFIG_VALUE_5='!refs/kb/usage/bench'
	else
		set --
	fi
	for try in 1 2 3; do
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
		"$@" git daemon --reuseaddr --listen=127.0.0.1 --port="$port" \
		    --base-path="$work" --export-all --enable=receive-pack \
		    </dev/null >>"$work/daemon.log" 2>&1 &
		daemon=$!
		i=0
		while [ $i -lt 100 ] && ! git ls-remote \
		    "git://127.0.0.1:$port/central.git" >/dev/null 2>&1; do
			sleep 0.05
			i=$((i + 1))
		done
		[ $i -lt 100 ] && break
		stop_daemon
	done
	[ -n "$daemon" ] || { warn "git daemon did not start"; exit 1; }
	url=git://127.0.0.1:$port/central.git
}

log_events() {
	_i=0
	while [ "$_i" -lt "$1" ]; do
		KB_NOW=2026-11-25T10:00:00 "$kb" --kb "$office" --agent Ann \
		    use dog-licence --channel phone >/dev/null
		_i=$((_i + 1))
	done
}

# One kbsync: "<wall ms> <cpu ms>" (user + system, its children's too:
# what the office's machine spends, whatever else runs), or "error".
timed() {
	sync
	if command time -f '%e %U %S' -o "$work/time.out" \
	    "$kbsync" --quiet --kb "$office" >&2; then
		awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' \
		    "$work/time.out"
	else
		warn "kbsync exited $?"
		echo error error
	fi
}

# measure SUFFIX: the connection alone (git ls-remote), then the office.
measure() {
	: >"$work/ls.times"
	for r in 1 2 3 4 5; do
		t0=$(now)
		git ls-remote "$url" >"$work/adv"
		t1=$(now)
		echo $(((t1 - t0) / 1000000)) >>"$work/ls.times"
	done
	echo "fleet_lsremote$1_ms $(median <"$work/ls.times")"
	echo "fleet_refs$1 $(wc -l <"$work/adv" | tr -d ' ')"
	# As on the wire: pkt-lines of "<id> <ref>\n".
	echo "fleet_adv_bytes$1 $(awk '{ n += 4 + length($0) + 1 } END { print n }' "$work/adv")"
	git -C "$office" config remote.origin.url "$url"
	: >"$work/sync.times"
	: >"$work/noop.times"
	for r in 1 2 3 4 5; do
		log_events 10
		timed >>"$work/sync.times"
		timed >>"$work/noop.times"
	done
	for m in sync noop; do
		if grep -q error "$work/$m.times"; then
			echo "fleet_$m$1_ms error"
			echo "fleet_$m$1_cpu_ms error"
		else
			echo "fleet_$m$1_ms $(cut -d' ' -f1 "$work/$m.times" | median)"
			echo "fleet_$m$1_cpu_ms $(cut -d' ' -f2 "$work/$m.times" | median)"
		fi
	done
}

# --- the office "bench": made, a proposal waiting, then timed syncs,
# with its centre set up as kbsync(1) says, then with every ref open
start_daemon hide
"$kb" --office bench init --station pc1 --remote "$url" --quiet "$office" \
    >/dev/null
git -C "$office" config gc.auto 0
sed 's/^All dogs and cats/Every dog and cat/' \
    "$office/answers/animals/dog-licence.md" >"$work/dog.md"
"$kb" --kb "$office" --agent Ann propose dog-licence --message "Bench" \
    --file "$work/dog.md" >/dev/null
"$kbsync" --quiet --kb "$office" || warn "the first kbsync exited $?"
measure ""
# A centre that packs its refs (git pack-refs --all, or git gc, from its
# cron): each push leaves the refs it moved loose again until then.
git -C "$central" pack-refs --all
measure _packed
stop_daemon
start_daemon open
measure _open
stop_daemon

# --- one office-day of usage: EVENTS events in SYNCS syncs, at the centre
day=$work/day
dcentral=$work/day.git
"$kb" init "$work/daysrc" >/dev/null
git clone -q --bare "$work/daysrc" "$dcentral"
rm -rf "$work/daysrc"
git -C "$dcentral" config gc.auto 0
git -C "$dcentral" config receive.unpackLimit 100000	# loose, as small pushes are
"$kb" --office day init --station pc1 --remote "$dcentral" --quiet "$day" \
    >/dev/null
git -C "$day" config gc.auto 0
office=$day
s=0
per=$((events / syncs))
while [ $s -lt "$syncs" ]; do
	n=$per
	[ $s -lt $((events % syncs)) ] && n=$((n + 1))
	log_events "$n"
	"$kbsync" --quiet --kb "$day" || warn "day sync $s exited $?"
	s=$((s + 1))
done
ref=refs/kb/station-usage/day/pc1
disk_kb() {
	git -C "$dcentral" rev-list --objects "$ref" | cut -d' ' -f1 |
	    git -C "$dcentral" cat-file --batch-check='%(objectsize:disk)' |
	    awk -v e="$events" '{ n += $1 } END { printf "%.1f\n", n / 1024 * 1000 / e }'
}
echo "day_kb_before_gc $(disk_kb)"
git -C "$dcentral" gc -q
echo "day_kb_after_gc $(disk_kb)"
got=$(git -C "$dcentral" rev-list --first-parent "$ref" | while read -r c; do
	git -C "$dcentral" ls-tree --name-only "$c" | while read -r f; do
		git -C "$dcentral" show "$c:$f"
	done
done | sed -n 's/^{"uid":"\([0-9a-f]*\)".*/\1/p' | sort | uniq | wc -l | tr -d ' ')
lines=$(git -C "$dcentral" rev-list --first-parent "$ref" | while read -r c; do
	git -C "$dcentral" ls-tree --name-only "$c" | while read -r f; do
		git -C "$dcentral" show "$c:$f"
	done
done | wc -l | tr -d ' ')
if [ "$got" -eq "$events" ] && [ "$lines" -eq "$events" ]; then
	echo "day_events_ok 1"
else
	warn "the centre holds $lines lines, $got distinct events, not $events"
	echo "day_events_ok 0"
fi
