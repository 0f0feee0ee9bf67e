#!/bin/sh
# make deb builds $BUILD/kb_VERSION_ARCH.deb from the objects built; the
# package holds the programs (stripped), gzipped man pages, the sample
# KB, the systemd units and their settings (a conffile), the Debian
# changelog and copyright; it depends on runtime libraries only; the kb
# it holds runs and finds its sample; systemd-analyze verify accepts its
# units (where systemd-analyze is installed).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/install.sh"

command -v dpkg-deb >/dev/null 2>&1 || {
	echo "SKIP: no dpkg-deb: make deb needs Debian's dpkg" >&2
	exit 0
}
arch=$(dpkg --print-architecture)

note "make deb prints the package's path"
kb_make deb
deb=$(readlink -f "$(printf '%s\n' "$out" | tail -n 1)")
[ -f "$deb" ] || fail "make deb's last line is not the .deb: $out"
# The package's version: kb's, then the package's revision.
pkgver=$(dpkg-deb -f "$deb" Version)
expect_match "$pkgver" "^$(printf '%s' "$version" | sed 's/[.]/[.]/g')-[0-9]+\$" \
    "the package's version is kb's"
expect_eq "$bin_dir/kb_${pkgver}_$arch.deb" "$deb" "the .deb's name and folder"

note "its control fields"
expect_status 0 dpkg-deb -f "$deb" Package Architecture
expect_eq "Package: kb${NL}Architecture: $arch" "$out" \
    "package and architecture"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libgit2 libsqlite3 libmd4c libncursesw; do
	expect_contains "$depends" "$lib" "Depends names $lib"
done
expect_not_contains "$depends" "-dev" "Depends: no -dev package"
expect_not_contains "$depends" "cmocka" "Depends: no test library"
# Each one a real package: this machine, which built kb, has them all.
for pkg in $(printf '%s\n' "$depends" | tr ',' '\n' | sed 's/(.*//; s/ //g'); do
	dpkg-query -W -f '${Status}\n' "$pkg" 2>/dev/null | grep -q installed ||
	    fail "Depends names $pkg, which is not an installed package"
done
expect_eq "git, wamerican, wspanish" "$(dpkg-deb -f "$deb" Recommends)" \
    "word lists and git are recommended: kb runs without them"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || fail "no Maintainer"
[ -n "$(dpkg-deb -f "$deb" Description)" ] || fail "no Description"

note "its files"
expect_status 0 dpkg-deb -c "$deb"
listing=$out
files=$(printf '%s\n' "$listing" | awk '{ print $6 }' | sed 's|^\./|/|')
for f in /usr/bin/kb /usr/bin/kbsync /usr/share/man/man1/kb.1.gz \
    /usr/share/man/man1/kbsync.1.gz /usr/share/man/man5/kb-answer.5.gz \
    /usr/share/kb/sample/synonyms.txt /usr/share/kb/hooks/pre-receive \
    /lib/systemd/system/kbsync.service /lib/systemd/system/kbsync.timer \
    /etc/default/kbsync /usr/share/doc/kb/changelog.Debian.gz \
    /usr/share/doc/kb/copyright; do
	printf '%s\n' "$files" | grep -qx "$f" || fail "the .deb has no $f"
done
n=$(printf '%s\n' "$files" | grep -c '^/usr/share/kb/sample/answers/.*\.md$')
expect_eq "$sample_count" "$n" "every sample answer is in the .deb"
! printf '%s\n' "$files" | grep -E '^/usr/share/man/.*\.[0-9]$' ||
    fail "a man page is not gzipped"
! printf '%s\n' "$listing" | awk '{ print $2 }' | grep -vx root/root ||
    fail "a file in the .deb is not owned by root"

note "its control files: the settings are a conffile; md5sums match"
ctl=$tmp/control
dpkg-deb -e "$deb" "$ctl"
expect_eq /etc/default/kbsync "$(cat "$ctl/conffiles")" "conffiles"
root=$tmp/root
expect_status 0 dpkg -x "$deb" "$root"
(cd "$root" && md5sum --quiet -c "$ctl/md5sums") ||
    fail "md5sums do not match the files"
