#!/bin/sh
# boundary.sh: the layers of kb kept apart, checked on the built objects
# and on the sources (`make lint` runs it).
#
# The layers, lowest first: util (src/util), the core (src/lib), the TUI
# (src/tui), the CLI (src/cli: kb and kbsync).  It fails, saying where and
# what to do, when
#   - an object uses a symbol that an object of a higher layer defines;
#   - the core's objects, or util's, depend on each other in a loop (each
#     loop is printed with the symbols that make each of its edges);
#   - a TUI or CLI object uses SQLite, libgit2 or md4c itself (sqlite3_*,
#     git_*, MD_*, md_*): only the core does;
#   - include/, src/tui or src/cli includes sqlite3.h, git2.h, git2/*.h,
#     md4c.h or md4c-html.h;
#   - a C file under src/, include/ or tests/ includes "../...".
#
# usage: boundary.sh [--top DIR] BUILD
#        boundary.sh [--top DIR] [--util OBJS] [--core OBJS] [--tui OBJS]
#                    [--cli OBJS]
#
# BUILD: the objects are BUILD/util/*.o, BUILD/lib/*.o, BUILD/tui/*.o and
# BUILD/cli/*.o.  Otherwise each option is a space-separated list of
# objects (the Makefile's, so that a stale object is not inspected).
# --top: the sources' top directory (by default, this checkout's).
# Needs POSIX sh, awk, find, grep, nm (binutils) and tsort (coreutils).
set -u
export LC_ALL=C

top=$(cd "$(dirname "$0")/../.." && pwd)
util="" core="" tui="" cli="" build=""
while [ $# -gt 0 ]; do
	case "$1" in
	--top) top=$2; shift 2 ;;
	--util) util=$2; shift 2 ;;
	--core) core=$2; shift 2 ;;
	--tui) tui=$2; shift 2 ;;
	--cli) cli=$2; shift 2 ;;
	-*) echo "usage: $0 [--top DIR] BUILD" >&2
	    echo "       $0 [--top DIR] [--util|--core|--tui|--cli OBJS]..." >&2
	    exit 2 ;;
	*) build=$1; shift ;;
	esac
done

