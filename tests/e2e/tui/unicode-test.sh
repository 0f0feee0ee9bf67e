#!/bin/sh
# What the TUI sends the terminal: wide characters (CJK, emoji) and
# accents intact and counted as the terminal counts them; control
# characters in an answer never reach the terminal raw; NO_COLOR means no
# colour, and the selection is still shown without it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

k=$tmp/kb
tui_kb "$k"
# ESC [31m (red), BEL, and the C1 control CSI (U+009B) in UTF-8, in the
# title, the common text and the Phone section.
printf -- '---\ntitle: Evil \033[31mcontrol\007 title\ntags: evil\nreview-by: 2099-12-31\n---\nBefore \033[31mred text\033[0m after, bell\007 here, csi \302\23331m there.\n\n## Phone\nPhone \033[5mblinkword\302\233 end.\n' \
    >"$k/answers/evil-chars.md"
commit "$k" "control characters"

esc=$(printf '\033')
# The SGR parameters of a capture-pane -e text, one a line; extended
# colours as one item (38;5;N, 48;2;R;G;B).
sgr_codes() {
	printf '%s\n' "$1" | grep -o "$esc\\[[0-9;:]*m" | sed "s/^$esc\\[//; s/m\$//" |
	    awk -F';' '{
		if (NF == 0) { print 0; next }
		for (i = 1; i <= NF; i++) {
			c = $i == "" ? 0 : $i
			if ((c == 38 || c == 48) && $(i + 1) == 5) {
				c = c ";5;" $(i + 2); i += 2
			} else if ((c == 38 || c == 48) && $(i + 1) == 2) {
				c = c ";2;" $(i + 2) ";" $(i + 3) ";" $(i + 4); i += 4
			}
			print c
		}
	}'
}
# Colours: 30-37, 90-97 foreground, 40-47, 100-107 background, 38;... 48;...
COLOUR='^(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;.*|48;.*)$'
RED='^(31|41|91|101|38;5;(1|9|160|196)|48;5;(1|9|160|196))$'

# Display width of a string, where wc -L counts it as a terminal does.
width_of() {
	printf '%s' "$1" | wc -L | tr -d ' '
}

tui_start 80 24 "$k"
wait_for -E '^Search:'

note "accents and wide characters typed in the search line"
type_text café
wait_for "Search: café"
wait_cursor 0 12
keys BSpace
wait_for -E '^Search: caf$'
wait_cursor 0 11
keys C-u
wait_for "Type what the customer says"
type_text 漢字
wait_for "Search: 漢字" "> 漢字 tea ceremony 🍵 café visits  culture, tea"
wait_cursor 0 12

note "the wide title is intact in the results and the answer"
keys C-u
wait_for "Type what the customer says"
type_text tea
wait_for "Search: tea" "1 answer"
expect_eq "> 漢字 tea ceremony 🍵 café visits  culture, tea" "$(row 2)" \
    "the selected result with CJK, an emoji and an accent"
keys Enter
wait_for -E '^漢字 tea ceremony 🍵 café visits +tea-ceremony$'
if [ "$(width_of '漢字🍵é')" = 7 ]; then
	expect_eq 80 "$(width_of "$(row 0)")" \
	    "the id ends in the last column: kb counts 漢字 and 🍵 as two columns each"
else
	note "(wc -L cannot count display columns here: the id's column is not checked)"
fi
expect_screen "The tea ceremony café by the harbour" "the answer's text"
keys Escape
wait_for "Search: tea" "1 answer"

note "control characters in an answer never reach the terminal"
keys C-u
wait_for "Type what the customer says"
type_text evil
wait_for "Search: evil" "1 answer" -E '^> Evil .*control.* title  evil$'
shot=$(capture_e)
if sgr_codes "$shot" | grep -Eq "$RED"; then
	dump_screen
	fail "red on the screen: a raw ESC [31m from the title or the text? $(printf '%s\n' "$shot" | cat -v)"
