# tmux.sh: drive kb's interactive screen in a private tmux server.
#
# Sourced by tests/e2e/tui/*-test.sh right after lib.sh (it is not a test
# itself).  Each test gets its own server (tmux -L, a name made from the
# test's $tmp), killed on exit whatever happens, with lib.sh's cleanup
# kept.  Nothing here sleeps blindly: every wait polls the screen every
# 0.05 s, for at most ~10 s ($TUI_TRIES polls).
#
# Starting and stopping
#   tui_kb DIR          the KB the TUI tests share (see below)
#   tui_reviewer_kb DIR the same, with a reviewer (Rita) as identity and REVIEWERS
#   tui_start COLS ROWS KBDIR [KB ARGS...]
#                       start kb --kb KBDIR --agent alice --office downtown
#                       in a COLSxROWS pane (TERM=xterm-256color, LANG,
#                       TZ, HOME, KB_NOW=2026-11-22); $TUI_ENV adds
#                       NAME=VALUE words (no blanks) to its environment,
#                       TUI_CLIPBOARD=on lets OSC 52 fill a tmux buffer.
#                       When kb exits the pane shows "KB-EXITED=<status>"
#   tui_shell COLS ROWS start an interactive sh (job control on, prompt
#                       "$ ") in the same environment, to run kb from it
#                       with kb_command (for Ctrl-Z and fg)
#   kb_command KBDIR [KB ARGS...]  the command line tui_start runs kb with
#   tui_stop            kill the server (to tui_start again)
#   wait_exit           until kb has exited; $kb_status is its status
#   expect_clean_exit   the same, and the status must be 0
#
# Input
#   tm ARGS...          tmux on the test's server
#   keys KEY...         tmux send-keys (key names: Enter, Escape, F1, C-u)
#   type_text TEXT      send TEXT literally (send-keys -l)
#   resize COLS ROWS    resize the window
#
# The screen
#   capture             the screen as text, into $screen (and stdout);
#                       capture-pane trims the blanks at the end of rows
#   capture_e           the screen with attributes (capture-pane -e)
#   wait_for [-E|-F] PAT...  until one screen matches every PAT (grep -F;
#                       -E or -F switch the mode for the PATs after them)
#                       and is the same on two captures in a row (no
#                       half-drawn frame); the screen is left in $screen.
#                       On a timeout, or when kb has exited: fail, with
#                       the last screen shown
#   poll_for PAT...     the same, but return 1 instead of failing
#   wait_gone [-E] PAT  until no settled screen matches PAT
#   dump_screen         show $screen on stderr
#   expect_screen TEXT [WHAT] / expect_not_screen TEXT [WHAT]
#                       $screen has (not) TEXT (grep -F)
#   row N               line N (0-based) of $screen
#   row_of TEXT         the 0-based row of the first line with TEXT
#   status_line         the last row of $screen
#   status_re CHANNEL   an ERE for the status line with CHANNEL ("All
#                       channels", "Phone"...), for wait_for -E
#   expect_status_line CHANNEL   $screen's status line matches it
#   cursor_yx           "Y X" of the pane's cursor (0-based)
#   wait_cursor Y X     until the cursor is there
#   reverse_runs        each run of reverse video on the screen now, a line
#                       each: ROW<TAB>TEXT<TAB>FG<TAB>BG (0-based row; FG and
#                       BG the SGR colours at its start, "-" the default)
#   sgr_at N            the attributes in force at the first cell of row N
#                       (0-based) now, as "BOLD REV FG BG" (BOLD, REV: 0 or
#                       1; FG, BG as for reverse_runs)

command -v tmux >/dev/null 2>&1 || fail "tmux is needed for the TUI tests"

TUI_SOCKET="kb-e2e-$(basename "$tmp" | tr -c 'A-Za-z0-9\n' -)"
TUI_TARGET="kb:0.0"
TUI_TRIES=200		# polls of 0.05 s: about 10 s
unset TMUX TMUX_PANE 2>/dev/null || true
screen=""

tm() {
	tmux -L "$TUI_SOCKET" -f /dev/null "$@"
}

TUI_SOCKET_PATH=""

# tmux 3.3a leaves the socket file behind after kill-server.
_tui_cleanup() {
	tmux -L "$TUI_SOCKET" -f /dev/null kill-server >/dev/null 2>&1 || true
	[ -z "$TUI_SOCKET_PATH" ] || rm -f "$TUI_SOCKET_PATH"
}
at_exit _tui_cleanup

