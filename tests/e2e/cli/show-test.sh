#!/bin/sh
# kb show: title, metadata, version, common text, channel sections;
# --channel (command and global option, kb.channel), --width; no control
# character ever reaches the terminal; unknown id and bad channel.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
mkdir -p "$k"
git -C "$k" init -q -b main
WA_RELATED=canoe-permit write_answer "$k" permits/kayak-permit "Kayak launch permit" \
    "A permit is needed to launch a kayak at the harbour. Commonword applies everywhere." \
    "" \
    "## Phone" \
    "Say phoneword slowly and spell the harbour name." \
    "" \
    "### Phone detail" \
    "Phonesubword belongs to the phone section." \
    "" \
    "## Email" \
    "Reply with emailword and the link to the form." \
    "" \
    "## Fees" \
    "Feeword: the permit costs ten dollars." \
    "" \
    "## Walk-in" \
    "Hand over walkinword leaflets at the counter."
WA_RELATED=kayak-permit write_answer "$k" permits/canoe-permit "Canoe permit" \
    "Canoes need no permit. Only commonword here, with no channel section."
commit "$k" answers
export KB_DIR="$k"
version=$(git -C "$k" rev-parse main:answers/permits/kayak-permit.md)

note "kb show ID: title, metadata, version, common text, every section"
expect_status 0 kb show kayak-permit
all=$out
expect_eq "Kayak launch permit" "$(printf '%s\n' "$all" | sed -n 1p)" "title on the first line"
expect_contains "$all" "e2e, general" "tags"
expect_contains "$all" "Answered the same day" "service standard"
expect_contains "$all" "2099-12-31" "review-by date"
vline=$(printf '%s\n' "$all" | grep -i '^version' || true)
[ -n "$vline" ] || fail "no Version line in: $all"
shown=$(printf '%s\n' "$vline" | grep -Eo '[0-9a-f]{7,40}' | head -1)
[ -n "$shown" ] || fail "no hex version in '$vline'"
case "$version" in
"$shown"*) ;;
*) fail "shown version '$shown' is not the blob id $version" ;;
esac
for w in Commonword phoneword Phonesubword emailword Feeword walkinword; do
	expect_contains "$all" "$w" "kb show without a channel: $w"
done
for label in Phone Email Walk-in; do
	printf '%s\n' "$all" | grep -qx "$label" ||
	    fail "no label line '$label' for its section in: $all"
done
expect_not_contains "$all" "## " "Markdown headings are rendered"
expect_contains "$all" "canoe-permit" "related answers are listed"
expect_contains "$all" "Canoe permit" "related answers are listed with their titles"

note "--channel phone: the phone section only, with the common text"
expect_status 0 kb show --channel phone kayak-permit
for w in "Kayak launch permit" Commonword phoneword Phonesubword Feeword; do
	expect_contains "$out" "$w" "--channel phone: $w"
done
for w in emailword walkinword; do
	expect_not_contains "$out" "$w" "--channel phone"
done
phone=$out
expect_status 0 kb show --channel=phone kayak-permit
expect_eq "$phone" "$out" "--channel=phone"
expect_status 0 kb --channel phone show kayak-permit
expect_eq "$phone" "$out" "global --channel before the command"
expect_status 0 kb show kayak-permit --channel phone
expect_eq "$phone" "$out" "--channel after the id"

note "--channel email, walk-in"
expect_status 0 kb show --channel email kayak-permit
expect_contains "$out" emailword "--channel email"
expect_contains "$out" Commonword "--channel email: common text"
for w in phoneword Phonesubword walkinword; do
	expect_not_contains "$out" "$w" "--channel email"
done
expect_status 0 kb show --channel walk-in kayak-permit
expect_contains "$out" walkinword "--channel walk-in"
for w in phoneword emailword; do
	expect_not_contains "$out" "$w" "--channel walk-in"
done

note "kb.channel configures the default; --channel overrides it"
git -C "$k" config kb.channel email
expect_status 0 kb show kayak-permit
expect_contains "$out" emailword "kb.channel=email"
expect_not_contains "$out" phoneword "kb.channel=email"
expect_status 0 kb show --channel phone kayak-permit
expect_eq "$phone" "$out" "--channel beats kb.channel"
git -C "$k" config --unset kb.channel

note "an answer without channel sections shows its text on any channel"
expect_status 0 kb show --channel phone canoe-permit
expect_contains "$out" "Canoes need no permit" "common text on a channel"

note "misspelt channel headings are common text; raw HTML is shown as text"
printf -- '---\ntitle: Odd headings\ntags: e2e\nrelated: odd-headings\n---\nSay <b>bold</b> and <em>this</em>.\n\n## phone\nLowercase heading text.\n\n## Phone\nReal phone text.\n\n```\n## Email\nFenced, still phone.\n```\n\n## Email\nReal email text.\n' \
    >"$k/answers/odd-headings.md"
