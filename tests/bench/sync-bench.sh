#!/bin/sh
# make bench, kbsync part: a field office's KB kept in step with a central
# bare repository made from a generated KB.  Each measured sync brings one
# commit that changes 100 answers, then one with nothing to do.
#
# usage: tests/bench/sync-bench.sh KB KBSYNC WORK N SOURCE_KB
#
# Prints "name value" lines for run-bench.sh:
#   sync_s        median of 3 syncs bringing 100 changed answers, s
#   sync_max_s    the slowest of the 3, s
#   noop_s        median of 3 syncs with nothing to do, s
#   init_s        kb init --remote when the office was made (cached), s
#
# The central repository and the office are made once (WORK/central-N.git,
# WORK/office-N, .done markers) and reset to the generated KB before each
# run: refs back to its main, the objects added since they were made
# deleted, the index updated back.  Timing is wall clock around the whole
# kbsync process; a sync that fails or leaves the office other than the
# centre is said on stderr and reported as "error".
set -eu
kb=$1 kbsync=$2 n=$4
work=$(cd "$3" && pwd)	# absolute: the office records the centre's path
src=$(cd "$5" && pwd)
central=$work/central-$n.git
office=$work/office-$n
words="quokka narwhal axolotl"	# one round each; in no generated answer
export LC_ALL=C

warn() { echo "sync-bench ($n): $*" >&2; }
now() { date +%s%N; }

# The files under GITDIR/objects now: what a reset keeps.
snapshot() { (cd "$1/objects" && find . -type f ! -path './info/*' | sort); }

# Delete the objects written since the snapshot (only unreachable ones once
# the refs are back at the base), so repeated runs start alike.
drop_new_objects() {
	snapshot "$1" | comm -13 "$2" - | (cd "$1/objects" && xargs -r rm -f)
}

base=$(git -C "$src" rev-parse main)

if [ ! -f "$central/.done" ] || [ ! -f "$office/.done" ]; then
	echo "bench: $n answers: making the centre and an office..." >&2
	rm -rf "$central" "$office"
	git clone -q --bare --single-branch --branch main "$src" "$central"
	git -C "$central" config gc.auto 0
	snapshot "$central" > "$central/objects.list"
	t0=$(now)
	"$kb" --office bench init --remote "$central" --quiet "$office" \
	    > /dev/null
	t1=$(now)
	git -C "$office" config gc.auto 0
	git -C "$office" config maintenance.auto false
	snapshot "$office/.git" > "$office/.git/objects.list"
	awk -v t="$((t1 - t0))" 'BEGIN { printf "%.2f\n", t / 1e9 }' \
	    > "$office/.git/init-seconds"
	touch "$central/.done" "$office/.done"
fi

# --- reset both to the generated KB's main ---------------------------
git -C "$central" for-each-ref --format='%(refname)' |
    grep -v '^refs/heads/main$' | while read -r ref; do
	git -C "$central" update-ref -d "$ref"
done
git -C "$central" update-ref refs/heads/main "$base"
drop_new_objects "$central" "$central/objects.list"

if [ "$(git -C "$office" rev-parse main)" != "$base" ]; then
	git -C "$office" reset -q --hard "$base"
fi
git -C "$office" for-each-ref --format='%(refname)' 'refs/kb/' |
    while read -r ref; do
	git -C "$office" update-ref -d "$ref"
done
git -C "$office" update-ref refs/remotes/origin/main "$base"
git -C "$office" reflog expire --expire=all --all
drop_new_objects "$office/.git" "$office/.git/objects.list"
"$kb" --kb "$office" index --quiet
if [ -n "$(git -C "$office" status --porcelain --untracked-files=no)" ]; then
	warn "the office's work tree is not clean after the reset"
fi

# --- one commit at the centre changing 100 answers -------------------
# Round r takes every (4 x step)th answer from the r-th on, so rounds change
# different answers; each gets a sentence with the round's word in its
# first paragraph (front matter untouched).
change_100() {
	r=$1 word=$2 tmp=$work/sync-$n.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	git -C "$central" ls-tree -r main answers/ > "$tmp/all"
	step=$(($(wc -l < "$tmp/all") / 400))
	[ "$step" -ge 1 ] || step=1
	awk -v s=$((4 * step)) -v r="$r" '(NR - 1) % s == r' "$tmp/all" |
	    head -100 > "$tmp/pick"
	msg="Change 100 answers (bench round $r)"
	{
		echo "commit refs/heads/main"
		echo "committer Bench <bench@example.org> $((1800000000 + r)) +0000"
		echo "data ${#msg}"
		echo "$msg"
		echo "from refs/heads/main^0"
		while read -r mode _type oid path; do
			git -C "$central" cat-file blob "$oid" |
			    awk -v w="$word" '
				d == 2 && !done && $0 != "" {
					$0 = $0 " Since the update, ask for the " w " form."
					done = 1
				}
				$0 == "---" { d++ }
				{ print }' > "$tmp/f"
			printf 'M %s inline %s\ndata %s\n' "$mode" "$path" \
			    "$(wc -c < "$tmp/f")"
			cat "$tmp/f"
			echo
		done < "$tmp/pick"
	} | git -C "$central" fast-import --quiet
	cut -f2 "$tmp/pick" > "$tmp/paths"
}

# One timed kbsync; its seconds on stdout, or "error".
timed_sync() {
	sync	# writeback of what the setup wrote competes with the sync
	t0=$(now)
	if "$kbsync" --quiet --kb "$office" >&2; then
		t1=$(now)
		awk -v t="$((t1 - t0))" 'BEGIN { printf "%.3f\n", t / 1e9 }'
	else
		warn "kbsync exited $?"
		echo error
	fi
}

same_main() {
	[ "$(git -C "$office" rev-parse main)" = \
	    "$(git -C "$central" rev-parse main)" ] ||
	    { warn "the office's main is not the centre's"; return 1; }
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > "$work/sync-$n.times"
r=0
for word in $words; do
	r=$((r + 1))
	change_100 "$r" "$word"
	s=$(timed_sync)
	if same_main; then
		found=$("$kb" --kb "$office" search --limit 1000 "$word" | wc -l)
		[ "$found" -eq 100 ] ||
		    warn "kb search $word finds $found answers, not 100"
		inwork=$(cd "$office" && xargs grep -l -w "$word" \
		    < "$work/sync-$n.tmp/paths" | wc -l)
		[ "$inwork" -eq 100 ] ||
		    warn "$inwork of the 100 changed files are in the work tree"
	else
		s=error
	fi
	echo "$s" >> "$work/sync-$n.times"
done
rm -rf "$work/sync-$n.tmp"
if grep -q error "$work/sync-$n.times"; then
	echo "sync_s error"
	echo "sync_max_s error"
else
	echo "sync_s $(median < "$work/sync-$n.times")"
	echo "sync_max_s $(sort -n "$work/sync-$n.times" | tail -1)"
fi

: > "$work/sync-$n.times"
for r in 1 2 3; do
	timed_sync >> "$work/sync-$n.times"
done
if grep -q error "$work/sync-$n.times"; then
	echo "noop_s error"
else
	echo "noop_s $(median < "$work/sync-$n.times")"
fi
rm -f "$work/sync-$n.times"
echo "init_s $(cat "$office/.git/init-seconds")"
