# lib.sh: sourced by every tests/e2e/*/*-test.sh script.
#
# Gives each test a private, isolated environment and a few helpers.  The
# runner (tests/run.sh) exports KB_BIN, KB_TOP and KB_SAMPLE_DIR; when a
# test is run by hand from the repository root they default to the build.
#
#   kb ARGS...                  run the kb under test
#   kbsync ARGS...              run the kbsync under test ($KBSYNC_BIN,
#                               by default beside $KB_BIN)
#   fail MSG                    print "FAIL: MSG" on stderr and exit 1
#   note MSG                    print a progress line on stderr
#   expect_eq WANT GOT WHAT     exact comparison
#   expect_contains HAY NEEDLE WHAT / expect_not_contains HAY NEEDLE WHAT
#   expect_match HAY ERE WHAT   some line of HAY matches the extended regex
#   expect_status N CMD...      run CMD (output kept in $out, $err), check
#                               its exit status is N
#   expect_no_diag WHAT         $err has no message from kb (no "kb..." line,
#                               no error or warning); other stderr noise is
#                               tolerated, as the contract does not cover it
#   make_kb DIR                 git init -b main, answers from here-docs on
#                               stdin (see below), git commit; plain git only
#   write_answer DIR PATH TITLE BODY...   write DIR/answers/PATH (.md added
#                               if missing) with a complete front matter
#   commit DIR MSG              git add -A && git commit in DIR
#   sample_kb DIR               a copy of the bundled sample KB (kb init)
#   at_exit CMD                 run CMD however the test ends
#   small_disk DIR SIZE         a tmpfs of SIZE (mount's size=) at DIR,
#                               unmounted at the end; needs root: without
#                               it the test says so and passes (exit 0)
#
# make_kb reads its answers from standard input: each file starts with a
# line "=== answers/path.md" followed by its exact content, e.g.
#
#   make_kb "$tmp/kb" <<'EOF'
#   === answers/a/walrus.md
#   ---
#   title: Walrus
#   ---
#   Text.
#   EOF

set -eu

: "${KB_TOP:=$(cd "$(dirname "$0")/../../.." && pwd)}"
: "${KB_BIN:=$KB_TOP/build/kb}"
: "${KB_SAMPLE_DIR:=$KB_TOP/kb}"
: "${KBSYNC_BIN:=$(dirname "$KB_BIN")/kbsync}"
export KB_TOP KB_BIN KB_SAMPLE_DIR KBSYNC_BIN

[ -x "$KB_BIN" ] || { echo "FAIL: no kb binary at $KB_BIN (run make)" >&2; exit 1; }
command -v git >/dev/null 2>&1 || { echo "FAIL: git is needed" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kb-e2e.XXXXXX")
tmp=$(cd "$tmp" && pwd -P)
# at_exit CMD: run the shell text CMD when the test ends, however it
# ends, before $tmp goes (the last added runs first).
_at_exit=:
at_exit() { _at_exit="$1; $_at_exit"; }
trap 'rc=$?; eval "$_at_exit" || true; rm -rf "$tmp"; exit $rc' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# --- isolation: nothing from the user's home, git config or locale --------
export HOME="$tmp/home"
# Not the defaults under $HOME, so that a test can tell them apart.
export XDG_CONFIG_HOME="$tmp/xdg/config"
export XDG_DATA_HOME="$tmp/xdg/data"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL="$tmp/gitconfig"
: >"$GIT_CONFIG_GLOBAL"
git config --global user.name "E2E Tester"
git config --global user.email "e2e@example.invalid"
git config --global init.defaultBranch main
git config --global commit.gpgsign false
git config --global core.autocrlf false
git config --global advice.detachedHead false
# libgit2 (inside kb) does not read $GIT_CONFIG_GLOBAL but ~/.gitconfig.
ln -s "$GIT_CONFIG_GLOBAL" "$HOME/.gitconfig"
export TZ=UTC
export LANG=C.UTF-8
unset LC_ALL LANGUAGE KB_DIR KB_AGENT KB_NOW NO_COLOR GIT_DIR GIT_WORK_TREE \
    GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_CEILING_DIRECTORIES \
    GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL \
    EMAIL 2>/dev/null || true
# git (and kb finding its KB) never looks above $tmp: a test's repository
# that failed to be made must not turn into the repository the tests run
# from (a TMPDIR inside a checkout once had `git branch -m` rename its main).
export GIT_CEILING_DIRECTORIES="$tmp"
# Fixed dates: the same commands make the same commits.
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z"
export GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"

TAB=$(printf '\t')
NL='
'

# --- helpers ----------------------------------------------------------------

kb() {
	"$KB_BIN" "$@"
}

kbsync() {
	"$KBSYNC_BIN" "$@"
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

note() {
	echo "-- $*" >&2
}

# Show a value readably in a failure message.
_show() {
	printf '%s' "$1" | sed -n '1,40{s/^/    | /;p}'
}

expect_eq() {
	if [ "$1" != "$2" ]; then
		echo "FAIL: $3" >&2
		echo "  want:" >&2; _show "$1" >&2; echo >&2
		echo "  got:" >&2; _show "$2" >&2; echo >&2
		exit 1
	fi
}

expect_contains() {
	case "$1" in
	*"$2"*) ;;
	*)
		echo "FAIL: $3: missing '$2' in:" >&2
		_show "$1" >&2; echo >&2
		exit 1 ;;
	esac
}

