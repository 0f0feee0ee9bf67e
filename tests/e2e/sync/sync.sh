# sync.sh: what the kbsync tests share; sourced after lib.sh.
#
#   make_centre [NAME]
#                 $centre: a bare central KB $tmp/NAME (default
#                 central.git) made from the bundled sample with a
#                 REVIEWERS file naming Rita Reviewer, who is the bare
#                 repository's git identity (the reviewer at the centre);
#                 $edit: a clone of it for changing answers with plain git
#   centre_change MSG CMD [ARG...]
#                 in $edit brought to the centre's main, run CMD (a shell
#                 function or program, in $edit), commit everything as
#                 MSG and push it to the centre's main
#   centre_main   the centre's main (full id)
#   make_office DIR URL [KB OPTIONS...]
#                 kb [OPTIONS] init --remote URL --quiet DIR, which must
#                 succeed; its stdout in $out.  Its station name is the
#                 host's ($host_station) unless --station is in OPTIONS
#                 (kb init's option, passed after init)
#   slug NAME     NAME as kbsync makes an office's or station's name
#   host_station  the station name of a KB made without --station
#   want_report URL OFFICE "A C R" "OLD NEW"|"" "SENT DECIDED" EVENTS
#                 the exact stdout of a kbsync that synced, for a station
#                 named $want_station (default: $host_station)
#   centre_events OFFICE[/STATION]
#                 every event line the commits on the first-parent
#                 history of the centre's usage refs added
#                 of OFFICE (a slug): refs/kb/usage/OFFICE (from before
#                 stations) and every refs/kb/station-usage/OFFICE/*; or
#                 only STATION's (nothing when there is no such ref)
#   expect_events_once OFFICE[/STATION] N WHAT
#                 the centre holds exactly N events there, N distinct
#                 uids: every event exactly once
#   daemon_start [--no-push] [--same-port]
#                 a git daemon serving $tmp on 127.0.0.1:$daemon_port
#                 (a random free port, or the last one with --same-port),
#                 waited for until it answers; $daemon_url is the
#                 centre's address through it.  --no-push: receive-pack
#                 not enabled (pushes fail)
#   daemon_stop   kill -9 the daemon and whatever it started (its process
#                 group: upload-pack, receive-pack), waited for
#   daemon_serve AS
#                 the daemon started again (on the same port once it has
#                 one), every push made as office or person AS
#                 (KB_PUSHER, which the example pre-receive hook reads)
#   office_proposes_two DIR URL
#                 make_office DIR URL --office North, where Ann proposes
#                 dog-licence ("Simpler wording", her branch in $b1) and
#                 Bob lost-pet ("Ferrets too", in $b2); nothing is sent
#   at TIME kb|kbsync ARGS...
#                 kb or kbsync with the clock at TIME (KB_NOW, UTC)
#   group_kill SIG PGID
#                 send SIG to the process group PGID
#   running PID   is PID running (and no zombie)?
#   bg_track PID  a background process of the test, killed at the end if
#                 it is still running
#
# The daemon and the tracked processes are killed however the test ends.

GIT_DAEMON=$(git --exec-path)/git-daemon
[ -x "$GIT_DAEMON" ] || fail "git daemon is needed: $GIT_DAEMON (Debian: the git package)"
command -v setsid >/dev/null 2>&1 || fail "setsid (util-linux) is needed"

daemon_pidfile=$tmp/daemon.pid
daemon_port=""
daemon_url=""
daemon_child=""
bg_pids=""

sync_cleanup() {
	for _p in $bg_pids; do
		kill -9 "$_p" 2>/dev/null || true
	done
	daemon_stop 2>/dev/null || true
}
at_exit sync_cleanup

bg_track() {
	bg_pids="$bg_pids $1"
}

at() {
	_t=$1 _p=$2
	shift 2
	case $_p in
	kb) env KB_NOW="$_t" "$KB_BIN" "$@" ;;
	kbsync) env KB_NOW="$_t" "$KBSYNC_BIN" "$@" ;;
	*) fail "at: $_p?" ;;
	esac
}

