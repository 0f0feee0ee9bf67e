#!/bin/sh
# build-deb.sh: the Debian package kb from a staged `make install
# DESTDIR=ROOT PREFIX=/usr`; `make deb` runs it.
#
# usage: src/debian/build-deb.sh ROOT VERSION OUTDIR
#
# VERSION is kb's (KB_VERSION); the package's adds the revision of the
# newest entry of src/debian/changelog, as in 0.1.0-1.
#
# Strips the programs (no separate debug package: `make install` keeps
# the -g build), compresses the manual pages, adds the Debian changelog
# and copyright from src/debian/, computes Depends from the libraries
# the programs link (dpkg-shlibdeps; else dpkg -S on them, unversioned),
# and writes OUTDIR/kb_VERSION-REVISION_ARCH.deb, whose path (as OUTDIR
# was given) it prints.
set -eu

die() {
	echo "make deb: $*" >&2
	exit 1
}

[ $# -eq 3 ] || die "usage: build-deb.sh ROOT VERSION OUTDIR"
root=$(cd "$1" && pwd) || die "no staged install in $1"
version=$2
outdir=$(cd "$3" && pwd) || die "no folder $3"
shown=$3
meta=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$meta/../.." && pwd)
[ -x "$root/usr/bin/kb" ] && [ -x "$root/usr/bin/kbsync" ] ||
    die "no staged install in $root (make install DESTDIR=$root PREFIX=/usr)"
arch=$(dpkg --print-architecture) ||
    die "dpkg --print-architecture failed: is this Debian?"

# The package's version is the newest entry of its changelog: kb's own
# version (include/kb/kb.h, KB_VERSION), a dash, the package's revision.
logged=$(sed -n '1s/^kb (\([^)]*\)).*/\1/p' "$meta/changelog")
[ "${logged%-*}" = "$version" ] && [ "$logged" != "${logged%-*}" ] ||
    die "src/debian/changelog's newest entry is '$logged', kb.h says" \
	"'$version': add an entry for $version-1 at its top"
version=$logged

# The programs, stripped; the manual pages, gzipped, as Debian ships them.
strip --strip-unneeded --remove-section=.comment --remove-section=.note \
    "$root/usr/bin/kb" "$root/usr/bin/kbsync"
find "$root/usr/share/man" -type f ! -name '*.gz' -exec gzip -9nf {} +

doc=$root/usr/share/doc/kb
mkdir -p "$doc"
gzip -9nc "$meta/changelog" >"$doc/changelog.Debian.gz"
cp "$meta/copyright" "$doc/copyright"
gzip -9nc "$top/README.md" >"$doc/README.md.gz"

# Depends: the runtime libraries, never their -dev packages.
shlib_depends() {
	work=$(dirname "$root")/shlibdeps
	rm -rf "$work" && mkdir -p "$work/debian"
	printf 'Source: kb\n\nPackage: kb\nArchitecture: any\n' \
	    >"$work/debian/control"
	(cd "$work" && dpkg-shlibdeps -O "$1" "$2") |
	    sed -n 's/^shlibs:Depends=//p'
}

# Without dpkg-dev: the package that holds each library a program needs.
owner_depends() {
	for bin in "$@"; do
		readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
		while read -r lib; do
			path=$(ldd "$bin" | awk -v l="$lib" '$1 == l { print $3 }')
			if [ -z "$path" ]; then
				echo "make deb: $bin needs $lib; ldd cannot find it" >&2
				echo '!unresolved'
				continue
			fi
			for p in "$path" "/usr$path" "${path#/usr}" \
			    "$(readlink -f "$path")"; do
				dpkg -S "$p" 2>/dev/null && break
			done | sed -n '1s/:.*//p'
		done
	done | sort -u | paste -sd, - | sed 's/,/, /g'
}

mkdir -p "$root/DEBIAN"
if command -v dpkg-shlibdeps >/dev/null 2>&1; then
	depends=$(shlib_depends "$root/usr/bin/kb" "$root/usr/bin/kbsync")
else
	depends=$(owner_depends "$root/usr/bin/kb" "$root/usr/bin/kbsync")
fi
case "$depends" in
''|*!unresolved*) die "could not work out the libraries kb needs" ;;
esac
case ", $depends," in
*-dev[,\ ]*) die "Depends names a -dev package: $depends" ;;
esac

# What dpkg installs must not depend on the umask of whoever built it.
chmod -R u+rwX,go+rX,go-w "$root"

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
    -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
    "$meta/control" >"$root/DEBIAN/control"
# Every file under /etc is a conffile: dpkg keeps the office's changes.
(cd "$root" && find etc -type f 2>/dev/null | sort | sed 's|^|/|') \
    >"$root/DEBIAN/conffiles"
[ -s "$root/DEBIAN/conffiles" ] || rm -f "$root/DEBIAN/conffiles"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' |
    LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/"*

# One package in OUTDIR, so that `apt install ./build/kb_*.deb` is one.
rm -f "$outdir"/kb_*_"$arch".deb
deb=$outdir/kb_${version}_$arch.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$shown/${deb##*/}"