# The objects of a directory, or nothing when it has none.
objects_in() {
	for o in "$1"/*.o; do
		[ -f "$o" ] && printf '%s ' "$o"
	done
}

if [ -n "$build" ]; then
	util=$(objects_in "$build/util")
	core=$(objects_in "$build/lib")
	tui=$(objects_in "$build/tui")
	cli=$(objects_in "$build/cli")
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kb-boundary.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
problems=0

# --- the symbols ------------------------------------------------------------
#
# $work/symbols: "LAYER OBJECT TYPE SYMBOL", one line per external symbol
# an object defines (TYPE is nm's letter) or uses (TYPE U).

symbols_of() {
	[ -n "$2" ] || return 0
	# shellcheck disable=SC2086 # a list of objects
	nm -P -g -A $2 | awk -v layer="$1" '
	NF >= 3 {
		obj = $1
		sub(/:$/, "", obj)
		print layer, obj, $3, $2
	}'
}
{
	symbols_of util "$util" &&
	symbols_of core "$core" &&
	symbols_of tui "$tui" &&
	symbols_of cli "$cli"
} >"$work/symbols" || { echo "boundary: nm failed" >&2; exit 2; }

# Layers, each object's uses against who defines them: a use upwards, a
# front end on a library only the core may use, and the edges among the
# core's objects and among util's ($work/edges.LAYER: "USER DEFINER SYM").
awk -v work="$work" '
BEGIN {
	rank["util"] = 0; rank["core"] = 1; rank["tui"] = 2; rank["cli"] = 3
	name["util"] = "util layer"; name["core"] = "core"
	name["tui"] = "TUI"; name["cli"] = "CLI"
}
$3 !~ /^[Uwv]$/ { def[$4] = $2; def_layer[$4] = $1; next }
{ n++; layer[n] = $1; obj[n] = $2; sym[n] = $4 }
END {
	bad = 0
	for (i = 1; i <= n; i++) {
		s = sym[i]
		if ((layer[i] == "tui" || layer[i] == "cli") &&
		    s ~ /^(sqlite3_|git_|MD_|md_)/) {
			printf "%s uses %s: only the core (src/lib) uses SQLite," \
			    " libgit2 and md4c; give the core a kb_* function" \
			    " for it\n", obj[i], s
			bad++
		}
		if (!(s in def) || def[s] == obj[i])
			continue
		if (rank[layer[i]] < rank[def_layer[s]]) {
			printf "%s uses %s, defined by %s: the %s is below the" \
			    " %s, and calls go down only; move %s down, or" \
			    " its caller up\n", obj[i], s, def[s],
			    name[layer[i]], name[def_layer[s]], s
			bad++
		} else if (layer[i] == def_layer[s] &&
		    (layer[i] == "core" || layer[i] == "util")) {
			print obj[i], def[s], s >(work "/edges." layer[i])
		}
	}
	exit (bad > 0)
}' "$work/symbols" || problems=1

# --- loops ------------------------------------------------------------------
#
# tsort names the objects of each loop it finds, in the loop's order; for
# each, the symbols that make its edges show what to move.

loops_of() {
	edges=$work/edges.$1
	[ -s "$edges" ] || return 0
	awk '{ print $1, $2 }' "$edges" | sort -u >"$work/pairs"
	tsort "$work/pairs" >/dev/null 2>"$work/tsort" && return 0
	awk -v what="$2" '
	FNR == NR {
		node[$1] = 1; node[$2] = 1
		key = $1 " " $2
		if (key in syms)
			syms[key] = syms[key] " " $3
		else
			syms[key] = $3
		next
	}
	{
		name = $0
		sub(/^tsort: /, "", name)
		if (name in node) {
			member[loops, ++size[loops]] = name
			next
		}
		loops++		# any other line starts a loop
	}
	END {
		for (l = 1; l <= loops; l++) {
			if (!size[l])
				continue
			found++
			printf "a dependency loop among %s:\n", what
			for (i = 1; i <= size[l]; i++) {
				for (j = 1; j <= size[l]; j++) {
					key = member[l, i] " " member[l, j]
					if (key in syms)
						printf "  %s -> %s: %s\n",
						    member[l, i], member[l, j],
						    syms[key]
				}
			}
		}
		if (found)
			printf "break each loop: move what one object needs" \
			    " of another into it, or both parts into a file" \
			    " of their own\n"
		exit (found > 0)
	}' "$edges" "$work/tsort" || return 1
	# tsort failed, but not on a loop.
	cat "$work/tsort"
	return 1
}
loops_of core "the core's objects" || problems=1
loops_of util "util's objects" || problems=1

# --- the sources ------------------------------------------------------------

# grep_sources ERE DIR...: "FILE:LINE:TEXT" for each C file's matching line.
grep_sources() {
	ere=$1
	shift
	for d in "$@"; do
		[ -d "$top/$d" ] || continue
		(cd "$top" && find "$d" -type f \( -name '*.c' -o -name '*.h' \) \
		    -exec grep -nE "$ere" /dev/null {} +)
	done
}

hash='^[[:space:]]*#[[:space:]]*include[[:space:]]*'
found=$(grep_sources \
    "${hash}[<\"](sqlite3\.h|git2\.h|git2/[^>\"]*|md4c\.h|md4c-html\.h)[>\"]" \
    include src/tui src/cli)
if [ -n "$found" ]; then
	printf '%s\n' "$found" | awk -F: '{
		line = $0
		sub(/^[^:]*:[^:]*:[[:space:]]*/, "", line)
		printf "%s:%s: %s: only the core (src/lib) sees SQLite," \
		    " libgit2 and md4c; use include/kb/*.h\n", $1, $2, line
	}'
	problems=1
fi

found=$(grep_sources "${hash}\"\.\./" src include tests)
if [ -n "$found" ]; then
	printf '%s\n' "$found" | awk -F: '{
		line = $0
		sub(/^[^:]*:[^:]*:[[:space:]]*/, "", line)
		printf "%s:%s: %s: no \"../\": reach the header of another" \
		    " directory through the include path (-I in the Makefile)\n",
		    $1, $2, line
	}'
	problems=1
fi

exit $problems