fi
keys Enter
wait_for -E '^Evil .*control.* title +evil-chars$' -E '^Before .*red text.* after, bell.* here, csi .*31m there\.$'
expect_screen "[31mred text" "what follows ESC is shown as text"
shot=$(capture_e)
if sgr_codes "$shot" | grep -Eq "$RED"; then
	fail "the answer turned the terminal red:$NL$(printf '%s\n' "$shot" | cat -v)"
fi
if sgr_codes "$shot" | grep -Eq '^[56]$'; then
	fail "the answer made the terminal blink:$NL$(printf '%s\n' "$shot" | cat -v)"
fi
note "a bidi override typed or pasted into the search line is shown as U+FFFD"
keys Escape
wait_for "Search: evil" "1 answer"
keys C-u
wait_for "Type what the customer says"
rlo=$(printf '\342\200\256') fffd=$(printf '\357\277\275')
type_text "evil${rlo}drawkcab"
wait_for "Search: evil${fffd}drawkcab"
case $(capture) in
*"$rlo"*) fail "a bidi override reached the terminal: $(capture | cat -v)" ;;
esac
keys C-u
type_text evil
wait_for "Search: evil" "1 answer"
keys Enter
wait_for -E '^Evil .*control.* title +evil-chars$'
note "the same on the Phone channel"
keys F2
wait_for -E "$(status_re Phone)" -E '^\| Phone .*blinkword.* end\.$'
shot=$(capture_e)
if sgr_codes "$shot" | grep -Eq "$RED|^[56]$"; then
	fail "the Phone section turned the terminal red or blinking:$NL$(printf '%s\n' "$shot" | cat -v)"
fi
keys C-c
expect_clean_exit

note "with colour, the results have colour (so that the check below can fail)"
tui_stop
tui_start 80 24 "$k"
wait_for -E '^Search:'
type_text harbour
wait_for "Search: harbour" "3 answers"
shot=$(capture_e)
sgr_codes "$shot" | grep -Eq "$COLOUR" ||
    fail "no colour at all without NO_COLOR:$NL$(printf '%s\n' "$shot" | cat -v)"
keys C-c
expect_clean_exit

note "NO_COLOR=1: no colour, the selection still marked with '> '"
tui_stop
TUI_ENV="NO_COLOR=1"
tui_start 80 24 "$k"
TUI_ENV=""
wait_for -E '^Search:'
type_text harbour
wait_for "Search: harbour" "3 answers"
expect_eq 1 "$(printf '%s\n' "$screen" | grep -c '^> ')" "one row marked '> '"
expect_match "$(row 2)" '^> [^ ]' "the first result is the selected one"
first=$(row 2 | cut -c3-)
second=$(row 4 | cut -c3-)
keys Down
wait_for "> $second" "  $first"
expect_eq "> $second" "$(row 4)" "Down moves the '> ' mark"
expect_eq "  $first" "$(row 2)" "the first result lost its mark"
shot=$(capture_e)
if sgr_codes "$shot" | grep -Eq "$COLOUR"; then
	fail "colour with NO_COLOR set: $(sgr_codes "$shot" | grep -E "$COLOUR" | sort -u | tr '\n' ' ')$NL$(printf '%s\n' "$shot" | cat -v)"
fi
note "NO_COLOR=1: an overdue answer says so in words, without colour"
keys C-u
wait_for "Type what the customer says"
type_text bulky
wait_for "Search: bulky" "> Bulky trash pickup"
keys Enter
wait_for -E '^Review by: 2025-01-01 +OVERDUE for review'
shot=$(capture_e)
if sgr_codes "$shot" | grep -Eq "$COLOUR"; then
	fail "colour with NO_COLOR set in the answer:$NL$(printf '%s\n' "$shot" | cat -v)"
fi
keys C-c
expect_clean_exit

exit 0
