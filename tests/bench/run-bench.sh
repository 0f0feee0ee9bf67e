#!/bin/sh
# make bench: generate synthetic KBs of 10,000 and 100,000 answers (in
# topic folders and flat), measure kb beside the references, print one
# table.  Generated repositories are kept in BUILD/bench for the next run.
# kbsync is measured by sync-bench.sh, against a central bare repository
# made from the topic-folder KB, and by fleet-bench.sh against a centre of
# many offices (issue 18).  report-bench.sh measures the centre's
# kb report --all-offices over a month with 1M and 5M events of history.
#
# usage: tests/bench/run-bench.sh BUILD [SIZES...]
set -eu
build=$1
shift
sizes=${*:-10000 100000}
gen=$build/tests/gen_kb
bench=$build/tests/bench
bench_tui=$build/tests/bench_tui
kb=$(cd "$(dirname "$build/kb")" && pwd)/kb
kbsync=$(cd "$(dirname "$build/kbsync")" && pwd)/kbsync
work=$build/bench
mkdir -p "$work"
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LANG=C.UTF-8
export GIT_CONFIG_GLOBAL="$work/gitconfig"
mkdir -p "$HOME"
: > "$GIT_CONFIG_GLOBAL"

# A KB repository from the generator, made once per size and layout.
make_kb() {
	n=$1 layout=$2 dir="$work/kb-$1-$2"
	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		git init -q -b main "$dir"
		"$gen" --count "$n" --layout "$layout" --changes 10 \
		    --queries "$work/queries.txt" | git -C "$dir" fast-import --quiet
		git -C "$dir" branch -f bench-base main~1
		touch "$dir/.done"
	fi
	echo "$dir"
}

results=$work/results.txt
: > "$results"
for n in $sizes; do
	echo "bench: $n answers..." >&2
	dir=$(make_kb "$n" folders)
	flat=$(make_kb "$n" flat)
	"$bench" build "$dir" "$work/bare-$n.db" | sed "s/^/$n /" >> "$results"
	"$bench" type "$dir" "$work/queries.txt" "$work/bare-$n.db" |
	    sed "s/^/$n /" >> "$results"
	"$bench_tui" "$dir" "$work/queries.txt" 130 40 |
	    sed "s/^/$n tui_/" >> "$results"
	"$kb" --kb "$dir" index --quiet
	# Let the writeback of the files just built finish: it competes with
	# the short processes measured next.
	sync
	"$bench" oneshot "$kb" "$dir" "$work/queries.txt" |
	    sed "s/^/$n /" >> "$results"
	"$gen" --count "$n" --emails "$work/emails-$n.txt"
	"$bench" email "$kb" "$dir" "$work/emails-$n.txt" |
	    sed "s/^/$n /" >> "$results"
	"$bench" update "$dir" | sed "s/^/$n folders_/" >> "$results"
	"$bench" events "$dir" | sed "s/^/$n /" >> "$results"
	"$bench" update "$flat" | sed "s/^/$n flat_/" >> "$results"
	"$(dirname "$0")/sync-bench.sh" "$kb" "$kbsync" "$work" "$n" "$dir" |
	    sed "s/^/$n /" >> "$results"
done
# The centre's report over a month, at 1M and 5M events of history in
# offices.db (made with SQL), and a heavy month (3M events of 4M), with
# the first size's KB: report-bench.sh.
"$(dirname "$0")/report-bench.sh" "$kb" "$work" \
    "$(make_kb "${sizes%% *}" folders)" 1000000 5000000 4000000@100000 |
    sed "s/^/centre /" >> "$results"
# The fleet (issue 18): one office against a centre holding 50, then
# 1,000 other offices and as many decided proposals.
for others in 50 1000; do
	echo "bench: a centre with $others other offices..." >&2
	"$(dirname "$0")/fleet-bench.sh" "$kb" "$kbsync" "$work" "$others" |
	    sed "s/^/fleet$others /" >> "$results"
done

val() { awk -v n="$1" -v k="$2" '$1 == n && $2 == k { print $3 }' "$results"; }

