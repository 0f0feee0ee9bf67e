#!/bin/sh
# Several users on one KB (README "Several users on one KB", kb(1) FILES):
# two Unix users of one group share a KB in a set-group-id folder with
# umask 002.  What kb makes beside the repository (index, usage log, lock)
# is group-writable, a rebuild keeps the index's mode and group, a user who
# does not own the repository is told about safe.directory (not "not a
# KB"), a file kb may not write is named with its owner, group and mode,
# and a search on an index it cannot update serves the index there is.
# Runs as root: it makes two users and a group, removed on exit.
. "$(dirname "$0")/../lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: multiuser-group needs root (it creates two users and a group)" >&2
	exit 0
fi
for c in useradd groupadd userdel groupdel setpriv stat; do
	command -v "$c" >/dev/null 2>&1 ||
	    { echo "SKIP: multiuser-group needs $c" >&2; exit 0; }
done

id=$(date +%s | tail -c 6)$$
grp=kbg$id
ua=kba$id
ub=kbb$id
cleanup() {
	userdel "$ua" 2>/dev/null || true
	userdel "$ub" 2>/dev/null || true
	groupdel "$grp" 2>/dev/null || true
}
at_exit cleanup
groupadd "$grp" || fail "test setup: groupadd $grp"
useradd -M -N -g "$grp" -s /bin/sh "$ua" || fail "test setup: useradd $ua"
useradd -M -N -g "$grp" -s /bin/sh "$ub" || fail "test setup: useradd $ub"

# Each user has a home of their own with a git identity; $tmp is
# root's, so it is opened for them to pass through.
chmod 711 "$tmp"
for u in "$ua" "$ub"; do
	h=$tmp/home-$u
	mkdir -p "$h"
	printf '[user]\n\tname = %s\n\temail = %s@example.invalid\n[init]\n\tdefaultBranch = main\n' \
	    "$u" "$u" >"$h/.gitconfig"
	chown -R "$u:$grp" "$h"
done

# as USER UMASK CMD...: run CMD as USER (groups from /etc/group).
as() {
	_u=$1 _m=$2
	shift 2
	env HOME="$tmp/home-$_u" XDG_CONFIG_HOME="$tmp/home-$_u/.config" \
	    XDG_DATA_HOME="$tmp/home-$_u/.local/share" \
	    GIT_CONFIG_GLOBAL="$tmp/home-$_u/.gitconfig" \
	    setpriv --reuid="$_u" --regid="$grp" --init-groups \
	    sh -c 'umask "$0"; exec "$@"' "$_m" "$@"
}
as "$ua" 002 test -x "$KB_BIN" ||
    { echo "SKIP: $KB_BIN cannot be run by another user" >&2; exit 0; }
as "$ua" 002 test -r "$KB_SAMPLE_DIR/synonyms.txt" ||
    { echo "SKIP: $KB_SAMPLE_DIR cannot be read by another user" >&2; exit 0; }

mode() { stat -c %a "$1"; }
group() { stat -c %G "$1"; }

office=$tmp/office
mkdir "$office"
chgrp "$grp" "$office"
chmod 2775 "$office"
k=$office/kb
state=$k/.git/kb

note "kb init with umask 002: the index and the state folder are group-writable"
expect_status 0 as "$ua" 002 "$KB_BIN" init "$k"
expect_eq 664 "$(mode "$state/index.db")" "index.db follows the umask"
expect_eq 2775 "$(mode "$state")" "the state folder follows the umask (setgid inherited)"
expect_eq 664 "$(mode "$state/index.lock")" "index.lock follows the umask"
expect_eq "$grp" "$(group "$state/index.db")" "index.db has the folder's group"

note "a user who does not own the repository is told about safe.directory"
expect_status 1 as "$ub" 002 "$KB_BIN" --kb "$k" use passport-renew-mail --channel phone
expect_contains "$err" "owned by $ua, you are $ub" "who owns the KB, who runs kb"
expect_contains "$err" "git config --global --add safe.directory $k" "what to do"
expect_contains "$err" "Several users on one KB" "where the README says more"
expect_not_contains "$err" "not a KB" "an owned KB is a KB"

