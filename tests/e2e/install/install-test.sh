#!/bin/sh
# make install (PREFIX, DESTDIR) puts the programs, man pages, sample KB,
# hook example, systemd units (paths substituted) and kbsync's settings
# in place; the installed kb finds its sample; a second install keeps
# the office's settings; make uninstall leaves nothing behind (settings
# an office changed excepted, and says so).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/install.sh"

note "make install DESTDIR=... PREFIX=/usr/local"
d=$tmp/dest
kb_make install DESTDIR="$d" PREFIX=/usr/local
p=$d/usr/local
for f in bin/kb bin/kbsync share/man/man1/kb.1 share/man/man1/kbsync.1 \
    share/man/man5/kb-answer.5 share/kb/sample/synonyms.txt \
    share/kb/hooks/pre-receive lib/systemd/system/kbsync.service \
    lib/systemd/system/kbsync.timer; do
	[ -f "$p/$f" ] || fail "make install did not install $f"
done
cmp -s "$KB_BIN" "$p/bin/kb" || fail "bin/kb is not the kb built"
[ -x "$p/bin/kbsync" ] && [ -x "$p/share/kb/hooks/pre-receive" ] ||
    fail "kbsync or the hook example is not executable"
n=$(find "$p/share/kb/sample/answers" -name '*.md' | wc -l | tr -d ' ')
expect_eq "$sample_count" "$n" "every sample answer is installed"
cmp -s "$KB_TOP/man/kbsync.1" "$p/share/man/man1/kbsync.1" ||
    fail "kbsync.1 installed changed"
settings=$d/etc/default/kbsync
cmp -s "$KB_TOP/src/systemd/kbsync.default" "$settings" ||
    fail "make install did not install /etc/default/kbsync as shipped"
unit=$p/lib/systemd/system/kbsync.service
expect_no_placeholder "$unit" "$p/lib/systemd/system/kbsync.timer"
expect_match "$(cat "$unit")" '^ExecStart=/usr/local/bin/kbsync --quiet$' \
    "ExecStart names the installed kbsync"
expect_match "$(cat "$unit")" '^EnvironmentFile=/etc/default/kbsync$' \
    "the unit reads the installed settings"
expect_match "$(cat "$unit")" '^SuccessExitStatus=3$' "offline is success"
expect_eq 644 "$(stat -c %a "$unit")" "the unit's mode"

note "the installed kb makes a KB from the installed sample"
expect_status 0 env -u KB_SAMPLE_DIR "$p/bin/kb" init "$tmp/k"
expect_match "$out" "$sample_count answers" "kb init from the installed sample"
expect_status 0 env -u KB_SAMPLE_DIR "$p/bin/kb" --kb "$tmp/k" search passport
[ -n "$out" ] || fail "a KB from the installed sample finds no passport"

note "make install again keeps the office's settings"
echo "KB_DIR=/srv/kb/north" >"$settings"
kb_make install DESTDIR="$d" PREFIX=/usr/local
expect_contains "$out" "kept $settings" "install says it kept the settings"
expect_eq "KB_DIR=/srv/kb/north" "$(cat "$settings")" "settings kept"

note "make uninstall removes what install put, not the office's settings"
kb_make uninstall DESTDIR="$d" PREFIX=/usr/local
expect_contains "$out" "kept $settings" "uninstall says it kept the settings"
left=$(cd "$d" && find . ! -type d | sort)
expect_eq "./etc/default/kbsync" "$left" "only the changed settings are left"
cp "$KB_TOP/src/systemd/kbsync.default" "$settings"
kb_make uninstall DESTDIR="$d" PREFIX=/usr/local
expect_eq "" "$(cd "$d" && find . ! -type d)" "nothing left behind"
[ ! -e "$p/share/kb" ] || fail "uninstall left share/kb"

note "PREFIX=/usr: units in /lib/systemd/system, settings in /etc"
d=$tmp/usr
kb_make install DESTDIR="$d" PREFIX=/usr
unit=$d/lib/systemd/system/kbsync.service
[ -f "$unit" ] && [ -f "$d/lib/systemd/system/kbsync.timer" ] ||
    fail "PREFIX=/usr: no units in /lib/systemd/system"
expect_match "$(cat "$unit")" '^ExecStart=/usr/bin/kbsync --quiet$' \
    "PREFIX=/usr: ExecStart"
[ -f "$d/etc/default/kbsync" ] || fail "PREFIX=/usr: no /etc/default/kbsync"
kb_make uninstall DESTDIR="$d" PREFIX=/usr
expect_eq "" "$(cd "$d" && find . ! -type d)" "PREFIX=/usr: nothing left"

note "another PREFIX keeps everything under it"
d=$tmp/opt
kb_make install DESTDIR="$d" PREFIX=/opt/kb
unit=$d/opt/kb/lib/systemd/system/kbsync.service
expect_match "$(cat "$unit")" '^ExecStart=/opt/kb/bin/kbsync --quiet$' \
    "PREFIX=/opt/kb: ExecStart"
expect_match "$(cat "$unit")" '^EnvironmentFile=/opt/kb/etc/default/kbsync$' \
    "PREFIX=/opt/kb: settings under the prefix"
expect_eq "" "$(cd "$d" && find . ! -path './opt/*' ! -type d)" \
    "PREFIX=/opt/kb: nothing outside it"
kb_make uninstall DESTDIR="$d" PREFIX=/opt/kb
expect_eq "" "$(cd "$d" && find . ! -type d)" "PREFIX=/opt/kb: nothing left"

exit 0