# A word quoted for sh -c.
_q() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# The environment of kb in the pane: env NAME=VALUE words.
_tui_env() {
	_env="env TERM=xterm-256color LANG=C.UTF-8 TZ=UTC"
	_env="$_env HOME=$(_q "$HOME") KB_NOW=2026-11-22"
	for _e in ${TUI_ENV:-}; do
		_env="$_env $(_q "$_e")"
	done
	printf '%s' "$_env"
}

# kb_command KBDIR [KB ARGS...]: kb as tui_start runs it, quoted for sh.
kb_command() {
	_kc="$(_q "$KB_BIN") --kb $(_q "$1") --agent alice --office downtown"
	shift
	for _a in "$@"; do
		_kc="$_kc $(_q "$_a")"
	done
	printf '%s' "$_kc"
}

tui_start() {
	_cols=$1 _rows=$2 _kbdir=$3
	shift 3
	_cmd="exec $(_tui_env)"
	_cmd="$_cmd sh -c '\"\$0\" \"\$@\"; echo \"KB-EXITED=\$?\"; sleep 60'"
	_cmd="$_cmd $(kb_command "$_kbdir" "$@")"
	# Options before the session exists; then a window that keeps the
	# size it is given, as no client is there to follow (tmux 3.3a
	# crashes when window-size is set before there is a window).
	tm start-server \; \
	    set -g exit-empty off \; \
	    set -g default-shell /bin/sh \; \
	    set -g default-size "${_cols}x${_rows}" \; \
	    set -g escape-time 0 \; \
	    set -g set-clipboard "${TUI_CLIPBOARD:-off}" \; \
	    new-session -d -s kb -x "$_cols" -y "$_rows" "$_cmd" \; \
	    set -g window-size manual ||
	    fail "cannot start tmux"
	TUI_SOCKET_PATH=$(tm display -p '#{socket_path}')
}

# tui_shell COLS ROWS: an interactive shell in the pane (job control on).
tui_shell() {
	_cmd="exec $(_tui_env) PS1='$ ' ENV=/dev/null sh -i"
	tm start-server \; \
	    set -g exit-empty off \; \
	    set -g default-shell /bin/sh \; \
	    set -g default-size "${1}x${2}" \; \
	    set -g escape-time 0 \; \
	    new-session -d -s kb -x "$1" -y "$2" "$_cmd" \; \
	    set -g window-size manual ||
	    fail "cannot start tmux"
	TUI_SOCKET_PATH=$(tm display -p '#{socket_path}')
}

# Stop the server (a test may then tui_start again).
tui_stop() {
	_tui_cleanup
	TUI_SOCKET_PATH=""
}

keys() {
	tm send-keys -t "$TUI_TARGET" "$@"
}

type_text() {
	tm send-keys -t "$TUI_TARGET" -l -- "$1"
}

capture() {
	screen=$(tm capture-pane -p -t "$TUI_TARGET")
	printf '%s\n' "$screen"
}

capture_e() {
	tm capture-pane -p -e -t "$TUI_TARGET"
}

# Show $screen on stderr (after a failed check).
dump_screen() {
	echo "---- last screen ($(tm display -p -t "$TUI_TARGET" \
	    '#{pane_width}x#{pane_height}, cursor #{cursor_y},#{cursor_x}' \
	    2>/dev/null)) ----" >&2
	printf '%s\n' "$screen" | sed 's/^/    |/' >&2
	echo "---- end of screen ----" >&2
}

# _screen_matches [-E|-F] PAT...: does $screen match every PAT?  -E and
# -F apply to the patterns after them (-F first).
_screen_matches() {
	_mode=-F
	for _p in "$@"; do
		case "$_p" in
		-E|-F) _mode=$_p; continue ;;
		esac
		printf '%s\n' "$screen" | grep -q "$_mode" -- "$_p" || return 1
	done
	return 0
}

# poll_for PAT...: wait_for that returns 1 on a timeout instead of failing.
poll_for() {
	_i=0 _prev=""
	while :; do
		screen=$(tm capture-pane -p -t "$TUI_TARGET" 2>/dev/null) ||
		    screen="(no pane: the tmux server is gone)"
		if [ "$screen" = "$_prev" ] && _screen_matches "$@"; then
			return 0
		fi
		# kb has exited: the screen will not change any more.
		if [ "$screen" = "$_prev" ] &&
		    printf '%s\n' "$screen" | grep -Eq '^KB-EXITED=[0-9]+$'; then
			return 1
		fi
		_prev=$screen
		_i=$((_i + 1))
		[ $_i -lt $TUI_TRIES ] || return 1
		sleep 0.05
	done
}