note "with safe.directory, the second user logs usage; the log is group-writable"
as "$ub" 002 git config --global --add safe.directory "$k"
expect_status 0 as "$ub" 002 "$KB_BIN" --kb "$k" use passport-renew-mail --channel phone
expect_eq 664 "$(mode "$state/usage.db")" "usage.db follows the umask"
expect_eq "$grp" "$(group "$state/usage.db")" "usage.db has the folder's group"
expect_status 0 as "$ua" 002 "$KB_BIN" --kb "$k" use passport-renew-mail --channel email

if command -v sqlite3 >/dev/null 2>&1; then
	note "a writer killed mid-way leaves -wal and -shm the group can use"
	# sqlite3 kills itself with a write in the log's WAL, as a crash would.
	printf '%s\n' "PRAGMA journal_mode=WAL;" \
	    "INSERT INTO event SELECT * FROM event LIMIT 1;" \
	    ".shell kill -9 \$PPID" |
	    as "$ub" 002 sqlite3 "$state/usage.db" >/dev/null 2>&1 || true
	[ -e "$state/usage.db-wal" ] || fail "test setup: no usage.db-wal left"
	expect_eq 664 "$(mode "$state/usage.db-wal")" "the -wal left behind is group-writable"
	expect_status 0 as "$ua" 002 "$KB_BIN" --kb "$k" use ssn-name-change --channel phone
fi

note "a rebuild by the other user keeps the index's mode and group"
expect_status 0 as "$ub" 002 "$KB_BIN" --kb "$k" index --rebuild
expect_eq 664 "$(mode "$state/index.db")" "index.db's mode after a rebuild"
expect_eq "$grp" "$(group "$state/index.db")" "index.db's group after a rebuild"
expect_eq "$ub" "$(stat -c %U "$state/index.db")" "test setup: the rebuild made a new file"

note "the first user updates the index the second one built"
as "$ua" 002 sh -c "cd '$k' && mkdir -p answers/zoo && cat >answers/zoo/walrus.md" <<'EOF'
---
title: Feeding the walrus
tags: walrus, zoo
audience: public
lang: en
review-by: 2099-12-31
owner: zoo-team
---
The walrus eats fish twice a day.
EOF
as "$ua" 002 git -C "$k" add -A
as "$ua" 002 git -C "$k" commit -qm "Walrus"
expect_status 0 as "$ua" 002 "$KB_BIN" --kb "$k" search walrus
expect_eq walrus "$(ids_of "$out")" "search finds the new answer"

note "a file kb may not write is named with its owner, group and mode"
chmod 644 "$state/usage.db"
expect_status 1 as "$ua" 002 "$KB_BIN" --kb "$k" use walrus --channel phone
expect_contains "$err" "$state/usage.db" "the message names the file"
expect_contains "$err" "owned by $ub, group $grp, mode 0644" "owner, group and mode"
expect_contains "$err" "chmod g+w" "what to do"
chmod 664 "$state/usage.db"

note "a search on an index it cannot update serves the index there is"
chmod 644 "$state/index.db"
as "$ua" 002 sh -c "cd '$k' && sed 's/Feeding the walrus/Feeding the sea lion/' answers/zoo/walrus.md >x && mv x answers/zoo/walrus.md"
as "$ua" 002 git -C "$k" commit -qam "Sea lion"
expect_status 0 as "$ua" 002 "$KB_BIN" --kb "$k" search walrus
expect_eq walrus "$(ids_of "$out")" "the index there is still answers"
expect_contains "$err" "kb: warning:" "a warning says the index is not current"
expect_contains "$err" "$state/index.db" "it names the file"
expect_contains "$err" "kb searches the index it has meanwhile" "and what kb does"
chmod 664 "$state/index.db"

note "core.sharedRepository=group: group-writable whatever the umask"
as "$ua" 022 git -C "$k" config core.sharedRepository group
rm -rf "$state"
expect_status 0 as "$ua" 022 "$KB_BIN" --kb "$k" index
expect_eq 2775 "$(mode "$state")" "the state folder under core.sharedRepository=group"
expect_eq 664 "$(mode "$state/index.db")" "index.db under core.sharedRepository=group"
expect_status 0 as "$ub" 022 "$KB_BIN" --kb "$k" use walrus --channel phone
expect_eq 664 "$(mode "$state/usage.db")" "usage.db under core.sharedRepository=group"

exit 0
