#!/bin/sh
# The documentation agrees with the program: each command's --help usage
# line has the options of its SYNOPSIS line in man/kb.1, each command and
# option in --help is described in man/kb.1, and the man pages lint clean.
# The same for kbsync and man/kbsync.1: its usage line, its options and
# its exit statuses.
# Option names are compared, not their wording or value names.
. "$(dirname "$0")/../lib.sh"

man1=$KB_TOP/man/kb.1
man5=$KB_TOP/man/kb-answer.5
mansync=$KB_TOP/man/kbsync.1
[ -f "$man1" ] && [ -f "$man5" ] && [ -f "$mansync" ] ||
    fail "test setup: no man pages in $KB_TOP/man"
kbsync_bin=$(dirname "$KB_BIN")/kbsync
[ -x "$kbsync_bin" ] || fail "test setup: no kbsync binary at $kbsync_bin"

# A KB, so that `kb COMMAND --help` does not depend on finding one.
k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
write_answer "$k" one "One" "Body."
commit "$k" one

# Sorted, space-separated long option names ("--" for a bare "--").
opts_of() {
	printf '%s\n' "$1" | grep -Eo -- '(^|[^a-z-])--([a-z][a-z-]*)?' |
	    sed 's/^[^-]*//' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# mdoc lines -> the option names their Fl macros render, one line per
# input line: "Fl \-kb" is "--kb", "Fl h" is "-h", a bare "Fl \-" is "--".
fl_render() {
	sed 's/\\-/-/g' | awk '{
		fl = 0; out = ""
		for (i = 1; i <= NF; i++) {
			if ($i == "Fl") { fl = 1; continue }
			if ($i !~ /^-?[a-z]*[a-z-]*$/ || $i ~ /^(Ar|Ns|Op|Oc|Cm|Li|Pq)$/) {
				fl = 0; continue
			}
			if (fl) out = out " -" $i
		}
		print out
	}'
}

