#!/bin/sh
# kill -9 of kb approve at any moment never leaves main moved with the
# work tree and the git index behind: approve journals the move, and the
# next command that writes (here kb index) finishes it.  After each kill
# main, the git index and the work tree agree, and the next approval
# works.  Half the kills land at a random moment of the approval, half
# as soon as main's ref file changes (while the work tree and the git
# index, made slow to write by thousands of other files, follow); the
# checks hold wherever a kill lands.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/zoo.sh"

ROUNDS=${KB_KILL_ROUNDS:-30}
k=$tmp/kb
zoo_kb "$k" </dev/null
export KB_DIR="$k"
mkdir -p "$k/files"
awk -v dir="$k/files" 'BEGIN { for (i = 0; i < 3000; i++)
    printf "file %d\n", i > (dir "/f" i ".txt") }'
commit "$k" "Other files, a big git index"

now_ms() {
	echo $(( $(date +%s%N) / 1000000 ))
}

# The KB is consistent: no change staged or unstaged, main checked out.
expect_consistent() {
	expect_eq "" "$(git -C "$k" status --porcelain)" "git status after $1"
	expect_eq "" "$(git -C "$k" diff HEAD)" "git diff HEAD after $1"
	expect_eq "refs/heads/main" "$(git -C "$k" symbolic-ref HEAD)" \
	    "HEAD after $1"
}

# Kill $pid once refs/heads/main is no longer $1 (or after a bounded
# number of looks: the approval may end without moving it).
kill_when_main_moves() {
	_n=0
	while [ "$_n" -lt 200000 ]; do
		read -r _now <"$k/.git/refs/heads/main" 2>/dev/null || _now=$1
		[ "$_now" = "$1" ] || break
		_n=$((_n + 1))
	done
	kill -9 "$pid" 2>/dev/null || true
}

# How long one approval takes here, to spread the kills over it.
propose_walrus "Alice Agent" "Calibration" calibration
start=$(now_ms)
expect_status 0 kb approve "$out"
span=$(( $(now_ms) - start + 5 ))
note "one approval takes about $span ms; $ROUNDS kills within that"

i=0
merged=0
behind=0
while [ "$i" -lt "$ROUNDS" ]; do
	i=$((i + 1))
	propose_walrus "Alice Agent" "Round $i" "food$i"
	branch=$out
	delay=$(awk -v i="$i" -v span="$span" \
	    'BEGIN { srand(i * 7919); printf "%.3f", rand() * span / 1000 }')s
	old=$(git -C "$k" rev-parse main)
	# The process itself, not a shell function's subshell.
	"$KB_BIN" approve "$branch" >/dev/null 2>&1 &
	pid=$!
	if [ $((i % 2)) -eq 0 ]; then
		delay="main moved"
		kill_when_main_moves "$old"
	else
		sleep "${delay%s}"
		kill -9 "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
	[ -z "$(git -C "$k" status --porcelain)" ] || behind=$((behind + 1))

	expect_status 0 kb index --quiet
	expect_consistent "kill $i ($delay) and kb index"
	if git -C "$k" merge-base --is-ancestor "$branch" main; then
		merged=$((merged + 1))
		expect_status 0 kb show walrus-feeding
		expect_contains "$out" "food$i" "the killed approval's text"
	else
		expect_status 0 kb approve "$branch"
		expect_consistent "approving again after kill $i"
	fi
	expect_eq "$(walrus_text "food$i")" \
	    "$(cat "$k/answers/zoo/walrus-feeding.md")" "the work tree's answer"
done
note "$merged of $ROUNDS killed approvals had merged; $behind left the work tree behind main until kb index"

propose_walrus "Alice Agent" "After the kills" squid
expect_status 0 kb approve "$out"
expect_consistent "the last approval"
expect_status 0 kb search squid
expect_eq "walrus-feeding${TAB}Walrus feeding times" "$out" "searchable"

exit 0