wait_for() {
	poll_for "$@" && return 0
	dump_screen
	fail "timed out waiting for the screen to show (or kb exited): $*"
}

wait_gone() {
	_mode=-F
	if [ "$1" = -E ]; then
		_mode=-E
		shift
	fi
	_i=0 _prev=""
	while :; do
		screen=$(tm capture-pane -p -t "$TUI_TARGET" 2>/dev/null) ||
		    screen="(no pane: the tmux server is gone)"
		if [ "$screen" = "$_prev" ] &&
		    ! printf '%s\n' "$screen" | grep -q "$_mode" -- "$1"; then
			return 0
		fi
		_prev=$screen
		_i=$((_i + 1))
		if [ $_i -ge $TUI_TRIES ]; then
			dump_screen
			fail "timed out waiting for this to leave the screen: $1"
		fi
		sleep 0.05
	done
}

# The screen must (not) show something now: for checks after a wait_for.
expect_screen() {
	printf '%s\n' "$screen" | grep -qF -- "$1" && return 0
	dump_screen
	fail "${2:-screen}: '$1' is not on the screen"
}

expect_not_screen() {
	printf '%s\n' "$screen" | grep -qF -- "$1" || return 0
	dump_screen
	fail "${2:-screen}: '$1' should not be on the screen"
}

row() {
	printf '%s\n' "$screen" | sed -n "$(($1 + 1))p"
}

# The 0-based row of the first line of $screen that contains TEXT, or "".
row_of() {
	printf '%s\n' "$screen" | grep -nF -- "$1" | head -1 | cut -d: -f1 |
	    awk '{ print $1 - 1 }'
}

cursor_yx() {
	tm display -p -t "$TUI_TARGET" '#{cursor_y} #{cursor_x}'
}

# wait_cursor Y X: until the cursor is at row Y, column X (0-based).
wait_cursor() {
	_i=0
	while [ "$(cursor_yx)" != "$1 $2" ]; do
		_i=$((_i + 1))
		if [ $_i -ge $TUI_TRIES ]; then
			screen=$(tm capture-pane -p -t "$TUI_TARGET" 2>/dev/null)
			dump_screen
			fail "the cursor is at $(cursor_yx), want $1 $2"
		fi
		sleep 0.05
	done
}

