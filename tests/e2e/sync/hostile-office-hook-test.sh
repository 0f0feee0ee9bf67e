#!/bin/sh
# The example pre-receive hook (man/examples/pre-receive, kbsync(1)
# CENTRE SET-UP): run directly with crafted stdin and environment, it
# lets office X push only refs/kb/usage/X and only forward, lets any
# office make a proposal branch but only its maker push it after (and
# only forward), keeps main and everything else for administrators
# (git config kb.hookAdmin), and refuses everything when the server does
# not say who pushes.  Then, installed in the centre behind a real git
# daemon whose pushes are East's, East's push of West's usage ref is
# refused and its own goes through.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/sync.sh"

hook=$KB_TOP/man/examples/pre-receive
[ -x "$hook" ] || fail "no executable hook at $hook"
Z=0000000000000000000000000000000000000000

make_centre
export GIT_DIR="$centre"
c1=$(git commit-tree -m one "$(git mktree </dev/null)")
c2=$(git commit-tree -p "$c1" -m two "$(git mktree </dev/null)")
other=$(git commit-tree -m other "$(printf '100644 blob %s\tx\n' \
    "$(echo x | git hash-object -w --stdin)" | git mktree)")
blob=$(echo y | git hash-object -w --stdin)
main=$(git rev-parse refs/heads/main)

# run WANT PUSHER-VARIABLE=VALUE|- LINE...: the hook with those stdin
# lines; its exit status must be WANT.  Output in $out/$err.
run() {
	_want=$1 _who=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/stdin"
	_rc=0
	if [ "$_who" = - ]; then
		env -u KB_PUSHER -u REMOTE_USER -u GL_USER "$hook" \
		    <"$tmp/stdin" >"$tmp/out" 2>"$tmp/err" || _rc=$?
	else
		env -u KB_PUSHER -u REMOTE_USER -u GL_USER "$_who" "$hook" \
		    <"$tmp/stdin" >"$tmp/out" 2>"$tmp/err" || _rc=$?
	fi
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	[ "$_rc" = "$_want" ] || fail "hook as $_who, stdin '$*': exit $_rc, want $_want: $err"
}

note "who pushes must be said"
run 1 - "$Z $c1 refs/kb/usage/north"
expect_contains "$err" "did not say which office pushes" "no pusher: refused"
run 1 "KB_PUSHER=North Side" "$Z $c1 refs/kb/usage/north"
expect_contains "$err" "did not say which office pushes" "not an office name: refused"

note "usage refs: only the office itself, only forward"
run 0 KB_PUSHER=north "$Z $c1 refs/kb/usage/north"
expect_eq "" "$err" "north makes its usage ref"
run 0 KB_PUSHER=north "$c1 $c2 refs/kb/usage/north"
run 0 REMOTE_USER=north "$c1 $c2 refs/kb/usage/north"
run 0 GL_USER=north "$c1 $c2 refs/kb/usage/north"
run 1 KB_PUSHER=east "$c1 $c2 refs/kb/usage/north"
expect_eq "kb pre-receive: refs/kb/usage/north: refused: only office north pushes its usage (east pushed)" \
    "$err" "east cannot push north's usage"
run 1 KB_PUSHER=east "$Z $c1 refs/kb/usage/north"
run 1 KB_PUSHER=north "$c2 $other refs/kb/usage/north"
expect_contains "$err" "not a fast-forward: usage only grows" "north cannot rewrite its usage"
run 1 KB_PUSHER=north "$c2 $Z refs/kb/usage/north"
expect_contains "$err" "a usage ref is never deleted" "nor delete it"
run 1 KB_PUSHER=north "$Z $blob refs/kb/usage/north"
expect_contains "$err" "not a commit" "nor point it at a blob"
run 1 KB_PUSHER=north "$Z $c1 refs/kb/usage/north/x"
expect_contains "$err" "not an office's usage ref" "nor push a ref below it"
run 1 KB_PUSHER=north "$Z $c1 refs/kb/usage/north" "$Z $c1 refs/kb/usage/west"
expect_contains "$err" "refs/kb/usage/west: refused" "one ref refused refuses the push"