printf '\n%-44s %12s %12s   %s\n' "measure" "10,000" "100,000" "target at 100,000"
row() {
	printf '%-44s %12s %12s   %s\n' "$1" "$(val 10000 "$2")" "$(val 100000 "$2")" "$3"
}
row "full index build, answers/s (best of 3)" build_rate ">= 0.8 x bare"
row "  bare FTS5 table, answers/s (best of 3)" bare_rate ""
row "  the same, medians: kb" build_rate_median ""
row "  the same, medians: bare FTS5" bare_rate_median ""
row "kb index after 10 changes, topic folders, ms" folders_update_ms "< 50"
row "  git_diff_tree_to_tree alone, ms" folders_diff_ms ""
row "kb index after 10 changes, flat, ms" flat_update_ms ""
row "  git_diff_tree_to_tree alone, ms" flat_diff_ms ""
row "as-you-type p50, ms (top 50 + snippets)" type_p50 ""
row "as-you-type p99, ms" type_p99 "< 16"
row "  naive ranked FTS5 query p50, ms" naive_p50 ""
row "  naive ranked FTS5 query p99, ms" naive_p99 ""
row "TUI keystroke-to-frame p50, ms (130x40)" tui_frame_p50 ""
row "TUI keystroke-to-frame p99, ms" tui_frame_p99 "< 16"
row "one-shot kb search p50, ms" oneshot_p50 "< 10"
row "one-shot kb search p99, ms" oneshot_p99 ""
row "peak RSS of kb search, MiB" rss_mib "< 64"
row "pasted 300-word email, kb search p50, ms" email_p50 ""
row "pasted 300-word email, kb search p99, ms" email_p99 "< 50"
row "  the same in-process (the screen), p50, ms" email_lib_p50 ""
row "  the same in-process (the screen), p99, ms" email_lib_p99 "< 16"
row "usage events logged/s, one process" events_one ""
row "usage events logged/s, 8 processes at once" events_eight ""
row "kbsync, 100 changed answers, s (median of 3)" sync_s "< 2"
row "  the slowest of the 3, s" sync_max_s ""
row "kbsync, nothing to do, s (median of 3)" noop_s ""
row "  office set-up: kb init --remote, s (once)" init_s ""
row "keystrokes measured" keystrokes ""
printf '\n%-44s %12s %12s   %s\n' "kb report --all-offices, one month" \
    "1M history" "5M history" "target"
crow() {
	printf '%-44s %12s %12s   %s\n' "$1" "$(val centre "report_1m_$2")" \
	    "$(val centre "report_5m_$2")" "$3"
}
crow "the report, s (median of 3)" s "< 5 each, not growing"
crow "  kb import with nothing new, s" import_s ""
crow "  events in the month" month ""
printf '%-44s %12s %12s   %s\n' "a month of 3M events (100,000 a day), s" \
    "$(val centre report_4m_100k_s)" "(4M history)" ""

printf '\n%-52s %9s %9s   %s\n' "measure (fleet-bench.sh: one office, sample KB)" \
    "50 others" "1,000" "target at 1,000"
frow() {
	printf '%-52s %9s %9s   %s\n' "$1" "$(val fleet50 "$2")" \
	    "$(val fleet1000 "$2")" "$3"
}
frow "refs loose: kbsync sending 10 events, ms (median 5)" fleet_sync_ms ""
frow "  kbsync's CPU, ms" fleet_sync_cpu_ms ""
frow "  git ls-remote alone, ms" fleet_lsremote_ms ""
frow "kbsync with nothing to send, ms (median of 5)" fleet_noop_ms ""
frow "refs advertised to the office" fleet_refs "flat"
frow "  bytes of that advertisement" fleet_adv_bytes ""
frow "centre's refs packed: kbsync sending 10, ms" fleet_sync_packed_ms "< 100, flat"
frow "  kbsync with nothing to send, ms" fleet_noop_packed_ms ""
frow "  git ls-remote alone, ms" fleet_lsremote_packed_ms ""
frow "packed, not hiding others' refs: kbsync, ms" fleet_sync_open_ms ""
frow "  kbsync's CPU, ms" fleet_sync_open_cpu_ms ""
frow "  refs advertised to the office" fleet_refs_open ""
frow "  bytes of that advertisement" fleet_adv_bytes_open ""
frow "usage at the centre, KB per 1,000 events (32 syncs)" day_kb_before_gc ""
frow "  the same after git gc, KB" day_kb_after_gc "< 100"
frow "  every event there once (1: yes)" day_events_ok "1"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
