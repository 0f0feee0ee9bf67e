#!/bin/sh
# make bench: generate synthetic KBs of 10,000 and 100,000 answers (in
# topic folders and flat), measure kb beside the references, print one
# table.  Generated repositories are kept in BUILD/bench for the next run.
# kbsync is measured by sync-bench.sh, against a central bare repository
# made from the topic-folder KB.
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
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
