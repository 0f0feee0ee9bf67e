#!/bin/sh
# readme-map.sh: README.md's map of the code kept true to the tree
# (`make lint` runs it).
#
# The map is the first code block under "## How it is built".  A line
# that starts in the first column with a folder under src/ ("src/lib/")
# opens that folder's part of the map; a line that starts there with
# anything else ("include/kb/", "tests/unit/") closes it.  Every word
# ending in ".c" in a folder's part, in the file column or in a
# description, names a file of that folder ("include/x.c" one of its
# subfolder, "src/lib/x.c" that file wherever it is written).  It fails,
# naming each file, when
#   - a .c file under src/ is named nowhere in the map;
#   - the map names a .c file that does not exist (a wildcard such as
#     cmd_*.c is such a name: the map names each file).
#
# usage: readme-map.sh [README [SRC]]
# README: by default this checkout's README.md; SRC: the sources' folder,
# by default this checkout's src.  Needs POSIX sh, awk, find, sort, comm.
set -u
export LC_ALL=C

top=$(cd "$(dirname "$0")/../.." && pwd)
readme=${1:-$top/README.md}
src=${2:-$top/src}
if [ $# -gt 2 ] || [ ! -f "$readme" ] || [ ! -d "$src" ]; then
	echo "usage: $0 [README [SRC]]" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kb-readme-map.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The map's lines: from the first fence under the heading to the next.
awk '
state < 2 && /^## / {
	if (state == 1)
		exit
	state = ($0 == "## How it is built")
}
state == 1 && /^```/ { state = 2; next }
state == 2 && /^```/ { state = 3; exit }
state == 2 { print }
END { exit state == 3 ? 0 : 1 }' "$readme" >"$work/map" || {
	echo "$readme: no code block under \"## How it is built\"," \
	    "the map of the code" >&2
	exit 1
}

# The files the map names, relative to src/ ("lib/store.c").
awk '
/^[^ \t]/ {
	dir = ""
	if ($1 ~ /^src\/./) {
		dir = substr($1, 5)
		if (dir !~ /\/$/)
			dir = dir "/"
	}
	$1 = ""
}
{
	line = $0
	gsub(/[^A-Za-z0-9_.\/*<>-]/, " ", line)
	n = split(line, word, " ")
	for (i = 1; i <= n; i++) {
		w = word[i]
		sub(/\.+$/, "", w)
		if (w !~ /\.c$/)
			continue
		if (w ~ /^src\//)
			print substr(w, 5)
		else if (dir != "")
			print dir w
	}
}' "$work/map" | sort -u >"$work/named"

(cd "$src" && find . -type f -name '*.c') | sed 's|^\./||' | sort -u \
    >"$work/files"

# Each problem, and the status.
comm -23 "$work/files" "$work/named" >"$work/missing"
comm -13 "$work/files" "$work/named" >"$work/stale"
awk -v readme="$readme" '
FILENAME == ARGV[1] {
	printf "%s: the code map (## How it is built) does not name" \
	    " src/%s\n", readme, $0
}
FILENAME == ARGV[2] {
	printf "%s: the code map (## How it is built) names src/%s," \
	    " which does not exist\n", readme, $0
}' "$work/missing" "$work/stale"
[ ! -s "$work/missing" ] && [ ! -s "$work/stale" ]