make_centre() {
	centre=$tmp/${1:-central.git}
	edit=$tmp/edit-$(basename "$centre" .git)
	kb init "$tmp/central-src" >/dev/null
	printf '%s\n' "# Who may approve or reject proposals." "Rita Reviewer" \
	    >"$tmp/central-src/REVIEWERS"
	commit "$tmp/central-src" "Reviewers"
	git clone -q --bare "$tmp/central-src" "$centre"
	rm -rf "$tmp/central-src"
	git -C "$centre" config user.name "Rita Reviewer"
	git -C "$centre" config user.email "rita@example.invalid"
	git clone -q "$centre" "$edit"
}

centre_change() {
	_msg=$1
	shift
	git -C "$edit" fetch -q origin
	git -C "$edit" reset -q --hard origin/main
	(cd "$edit" && "$@") || fail "centre_change: $* failed"
	commit "$edit" "$_msg"
	git -C "$edit" push -q origin HEAD:main
}

centre_main() {
	git -C "$centre" rev-parse refs/heads/main
}

make_office() {
	_dir=$1 _url=$2 _st=""
	shift 2
	_n=$#
	while [ $_n -gt 0 ]; do
		_a=$1
		shift
		_n=$((_n - 1))
		case $_a in
		--station) _st=$1; shift; _n=$((_n - 1)) ;;
		*) set -- "$@" "$_a" ;;
		esac
	done
	if [ -n "$_st" ]; then
		expect_status 0 kb "$@" init --remote "$_url" --station "$_st" \
		    --quiet "$_dir"
	else
		expect_status 0 kb "$@" init --remote "$_url" --quiet "$_dir"
	fi
}

slug() {
	printf '%s' "$1" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9_]\{1,\}/-/g; s/-*$//' |
	    cut -c1-100
}

host_station=$(slug "$(uname -n)")
[ -n "$host_station" ] || host_station=station

want_report() {
	_acr=$3 _main=$4 _props=$5 _ev=$6
	printf 'centre     %s (office %s, station %s)\n' "$1" "$2" \
	    "${want_station:-$host_station}"
	set -- $_acr
	printf 'answers    %s added, %s changed, %s removed\n' "$1" "$2" "$3"
	if [ -n "$_main" ]; then
		set -- $_main
		printf 'main       %.7s..%.7s\n' "$1" "$2"
	fi
	set -- $_props
	printf 'proposals  %s sent, %s decided at the centre\n' "$1" "$2"
	if [ "$_ev" = 1 ]; then
		printf 'usage      1 event sent'
	else
		printf 'usage      %s events sent' "$_ev"
	fi
}