note "proposals: anyone makes one, only its maker pushes it after"
p=refs/heads/proposals/alice/dog-licence-1
run 0 KB_PUSHER=east "$Z $c1 $p"
expect_eq "proposals/alice/dog-licence-1 east" "$(cat "$centre/kb-proposal-owners")" \
    "the maker is recorded"
run 0 KB_PUSHER=east "$c1 $c2 $p"
run 1 KB_PUSHER=north "$c1 $c2 $p"
expect_contains "$err" "made by office east, not north" "north cannot push east's proposal"
run 1 KB_PUSHER=east "$c2 $other $p"
expect_contains "$err" "a proposal is never rewritten" "east cannot rewrite its own"
run 1 KB_PUSHER=east "$c2 $Z $p"
expect_contains "$err" "only an administrator deletes a proposal" "nor delete it"
run 1 KB_PUSHER=east "$c1 $c2 refs/heads/proposals/bob/x-1"
expect_contains "$err" "not recorded" "a proposal whose maker is unknown"

note "main and the rest: administrators only"
run 1 KB_PUSHER=east "$main $c1 refs/heads/main"
expect_contains "$err" "only a reviewer (git config kb.hookReviewer) or an administrator moves main (east pushed)" \
    "east cannot push main"
run 1 KB_PUSHER=east "$Z $c1 refs/tags/v1"
expect_contains "$err" "only an administrator (git config kb.hookAdmin) pushes it" "nor a tag"
git config --add kb.hookReviewer rita
m1=$(git commit-tree -p "$main" -m "reviewed" "$(git rev-parse "$main^{tree}")")
run 0 KB_PUSHER=rita "$main $m1 refs/heads/main"
run 1 KB_PUSHER=rita "$m1 $other refs/heads/main"
expect_contains "$err" "not a fast-forward: main is never rewritten" "a reviewer cannot rewrite main"
run 1 KB_PUSHER=rita "$m1 $Z refs/heads/main"
expect_contains "$err" "main is never deleted" "nor delete it"
run 0 KB_PUSHER=rita "$c1 $c2 $p" "$c2 $Z $p"
run 1 KB_PUSHER=rita "$main $c1 refs/kb/usage/north"
git config --unset-all kb.hookReviewer
git config --add kb.hookAdmin rita
run 0 KB_PUSHER=rita "$main $c1 refs/heads/main" "$c2 $other refs/kb/usage/north" "$c2 $Z $p"
expect_eq "" "$err" "an administrator pushes anything"
unset GIT_DIR

note "installed behind a git daemon whose pushes are East's"
git --git-dir="$centre" config --unset-all kb.hookAdmin
rm -f "$centre/kb-proposal-owners"
cp "$hook" "$centre/hooks/pre-receive"
export KB_PUSHER=east
daemon_start
unset KB_PUSHER
e=$tmp/east-clone
git clone -q "$centre" "$e"
forged=$(git -C "$e" commit-tree -m "usage: not West's" "$(git -C "$e" mktree </dev/null)")
git -C "$e" push -q "$daemon_url" "$forged:refs/kb/usage/west" 2>"$tmp/push.err" &&
    fail "the daemon took East's push of refs/kb/usage/west"
expect_contains "$(cat "$tmp/push.err")" "only office west pushes its usage (east pushed)" \
    "the hook's reason reaches East"
git -C "$centre" rev-parse -q --verify refs/kb/usage/west >/dev/null &&
    fail "refs/kb/usage/west exists at the centre"
git -C "$e" push -q "$daemon_url" "$forged:refs/kb/usage/east" ||
    fail "the daemon refused East's own usage ref"
expect_eq "$forged" "$(git -C "$centre" rev-parse refs/kb/usage/east)" "East's own ref went through"

exit 0