# Sorted, space-separated option names, long and short, of the left
# column of a --help "Options:" list ("-q, --quiet", "--kb DIR").
help_flags() {
	printf '%s\n' "$1" | sed -n '/^Options:/,/^$/p' | sed 1d |
	    sed 's/^ *//; s/  .*//' | grep -Eo -- '(^|[ ,])--?[a-z][a-z-]*' |
	    sed 's/^[ ,]*//' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

# The SYNOPSIS of a man page, one line per form: "CMD opt..." ("-" for
# the form without a command), from the mdoc source.
synopsis_of() {
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$1" |
	    sed 's/\\-/-/g' | awk '
	/^\.Nm/ { if (n) print line; n++; line = "-"; next }
	/^\.Cm / { sub(/^-/, $2, line); next }
	/^\.Fl / {
		# A required option: ".Fl \-channel Ar c" is "--channel".
		fl = 1
		for (i = 2; i <= NF; i++) {
			if ($i == "Fl") { fl = 1; continue }
			if ($i == "Ar") { fl = 0; continue }
			if (fl && $i != "|") line = line " -" $i
		}
	}
	/^\.Op Fl / {
		# "Fl x" renders as "-x", so "Fl \-kb" is "--kb", "Fl \-" is "--".
		fl = 0
		for (i = 2; i <= NF; i++) {
			if ($i == "Fl") { fl = 1; continue }
			if ($i == "Ar") { fl = 0; continue }
			if (fl && $i != "|") line = line " -" $i
		}
	}
	END { if (n) print line }'
}
synopsis=$(synopsis_of "$man1")
[ -n "$synopsis" ] || fail "no SYNOPSIS found in $man1"

# The commands in kb --help.
expect_status 0 kb --help
help=$out
commands=$(printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/p' |
    sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p')
[ -n "$commands" ] || fail "no commands found in kb --help: $help"
expect_eq "init index search show check notices use flag flags undo report import export prune learn propose proposals diff approve reject reviewers history review status tui" "$(echo $commands)" "commands in kb --help"

note "each command's --help usage line matches its SYNOPSIS line"
for c in $commands; do
	expect_status 0 kb --kb "$k" "$c" --help
	usage=$(printf '%s\n' "$out" | sed -n 1p)
	expect_match "$usage" "^usage: kb $c( |\$)" "kb $c --help: first line"
	want=$(printf '%s\n' "$synopsis" | awk -v c="$c" '$1 == c')
	[ -n "$want" ] || fail "no SYNOPSIS line for '$c' in kb.1"
	expect_eq "$(opts_of "$want")" "$(opts_of "${usage#usage: kb $c}")" \
	    "options of 'kb $c' in --help vs the SYNOPSIS of kb.1"
	# Options listed under "Options:" are the ones of the usage line.
	listed=$(printf '%s\n' "$out" | sed -n '/^Options:/,/^$/p' | sed 1d)
	expect_eq "$(opts_of "${usage#usage: kb $c}" | sed 's/^-- //; s/ -- / /; s/^--$//')" \
	    "$(opts_of "$listed" | sed 's/ *--help//')" \
	    "kb $c --help: usage line vs its Options list"
done

note "global options: kb --help, SYNOPSIS and GLOBAL OPTIONS agree"
global_help=$(printf '%s\n' "$help" | sed -n '/^Options/,/^$/p' | sed 1d)
global_syn=$(printf '%s\n' "$synopsis" | awk '$1 == "-"')
expect_eq "$(opts_of "$global_syn")" "$(opts_of "$global_help")" \
    "global options in kb --help vs the first SYNOPSIS line"
global_sect=$(sed -n '/^\.Sh GLOBAL OPTIONS/,/^\.Sh /p' "$man1" |
    grep '^\.It Fl' | fl_render)
expect_eq "$(opts_of "$global_sect")" "$(opts_of "$global_help")" \
    "global options in kb --help vs the GLOBAL OPTIONS section"

note "every command of kb --help has an .It Cm entry in kb.1, with its options"
# "CMD --opt" lines from the COMMANDS section.
described=$(sed -n '/^\.Sh COMMANDS/,/^\.Sh /p' "$man1" | sed 's/\\-/-/g' | awk '
	/^\.It Cm / { cmd = $3; print cmd; next }
	/^\.It Xo/ { xo = 1; next }
	xo && /^\.Cm / { cmd = $2; print cmd; xo = 0; next }
	{ xo = 0 }
	/^\.It Fl / && cmd != "" { print cmd " -" $3 }')
for c in $commands; do
	printf '%s\n' "$described" | grep -qx "$c" ||
	    fail "kb.1 COMMANDS has no .It Cm entry for '$c'"
	expect_status 0 kb --kb "$k" "$c" --help
	for o in $(opts_of "$(printf '%s\n' "$out" | sed -n '/^Options:/,/^$/p')"); do
		printf '%s\n' "$described" | grep -qx -- "$c $o" ||
		    fail "kb $c --help lists $o, which kb.1 does not describe under $c"
	done
done
for c in $(printf '%s\n' "$described" | grep -v ' '); do
	case " $(echo $commands) " in
	*" $c "*) ;;
	*) fail "kb.1 describes a command '$c' that kb --help does not list" ;;
	esac
done

note "EXIT STATUS and the commands' documented exits"
for s in 0 1 2; do
	sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$man1" | grep -qx ".It $s" ||
	    fail "kb.1 EXIT STATUS does not list $s"
done

note "kb.1 and kb-answer.5 name each other and the same files"
grep -q '^\.Xr kb-answer 5' "$man1" || fail "kb.1 does not refer to kb-answer(5)"
grep -q '^\.Xr kb 1' "$man5" || fail "kb-answer.5 does not refer to kb(1)"
expect_contains "$(cat "$man1")" "index.db" "kb.1 FILES names the index"
ver=$(kb --version | sed 's/^kb //')
[ -n "$ver" ] || fail "no version"

note "kbsync --help: its usage line is the SYNOPSIS of kbsync.1"
expect_status 0 "$kbsync_bin" --help
sync_help=$out
sync_usage=$(printf '%s\n' "$sync_help" | sed -n 1p)
expect_match "$sync_usage" '^usage: kbsync( |$)' "kbsync --help: first line"
sync_usage=${sync_usage#usage: }
sync_syn=$(synopsis_of "$mansync")
[ -n "$sync_syn" ] || fail "no SYNOPSIS found in $mansync"
expect_eq "$(opts_of "$sync_usage")" \
    "$(opts_of "$(printf '%s\n' "$sync_syn" | sed -n 1p)")" \
    "options of kbsync --help's usage line vs the first SYNOPSIS form"
# --help and --version have forms of their own.
for o in --help --version; do
	printf '%s\n' "$sync_syn" | grep -qx -- "- $o" ||
	    fail "kbsync.1 SYNOPSIS has no form 'kbsync $o': $sync_syn"
done
# The usage line has the options of --help's Options list, less --help
# and --version.
expect_eq "$(opts_of "$sync_usage")" \
    "$(opts_of "$(printf '%s\n' "$sync_help" | sed -n '/^Options:/,/^$/p')" |
    sed 's/ *--help//; s/ *--version//')" \
    "kbsync --help: usage line vs its Options list"

note "kbsync --help: every option, long and short, is in kbsync.1 OPTIONS"
sync_sect=$(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p' "$mansync" | grep '^\.It Fl' |
    fl_render | tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' ' |
    sed 's/ $//')
expect_eq "$(help_flags "$sync_help")" "$sync_sect" \
    "kbsync --help Options vs the .It Fl entries of kbsync.1 OPTIONS"

note "kbsync --help and kbsync.1 EXIT STATUS list the same statuses"
help_exits=$(printf '%s\n' "$sync_help" | sed -n '/^Exit status:/,/^See /p' |
    grep -Eo '(^|[ :,])[0-9]+ ' | tr -dc '0-9\n ' | tr ' ' '\n' |
    sed '/^$/d' | sort -n | tr '\n' ' ' | sed 's/ $//')
man_exits=$(sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$mansync" |
    sed -n 's/^\.It \([0-9][0-9]*\)$/\1/p' | sort -n | tr '\n' ' ' |
    sed 's/ $//')
expect_eq "0 1 2 3 4 5 6" "$help_exits" "exit statuses in kbsync --help"
expect_eq "$help_exits" "$man_exits" "exit statuses: kbsync --help vs kbsync.1"

note "kbsync --version, and kb.1 and kbsync.1 name each other"
expect_status 0 "$kbsync_bin" --version
expect_eq "kbsync $ver" "$out" "kbsync --version"
grep -q '^\.Xr kbsync 1' "$man1" || fail "kb.1 does not refer to kbsync(1)"
grep -q '^\.Xr kb 1' "$mansync" || fail "kbsync.1 does not refer to kb(1)"
for f in last-sync sync.lock offices.db; do
	expect_contains "$(cat "$man1")" "$f" "kb.1 FILES names $f"
	expect_contains "$(cat "$mansync")" "$f" "kbsync.1 FILES names $f"
done

note "mandoc -Tlint -Wwarning man/* prints nothing"
if command -v mandoc >/dev/null 2>&1; then
	lint=$(cd "$KB_TOP" && mandoc -Tlint -Wwarning man/*.[0-9] 2>&1 || true)
	expect_eq "" "$lint" "mandoc -Tlint -Wwarning man/*"
	# The rendered SYNOPSIS agrees with the source parsed above.
	rendered=$(mandoc -Tascii "$man1" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p')
	for c in $commands; do
		printf '%s\n' "$rendered" | grep -Eq "^ +kb \[global-options\] $c( |\$)" ||
		    fail "rendered SYNOPSIS has no line for $c: $rendered"
	done
	# kbsync's first form, as printed, is its usage line (value names
	# are in lower case in the man page).
	rendered=$(mandoc -Tascii "$mansync" | sed 's/.\x08//g' |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | awk '
		/^ +kbsync( |$)/ { n++ }
		n == 1 { sub(/^ +/, ""); printf "%s%s", sep, $0; sep = " " }')
	expect_eq "$(printf '%s\n' "$sync_usage" | tr 'A-Z' 'a-z')" \
	    "$(printf '%s\n' "$rendered" | tr -s ' ')" \
	    "kbsync --help's usage line vs the rendered SYNOPSIS of kbsync.1"
else
	note "mandoc is not installed: lint skipped"
fi

exit 0
