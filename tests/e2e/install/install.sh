# install.sh: what the install tests share; sourced after lib.sh.
#
#   kb_make TARGET [VAR=VALUE...]
#                 make in $KB_TOP with the build of the kb under test
#                 (the folder of $KB_BIN, so its objects are reused), its
#                 output in $out and $err; fails the test if make fails.
#                 A sanitizer build is linked with the same sanitizers.
#                 Sourcing this file fails the test when that build is
#                 older than its sources: these tests compile none of it.
#   version       the version the kb under test prints (kb --version)
#   sample_count  the number of answers of the bundled sample
#   expect_no_placeholder FILE...
#                 no @NAME@ left by the install's substitutions

bin_dir=$(cd "$(dirname "$KB_BIN")" && pwd -P)
top_real=$(cd "$KB_TOP" && pwd -P)
case "$bin_dir" in
"$top_real"/*) build=${bin_dir#"$top_real"/} ;;
*) build=$bin_dir ;;
esac

# The objects of build/x-san are built with sanitizers; a binary linked
# from them without the sanitizer's run-time library does not link.
san_flags=""
for lib in $(readelf -d "$KB_BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
	case "$lib" in
	libasan.*) san_flags="$san_flags${san_flags:+,}address" ;;
	libubsan.*) san_flags="$san_flags${san_flags:+,}undefined" ;;
	esac
done

# A make run by `make test` must not take the parent's flags or jobs.
_make() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$KB_TOP" \
	    --no-print-directory BUILD="$build" "$@"
}

# These tests install and package the build under test: they must not
# compile it again, from sources changed since, with other flags.
_make -q "$build/kb" "$build/kbsync" >/dev/null 2>&1 ||
    fail "the build in $build is older than its sources: make BUILD=$build"

kb_make() {
	_target=$1
	shift
	set -- _make "$_target" "$@"
	if [ -n "$san_flags" ]; then
		set -- "$@" CFLAGS="-g -O1 -fsanitize=$san_flags" \
		    LDFLAGS="-fsanitize=$san_flags"
	fi
	expect_status 0 "$@"
}

version=$("$KB_BIN" --version | sed 's/^kb //')
sample_count=$(find "$KB_TOP/kb/answers" -type f -name '*.md' | wc -l |
    tr -d ' ')
[ "$sample_count" -gt 0 ] || fail "test setup: no answers in $KB_TOP/kb"

expect_no_placeholder() {
	for _f in "$@"; do
		[ -f "$_f" ] || fail "missing $_f"
		! grep -n '@[A-Z_]*@' "$_f" >&2 ||
		    fail "$_f: a placeholder was not substituted"
	done
}