# The awk part of reverse_runs and sgr_at: the SGR state (bold, rev, fg,
# bg; "-" the default colour) that capture_e's escape sequences leave,
# followed from the top of the screen (tmux writes only the changes from
# cell to cell, across rows).  eat_escapes() takes the sequences at the
# start of `line`, applying those that set attributes.
_tui_sgr_awk='
function reset() { bold = 0; rev = 0; fg = "-"; bg = "-" }
function apply(params,   p, n, i, c, v) {
	n = split(params, p, ";")
	if (n == 0) { reset(); return }
	for (i = 1; i <= n; i++) {
		c = p[i] + 0
		if (p[i] == "" || c == 0) reset()
		else if (c == 1) bold = 1
		else if (c == 22) bold = 0
		else if (c == 7) rev = 1
		else if (c == 27) rev = 0
		else if (c >= 30 && c <= 37 || c >= 90 && c <= 97) fg = c
		else if (c == 39) fg = "-"
		else if (c >= 40 && c <= 47 || c >= 100 && c <= 107) bg = c
		else if (c == 49) bg = "-"
		else if (c == 38 || c == 48) {
			v = (p[i + 1] == 5) ? "5:" p[i + 2] : \
			    "2:" p[i + 2] ":" p[i + 3] ":" p[i + 4]
			if (c == 38) fg = v; else bg = v
			i += (p[i + 1] == 5) ? 2 : 4
		}
	}
}
function eat_escapes() {
	for (;;) {
		if (match(line, /^\033\[[0-9;]*m/))
			apply(substr(line, 3, RLENGTH - 3))
		else if (!match(line, /^\033[^m]*m?/))	# other sequences
			return
		line = substr(line, RLENGTH + 1)
	}
}
BEGIN { reset() }
'

reverse_runs() {
	capture_e | awk "$_tui_sgr_awk"'
	function flush() {
		if (run != "") print row "\t" run "\t" rfg "\t" rbg
		run = ""
	}
	{
		line = $0
		row = NR - 1
		run = ""
		while (line != "") {
			eat_escapes()
			if (line == "")
				break
			if (rev) {
				if (run == "") { rfg = fg; rbg = bg }
				run = run substr(line, 1, 1)
			} else {
				flush()
			}
			line = substr(line, 2)
		}
		flush()
	}'
}

sgr_at() {
	capture_e | awk -v want="$1" "$_tui_sgr_awk"'
	{
		line = $0
		row = NR - 1
		while (line != "") {
			eat_escapes()
			if (line == "")
				break
			if (row == want) {
				print bold, rev, fg, bg
				exit
			}
			# one character (the state is the same to the end of it)
			line = substr(line, 2)
		}
	}'
}

wait_exit() {
	wait_for -E '^KB-EXITED=[0-9]+$'
	kb_status=$(printf '%s\n' "$screen" | sed -n 's/^KB-EXITED=//p' |
	    tail -1)
}

# kb has quit with status 0.
expect_clean_exit() {
	wait_exit
	if [ "$kb_status" != 0 ]; then
		dump_screen
		fail "kb exited with status $kb_status, want 0"
	fi
}

resize() {
	tm resize-window -t kb -x "$1" -y "$2" ||
	    fail "tmux resize-window -x $1 -y $2 failed"
}

# The last row of $screen: the status line.
status_line() {
	printf '%s\n' "$screen" | tail -n 1
}

# status_re CHANNEL: an ERE for what the status line tells: the KB (tui_kb
# in $tmp/kb) at its commit, the channel, the agent and office.  Blanks
# around '@' are left open; a message may come before or after it.
status_re() {
	printf ' kb ?@[0-9a-f]{7} \\| %s \\| alice ?@ ?downtown( |$)' "$1"
}

# expect_status_line CHANNEL: $screen's status line tells CHANNEL.
expect_status_line() {
	status_line | grep -Eq -- "$(status_re "$1")" && return 0
	dump_screen
	fail "the status line does not show the channel '$1' (and KB, agent, office)"
}

# tui_kb DIR: the KB the TUI tests share (make_kb, one commit).
#   kayak-permit    Phone, Email and Walk-in sections; related: 2 answers
#   canoe-storage   related: kayak-permit
#   library-card, tarjeta-biblioteca (lang: es)
#   bulky-trash     review-by 2025-01-01: overdue on KB_NOW=2026-11-22
#   tea-ceremony    a title with CJK, an emoji and an accent
# "harbour" is in 3 answers, "kayak" in 1.
# tui_reviewer_kb DIR: tui_kb, with Rita Reviewer (rita@example.gov) as
# the repository's identity and the one name in REVIEWERS.
tui_reviewer_kb() {
	tui_kb "$1"
	git -C "$1" config user.name "Rita Reviewer"
	git -C "$1" config user.email rita@example.gov
	echo "rita@example.gov" > "$1/REVIEWERS"
	commit "$1" "Reviewers"
}

tui_kb() {
	make_kb "$1" <<'EOF'
=== answers/permits/kayak-permit.md
---
title: Kayak launch permit
tags: kayak, boating, permit
audience: public
lang: en
review-by: 2099-12-31
owner: harbour-desk
standard: Answered the same day
related: canoe-storage, library-card
---
A permit is needed to launch a kayak at the harbour. Commonword applies on every channel.

## Phone
Say phonewording slowly and spell the slipway name.

## Email
Reply with emailwording and the link to the permit form.

## Walk-in
Hand over walkinwording leaflets at the counter.
=== answers/permits/canoe-storage.md
---
title: Canoe storage racks
tags: canoe, storage, boating
review-by: 2099-12-31
related: kayak-permit
---
Racks for canoes are rented by the season at the harbour.
=== answers/library/library-card.md
---
title: Library card renewal
tags: library, card
review-by: 2099-12-31
---
Library cards are renewed at any branch with a photo ID.
=== answers/library/tarjeta-biblioteca.md
---
title: Renovar la tarjeta de biblioteca
tags: biblioteca, tarjeta
lang: es
review-by: 2099-12-31
---
La tarjeta de biblioteca se renueva en cualquier sucursal.
=== answers/trash/bulky-trash.md
---
title: Bulky trash pickup
tags: trash, bulky, pickup
review-by: 2025-01-01
---
Bulky items are picked up on the first Monday of the month.
=== answers/culture/tea-ceremony.md
---
title: 漢字 tea ceremony 🍵 café visits
tags: culture, tea
review-by: 2099-12-31
---
The tea ceremony café by the harbour is open on weekends; book a visit online.
EOF
}
