#!/bin/sh
# Run tests and print one PASS/FAIL line each, then "N passed, M failed".
# Unit tests are programs; end-to-end tests are *-test.sh scripts, run
# with KB_BIN pointing at the built kb.  Logs are kept only for failures,
# in $BUILD/test-logs/ (or the folder --logs names).
#
# usage: tests/run.sh --build DIR [--valgrind] [--logs DIR] TEST...
#            the tests one after the other, then the count
#        tests/run.sh --build DIR [--valgrind] [--logs DIR] --result FILE TEST
#            one test: its line (and a failure's log tail) printed and
#            kept in FILE; exits 0 whether the test passed or not, so
#            that make runs every test (`make -j2 test`: two at a time)
#        tests/run.sh --summary FILE...
#            the count over those result files, the failures' lines
#            again above it; exits 1 if a test failed or left no result
set -u

build=build
valgrind=""
logs=""
result=""
summary=""
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--valgrind) valgrind="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$(dirname "$0")/valgrind.supp"; shift ;;
	--logs) logs=$2; shift 2 ;;
	--result) result=$2; shift 2 ;;
	--summary) summary=1; shift ;;
	*) break ;;
	esac
done

# --summary FILE...: count what the result files say.
if [ -n "$summary" ]; then
	passed=0
	failed=0
	failures=""
	for f in "$@"; do
		line=$(sed -n 1p "$f" 2>/dev/null)
		case "$line" in
		"PASS  "*) passed=$((passed + 1)) ;;
		*)
			failed=$((failed + 1))
			[ -n "$line" ] || line="FAIL  $f  (no result)"
			failures="$failures$line
"
			;;
		esac
	done
	printf '%s' "$failures"
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
fi

top=$(cd "$(dirname "$0")/.." && pwd)
case "$logs" in
"") logs="$top/$build/test-logs" ;;
/*) ;;
*) logs="$top/$logs" ;;
esac
# A whole run starts with no logs; one test of a run leaves the others'.
[ -n "$result" ] || rm -rf "$logs"
mkdir -p "$logs"
export KB_BIN="$top/$build/kb"
export KB_TOP="$top"
export KB_SAMPLE_DIR="$top/kb"
# Sanitizer runs: fail on the first report, and leaks count.
# (tests/lsan.supp: a leak inside Debian's libgit2, not kb's.)
export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

# run_one TEST OUT: run TEST; write its PASS or FAIL line, and a failure's
# log tail, to OUT.  Returns 0 if it passed.
run_one() {
	t=$1
	out=$2
	name=$(basename "$t" .sh)
	case "$t" in
	*/e2e/*) name="$(basename "$(dirname "$t")")/$name" ;;
	esac
	log="$logs/$(echo "$name" | tr / _).log"
	start=$(date +%s)
	case "$t" in
	*.sh) sh "$t" >"$log" 2>&1 ;;
	*) $valgrind "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc -eq 0 ]; then
		printf 'PASS  %-40s %3ds\n' "$name" "$secs" >"$out"
		rm -f "$log"
		return 0
	fi
	{
		printf 'FAIL  %-40s %3ds  (exit %d, log: %s)\n' "$name" "$secs" \
		    "$rc" "${log#"$top"/}"
		tail -n 20 "$log" | sed 's/^/      /'
	} >"$out"
	return 1
}

# --result FILE TEST: one test, kept in FILE.  Printed in one piece once
# it is over, so that tests run side by side do not mix their lines.
if [ -n "$result" ]; then
	[ $# -eq 1 ] || { echo "usage: $0 --result FILE TEST" >&2; exit 2; }
	mkdir -p "$(dirname "$result")"
	rm -f "$result"
	run_one "$1" "$result.tmp"
	mv "$result.tmp" "$result" && cat "$result"
	exit
fi

out="$logs/.last-result"
passed=0
failed=0
for t in "$@"; do
	if run_one "$t" "$out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	cat "$out"
done
rm -f "$out"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