commit "$k" "odd headings"
expect_status 0 kb show --channel email odd-headings
expect_contains "$out" "Lowercase heading text." "'## phone' is common text"
expect_contains "$out" "Real email text." "email section"
expect_not_contains "$out" "Real phone text." "phone section hidden on email"
expect_not_contains "$out" "Fenced, still phone." "a fenced '## Email' does not start a section"
expect_contains "$out" "<b>bold</b>" "raw HTML is shown as text"
expect_status 0 kb show --channel phone odd-headings
expect_contains "$out" "Fenced, still phone." "fenced code stays in its section"
expect_not_contains "$out" "Real email text." "email section hidden on phone"

note "--width"
long=$(i=0; while [ $i -lt 40 ]; do printf 'lorem ipsum '; i=$((i + 1)); done)
write_answer "$k" wide "Wide text" "$long"
commit "$k" wide
expect_status 0 kb show --width 40 wide
too_long=$(printf '%s\n' "$out" | awk 'length($0) > 40' | grep -v '^[A-Z][a-z]*: ' || true)
expect_eq "" "$too_long" "--width 40: body lines fit in 40 columns"
expect_status 0 kb show --width 0 wide
printf '%s\n' "$out" | grep -q "lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum" ||
    fail "--width 0 wrapped the paragraph: $out"
expect_status 0 kb show wide
too_long=$(printf '%s\n' "$out" | awk 'length($0) > 80' || true)
expect_eq "" "$too_long" "default width 80"
expect_status 2 kb show --width abc wide

note "control characters in the title and body never reach the output"
esc=$(printf '\033')
printf -- '---\ntitle: Evil \033[31mred\007 title \302\2332J end\177\ntags: evil\nrelated: evil-chars\nstandard: std \033]0;pwned\007 x\n---\nBody \033[31mred text\033[0m bell\007 csi \302\23331m here.\nTab\there, CR\rhere, DEL\177, VT\013, FF\014, BS\010, NEL\302\205.\n\n```\ncode \033[1m bold \007\n```\n\n`inline \033[2J`\n\n## Phone\nPhone \033[5m blink \302\233\n\n| a | b |\n|---|---|\n| \033[31m x | y\007 |\n' \
    >"$k/answers/evil-chars.md"
commit "$k" evil
for args in "evil-chars" "--channel phone evil-chars" "--width 0 evil-chars"; do
	# shellcheck disable=SC2086
	kb show $args >"$tmp/show.out" 2>"$tmp/show.err" ||
	    fail "kb show $args failed: $(cat "$tmp/show.err")"
	grep -q "red text" "$tmp/show.out" || fail "kb show $args: body missing"
	grep -q "Evil" "$tmp/show.out" || fail "kb show $args: title missing"
	# No byte below 0x20 except newline, no DEL, no C1 control (UTF-8 C2 80-9F).
	bad=$(LC_ALL=C tr -d '\n\040-\176\200-\377' <"$tmp/show.out" | od -An -c)
	expect_eq "" "$(echo $bad)" "kb show $args: control bytes in the output"
	if LC_ALL=C grep -q "$esc" "$tmp/show.out"; then
		fail "kb show $args: ESC in the output"
	fi
	if LC_ALL=C grep -q "$(printf '\302')[$(printf '\200-\237')]" "$tmp/show.out"; then
		fail "kb show $args: a C1 control character in the output"
	fi
	if LC_ALL=C grep -q "$(printf '\177')" "$tmp/show.out"; then
		fail "kb show $args: DEL in the output"
	fi
done
expect_status 0 kb search evil
expect_not_contains "$out" "$esc" "kb search prints no ESC in titles"
bad=$(printf '%s' "$out" | LC_ALL=C tr -d '\n\t\040-\176\200-\377' | od -An -c)
expect_eq "" "$(echo $bad)" "kb search: control bytes in a title"
expect_status 0 kb search --json evil
json_valid "$out" || fail "--json with control characters in the title: $out"
expect_not_contains "$out" "$esc" "kb search --json prints no raw ESC"

note "unknown id: exit 1, message names the id"
expect_status 1 kb show no-such-answer
expect_contains "$err" "no-such-answer" "the error names the missing id"
expect_eq "" "$out" "nothing on stdout for a missing answer"
expect_status 1 kb show Kayak-Permit
expect_status 1 kb show ../kayak-permit
expect_status 1 kb show permits/kayak-permit

note "usage errors: exit 2"
expect_status 2 kb show --channel fax kayak-permit
expect_contains "$err" "fax" "bad --channel is named"
expect_status 2 kb --channel fax show kayak-permit
expect_status 2 kb show
expect_status 2 kb show kayak-permit canoe-permit
expect_status 2 kb show --bogus kayak-permit

note "the sample KB: kb(1) example, show --channel phone"
s=$tmp/sample
sample_kb "$s"
expect_status 0 kb --kb "$s" show --channel phone passport-renew-mail
expect_contains "$out" "Renew a U.S. passport by mail" "sample title"
expect_contains "$out" "Form D S eighty-two" "sample phone wording"
expect_not_contains "$out" "Kind regards" "sample email wording is not shown"
expect_not_contains "$out" "Mail renewals are not accepted at the counter" \
    "sample walk-in wording is not shown"

exit 0