centre_events() {
	case $1 in
	*/*) _refs=refs/kb/station-usage/$1 ;;
	*) _refs="refs/kb/usage/$1 $(git -C "$centre" for-each-ref \
	    --format='%(refname)' "refs/kb/station-usage/$1/")" ;;
	esac
	for _ref in $_refs; do
		git -C "$centre" rev-parse -q --verify "$_ref" >/dev/null ||
		    continue
		for _c in $(git -C "$centre" rev-list --first-parent \
		    --reverse "$_ref"); do
			commit_events "$centre" "$_c"
		done
	done
}

# commit_events REPO COMMIT: the event lines COMMIT of a usage ref adds
# (usage_ref.h): each file's new end when it only grew from its first
# parent's (the layout before issue 18), else all of it (a commit
# holding its own events only).
commit_events() {
	for _f in $(git -C "$1" ls-tree --name-only "$2"); do
		git -C "$1" show "$2:$_f" >"$tmp/.commit-new"
		if git -C "$1" show "$2^:$_f" >"$tmp/.commit-old" 2>/dev/null &&
		    _size=$(wc -c <"$tmp/.commit-old") &&
		    cmp -s -n "$_size" "$tmp/.commit-old" "$tmp/.commit-new"
		then
			tail -c "+$((_size + 1))" "$tmp/.commit-new"
		else
			cat "$tmp/.commit-new"
		fi
	done
}

expect_events_once() {
	_lines=$(centre_events "$1")
	if [ -z "$_lines" ]; then
		_n=0 _u=0
	else
		_n=$(printf '%s\n' "$_lines" | wc -l | tr -d ' ')
		_u=$(printf '%s\n' "$_lines" |
		    sed -n 's/^{"uid":"\([0-9a-f]\{1,\}\)",.*}$/\1/p' |
		    sort -u | wc -l | tr -d ' ')
	fi
	expect_eq "$2" "$_n" "$3: events at the centre"
	expect_eq "$2" "$_u" "$3: distinct event uids at the centre"
}

# group_kill SIG PGID: signal a process group (kill(1): the shell's kill
# may not take a negative pid).
group_kill() {
	env kill -s "$1" -- "-$2"
}

# Is process PID running (not gone, nor a zombie not yet waited for)?
# Shell builtins only, so that it can be polled in a tight loop.
running() {
	_st=""
	{ read -r _st <"/proc/$1/stat"; } 2>/dev/null || return 1
	case $_st in
	"") return 1 ;;
	*") Z "* | *") X "*) return 1 ;;
	esac
	return 0
}

# Is the daemon (its pid file's process) running?
daemon_alive() {
	[ -s "$daemon_pidfile" ] && running "$(cat "$daemon_pidfile")"
}

daemon_start() {
	_push=--enable=receive-pack _same=""
	for _a in "$@"; do
		case $_a in
		--no-push) _push="" ;;
		--same-port) _same=1 ;;
		*) fail "daemon_start: $_a?" ;;
		esac
	done
	daemon_alive && fail "daemon_start: a daemon is running already"
	_try=0
	while [ $_try -lt 3 ]; do
		_try=$((_try + 1))
		if [ -z "$_same" ] || [ -z "$daemon_port" ]; then
			daemon_port=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
		fi
		rm -f "$daemon_pidfile"
		# setsid: its own process group, so that daemon_stop kills
		# what it serves with it.  (A background job of this shell is
		# no group leader, so setsid does not fork: $! is the daemon,
		# a child of this shell that daemon_stop reaps.)
		setsid "$GIT_DAEMON" --reuseaddr --listen=127.0.0.1 \
		    --port="$daemon_port" --base-path="$tmp" --export-all \
		    $_push --pid-file="$daemon_pidfile" \
		    </dev/null >>"$tmp/daemon.log" 2>&1 &
		daemon_child=$!
		_i=0
		while [ $_i -lt 100 ]; do
			if git ls-remote "git://127.0.0.1:$daemon_port/$(basename "$centre")" \
			    >/dev/null 2>&1 && daemon_alive; then
				daemon_url=git://127.0.0.1:$daemon_port/$(basename "$centre")
				return 0
			fi
			# Started and gone: the port was taken.
			if [ $_i -gt 10 ] && [ -s "$daemon_pidfile" ] && ! daemon_alive; then
				break
			fi
			sleep 0.05
			_i=$((_i + 1))
		done
		daemon_stop
		[ -z "$_same" ] || fail "git daemon could not listen on port $daemon_port again: $(tail -n 3 "$tmp/daemon.log")"
	done
	fail "git daemon did not start: $(tail -n 3 "$tmp/daemon.log")"
}

daemon_stop() {
	[ -s "$daemon_pidfile" ] || return 0
	_dp=$(cat "$daemon_pidfile")
	group_kill KILL "$_dp" 2>/dev/null || kill -9 "$_dp" 2>/dev/null || true
	_i=0
	while running "$_dp" && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	running "$_dp" && fail "the git daemon (pid $_dp) did not stop"
	wait "$daemon_child" 2>/dev/null || true
	rm -f "$daemon_pidfile"
}

daemon_serve() {
	daemon_stop
	if [ -n "$daemon_port" ]; then
		KB_PUSHER=$1 daemon_start --same-port
	else
		KB_PUSHER=$1 daemon_start
	fi
}

office_proposes_two() {
	_o=$1
	make_office "$_o" "$2" --office North
	sed 's/^All dogs and cats/Every dog and cat/' \
	    "$_o/answers/animals/dog-licence.md" >"$tmp/dog.md"
	expect_status 0 kb --kb "$_o" --agent Ann propose dog-licence \
	    --message "Simpler wording" --file "$tmp/dog.md"
	b1=$out
	sed 's/^\*\*Lost a pet\*\*/**Lost a pet (ferrets included)**/' \
	    "$_o/answers/animals/lost-pet.md" >"$tmp/pet.md"
	cmp -s "$tmp/pet.md" "$_o/answers/animals/lost-pet.md" &&
	    fail "test setup: the lost-pet edit changed nothing"
	expect_status 0 kb --kb "$_o" --agent Bob propose lost-pet \
	    --message "Ferrets too" --file "$tmp/pet.md"
	b2=$out
}