expect_eq "$(find "$root" -type f | wc -l | tr -d ' ')" \
    "$(wc -l <"$ctl/md5sums" | tr -d ' ')" "md5sums lists every file"

note "its documents"
expect_eq "kb ($pkgver) unstable; urgency=medium" \
    "$(gzip -dc "$root/usr/share/doc/kb/changelog.Debian.gz" | head -n 1)" \
    "the changelog's newest entry is this version"
expect_match "$(cat "$root/usr/share/doc/kb/copyright")" \
    '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/$' \
    "copyright is machine-readable"
expect_match "$(cat "$root/usr/share/doc/kb/copyright")" '^License: ' \
    "copyright states the licence"
gzip -dc "$root/usr/share/man/man1/kbsync.1.gz" | cmp -s - "$KB_TOP/man/kbsync.1" ||
    fail "kbsync.1.gz is not man/kbsync.1"

note "the programs in it run, stripped, and kb finds the sample beside it"
expect_status 0 "$root/usr/bin/kb" --version
expect_eq "kb $version" "$out" "the packaged kb --version"
expect_status 0 "$root/usr/bin/kbsync" --version
expect_eq "kbsync $version" "$out" "the packaged kbsync --version"
for b in kb kbsync; do
	! readelf -S "$root/usr/bin/$b" | grep -qE '\.symtab|\.debug_info' ||
	    fail "$b in the .deb is not stripped"
done
grep -qa '/usr/share/kb/sample' "$root/usr/bin/kb" ||
    fail "the packaged kb was not built for /usr (its sample's path)"
expect_status 0 env -u KB_SAMPLE_DIR "$root/usr/bin/kb" init "$tmp/k"
expect_match "$out" "$sample_count answers" "kb init from the packaged sample"
expect_status 0 env -u KB_SAMPLE_DIR "$root/usr/bin/kb" --kb "$tmp/k" \
    search passport
[ -n "$out" ] || fail "a KB from the packaged sample finds no passport"

note "its units: oneshot, not root, offline is success, every 15 minutes"
units=$root/lib/systemd/system
expect_no_placeholder "$units/kbsync.service" "$units/kbsync.timer"
service=$(cat "$units/kbsync.service")
for line in 'Type=oneshot' 'ExecStart=/usr/bin/kbsync --quiet' \
    'EnvironmentFile=/etc/default/kbsync' 'SuccessExitStatus=3' \
    'NoNewPrivileges=yes' 'ProtectSystem=full'; do
	printf '%s\n' "$service" | grep -qx "$line" ||
	    fail "kbsync.service has no line '$line'"
done
user=$(printf '%s\n' "$service" | sed -n 's/^User=//p')
[ -n "$user" ] && [ "$user" != root ] && [ "$user" != 0 ] ||
    fail "kbsync.service must run as a user, not root (User=$user)"
timer=$(cat "$units/kbsync.timer")
for line in 'OnCalendar=*:0/15' 'Persistent=true' 'WantedBy=timers.target'; do
	printf '%s\n' "$timer" | grep -qxF "$line" ||
	    fail "kbsync.timer has no line '$line'"
done
expect_match "$timer" '^RandomizedDelaySec=[1-9]' "the timer spreads offices"
expect_match "$(cat "$root/etc/default/kbsync")" '^KB_DIR=/' \
    "the settings name the office's KB"

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze verify: systemd-analyze is not installed" >&2
	exit 0
fi
note "systemd-analyze verify on the units, ExecStart in the extracted tree"
v=$tmp/verify
mkdir -p "$v"
sed "s|^ExecStart=/usr/bin/|ExecStart=$root/usr/bin/|" \
    "$units/kbsync.service" >"$v/kbsync.service"
cp "$units/kbsync.timer" "$v/kbsync.timer"
# Documentation=man:kbsync(1) is looked up: in the package's man pages.
expect_status 0 env MANPATH="$root/usr/share/man" \
    systemd-analyze verify "$v/kbsync.service" "$v/kbsync.timer"
expect_eq "" "$err" "systemd-analyze verify has nothing to say"

exit 0
