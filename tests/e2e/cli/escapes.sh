# escapes.sh: what the escapes-*-test.sh scripts share; sourced after
# lib.sh.  kb(1), TEXT SAFETY: nothing kb prints carries a control
# character (but newline and tab), a C1 control, a bidirectional control
# or invalid UTF-8, whatever the files, git, the usage log or the user
# gave it.
#
#   ESC C1 C1RAW BAD RLO    hostile pieces: ESC, U+009B (CSI) as UTF-8, the
#                           raw byte 0x9B, the invalid byte 0xFF, U+202E
#   FFFD                    U+FFFD, what each of them is shown as
#   HOSTILE                 all of them and a BEL, in one string
#   HOSTILE_UTF8            the same without the invalid bytes (files with
#                           invalid UTF-8 are refused whole)
#   expect_safe WHAT FILE   FILE is valid UTF-8 with none of the above
#                           (with CRLF=1, a CR ending a line is fine: CSV)
#   sweep WHAT CMD...       run CMD (its exit status is not judged: a
#                           refusal is fine); expect_safe on its stdout and
#                           its stderr, left in $tmp/sweep.out, .err

ESC=$(printf '\033')
C1=$(printf '\302\233')
C1RAW=$(printf '\233')
BAD=$(printf '\377')
RLO=$(printf '\342\200\256')
FFFD=$(printf '\357\277\275')
HOSTILE="${ESC}[31m${C1}2J${C1RAW}1m${BAD}${RLO}$(printf '\007')"
HOSTILE_UTF8="${ESC}[31m${C1}2J${RLO}$(printf '\007\302\205')"

expect_safe() {
	iconv -f UTF-8 -t UTF-8 <"$2" >/dev/null 2>&1 ||
	    fail "$1: not valid UTF-8: $(od -An -c "$2" | head -n 5)"
	if [ "${CRLF:-}" = 1 ]; then
		_bad=$(LC_ALL=C sed 's/\r$//' "$2" |
		    LC_ALL=C tr -d '\n\t\040-\176\200-\377' | od -An -c)
	else
		_bad=$(LC_ALL=C tr -d '\n\t\040-\176\200-\377' <"$2" | od -An -c)
	fi
	[ -z "$_bad" ] || fail "$1: control bytes $(echo $_bad) in: $(cat -A "$2" | head -n 5)"
	if LC_ALL=C grep -aq "$(printf '\302')[$(printf '\200-\237')]" "$2"; then
		fail "$1: a C1 control: $(cat -A "$2" | head -n 5)"
	fi
	if LC_ALL=C grep -aEq "$(printf '\342\200')[$(printf '\252-\256')]|$(printf '\342\201')[$(printf '\246-\251')]" "$2"; then
		fail "$1: a bidirectional control: $(cat -A "$2" | head -n 5)"
	fi
}

sweep() {
	_what=$1
	shift
	"$@" >"$tmp/sweep.out" 2>"$tmp/sweep.err" || true
	expect_safe "$_what (stdout)" "$tmp/sweep.out"
	expect_safe "$_what (stderr)" "$tmp/sweep.err"
}
