#!/bin/sh
# Run tests and print one PASS/FAIL line each, then "N passed, M failed".
# Unit tests are programs; end-to-end tests are *-test.sh scripts, run
# with KB_BIN pointing at the built kb.  Logs are kept only for failures,
# in $BUILD/test-logs/.
#
# usage: tests/run.sh --build DIR [--valgrind] TEST...
set -u

build=build
valgrind=""
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--valgrind) valgrind="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$(dirname "$0")/valgrind.supp"; shift ;;
	*) break ;;
	esac
done

top=$(cd "$(dirname "$0")/.." && pwd)
logs="$top/$build/test-logs"
rm -rf "$logs"
mkdir -p "$logs"
export KB_BIN="$top/$build/kb"
export KB_TOP="$top"
export KB_SAMPLE_DIR="$top/kb"
# Sanitizer runs: fail on the first report, and leaks count.
# (tests/lsan.supp: a leak inside Debian's libgit2, not kb's.)
export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1"
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

passed=0
failed=0
for t in "$@"; do
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
		passed=$((passed + 1))
		printf 'PASS  %-40s %3ds\n' "$name" "$secs"
		rm -f "$log"
	else
		failed=$((failed + 1))
		printf 'FAIL  %-40s %3ds  (exit %d, log: %s)\n' "$name" "$secs" \
		    "$rc" "${log#$top/}"
		tail -n 20 "$log" | sed 's/^/      /'
	fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