expect_not_contains() {
	case "$1" in
	*"$2"*)
		echo "FAIL: $3: unexpected '$2' in:" >&2
		_show "$1" >&2; echo >&2
		exit 1 ;;
	esac
}

expect_match() {
	if ! printf '%s\n' "$1" | grep -Eq -- "$2"; then
		echo "FAIL: $3: no line matches /$2/ in:" >&2
		_show "$1" >&2; echo >&2
		exit 1
	fi
}

# Run a command, keeping its stdout in $out and stderr in $err (without
# the trailing newlines, as $(...) would), and check its exit status.
expect_status() {
	_want=$1
	shift
	_rc=0
	"$@" >"$tmp/.out" 2>"$tmp/.err" || _rc=$?
	out=$(cat "$tmp/.out")
	err=$(cat "$tmp/.err")
	if [ "$_rc" != "$_want" ]; then
		echo "FAIL: '$*' exited $_rc, want $_want" >&2
		echo "  stdout:" >&2; _show "$out" >&2; echo >&2
		echo "  stderr:" >&2; _show "$err" >&2; echo >&2
		exit 1
	fi
}

# expect_check_diag OUTPUT PATH LINE ERE: kb check's OUTPUT has a line
# PATH:LINE: followed by ERE (e.g. "error: missing title").
expect_check_diag() {
	_lines=$(printf '%s\n' "$1" | grep -F "$2:" || true)
	[ -n "$_lines" ] || fail "kb check says nothing about $2; output: $1"
	printf '%s\n' "$_lines" |
	    grep -Eq "^$(printf '%s' "$2" | sed 's/[.]/[.]/g'):$3: $4" ||
	    fail "kb check on $2: want '$2:$3: $4...', got: $_lines"
}

# expect_only_check_diag OUTPUT PATH LINE ERE: the same, and it is the
# only line about PATH.
expect_only_check_diag() {
	expect_check_diag "$@"
	expect_eq 1 "$(printf '%s\n' "$1" | grep -cF "$2:")" \
	    "one diagnostic for $2"
}

expect_no_diag() {
	if printf '%s\n' "$err" | grep -Eiq '^kb|error|warning'; then
		echo "FAIL: $1: a message on stderr:" >&2
		_show "$err" >&2; echo >&2
		exit 1
	fi
}

# The ids printed by a plain `kb search` ($1: its output), one per line.
ids_of() {
	printf '%s\n' "$1" | cut -f1 | sed '/^$/d'
}

commit() {
	git -C "$1" add -A
	git -C "$1" commit -q -m "$2"
}

# make_kb DIR < spec: see the top of this file.
make_kb() {
	_dir=$1
	mkdir -p "$_dir"
	git -C "$_dir" init -q -b main
	_file=""
	while IFS= read -r _line || [ -n "$_line" ]; do
		case "$_line" in
		"=== "*)
			_file="$_dir/${_line#=== }"
			mkdir -p "$(dirname "$_file")"
			: >"$_file"
			;;
		*)
			[ -n "$_file" ] || fail "make_kb: content before a '=== path' line"
			printf '%s\n' "$_line" >>"$_file"
			;;
		esac
	done
	commit "$_dir" "Initial answers"
}

# write_answer DIR PATH TITLE BODY...: every BODY argument is one line.
# The front matter is complete (tags and related are given) so that only
# what a test means to exercise is unusual.  The id is the file name.
write_answer() {
	_dir=$1 _path=$2 _title=$3
	shift 3
	case "$_path" in *.md) ;; *) _path="$_path.md" ;; esac
	_id=$(basename "$_path" .md)
	mkdir -p "$(dirname "$_dir/answers/$_path")"
	{
		echo "---"
		echo "title: $_title"
		echo "tags: e2e, ${WA_TAGS:-general}"
		echo "audience: public"
		echo "lang: ${WA_LANG:-en}"
		echo "review-by: 2099-12-31"
		echo "owner: e2e-team"
		echo "standard: Answered the same day"
		echo "related: ${WA_RELATED:-$_id}"
		echo "---"
		for _l in "$@"; do
			printf '%s\n' "$_l"
		done
	} >"$_dir/answers/$_path"
}

# A fresh copy of the bundled sample KB, without its notices: they have
# real dates, and a test's screen or output must not depend on the day it
# runs.  Tests of notices write their own, with KB_NOW set.
sample_kb() {
	kb init "$1" >/dev/null
	if [ -d "$1/notices" ]; then
		git -C "$1" rm -rq notices
		git -C "$1" commit -qm "Tests: no dated notices"
	fi
}

# Are there tools to validate JSON?
json_valid() {
	if command -v python3 >/dev/null 2>&1; then
		printf '%s' "$1" | python3 -m json.tool >/dev/null 2>&1
	elif command -v jq >/dev/null 2>&1; then
		printf '%s' "$1" | jq . >/dev/null 2>&1
	else
		case "$1" in "["*"]") return 0 ;; *) return 1 ;; esac
	fi
}

small_disk() {
	mkdir -p "$1"
	if [ "$(id -u)" != 0 ] ||
	    ! mount -t tmpfs -o "size=$2,mode=0755" kb-e2e-disk "$1" 2>/dev/null; then
		echo "SKIP: $(basename "$0" .sh) needs root to mount a small tmpfs" >&2
		exit 0
	fi
	at_exit "umount '$1' 2>/dev/null || umount -l '$1'"
}
