#!/bin/sh
# kb report on translations: "Answers missing a translation" (the
# languages of the KB's translations that an answer lacks; not for
# translations, internal, expired or replaced answers) and "Translations
# older than their source" (the source's file changed on main after the
# translation's; the committer times, in local time).  Text, CSV and
# JSON.
. "$(dirname "$0")/../lib.sh"

command -v python3 >/dev/null 2>&1 ||
    fail "python3 is needed to read the JSON and CSV reports"

k=$tmp/kb
mkdir -p "$k/answers"
git -C "$k" init -q -b main
export KB_DIR="$k"
export KB_NOW=2026-06-01

# answer PATH LINE...: answers/PATH.md, these front-matter lines, a body.
answer() {
	_f=$1
	shift
	mkdir -p "$(dirname "$k/answers/$_f")"
	{
		echo "---"
		for _l in "$@"; do
			printf '%s\n' "$_l"
		done
		echo "---"
		echo "Text of $(basename "$_f")."
	} >"$k/answers/$_f.md"
}

# commit_at TIME MESSAGE: commit everything with this committer time.
commit_at() {
	git -C "$k" add -A
	GIT_COMMITTER_DATE=$1 git -C "$k" commit -q -m "$2"
}

answer passports/renew-mail "title: Renew by mail" "tags: passport" \
    "translations: es:renovar-correo"
answer passports/renovar-correo "title: Renovar por correo" "tags: pasaporte" \
    "lang: es" "translation-of: renew-mail"
answer roads/pothole "title: Report a pothole" "tags: roads" \
    "translations: es:reportar-bache, fr:nid-de-poule"
answer roads/reportar-bache "title: Reportar un bache" "tags: calles" \
    "lang: es" "translation-of: pothole"
answer roads/nid-de-poule "title: Signaler un nid-de-poule" "tags: routes" \
    "lang: fr" "translation-of: pothole"
answer parks/park-hours "title: Park hours" "tags: parks" \
    "translations: fr:heures-parc"
answer parks/heures-parc "title: Heures du parc" "tags: parcs" \
    "lang: fr" "translation-of: park-hours"
answer animals/dog-licence "title: Dog licence" "tags: dog"
answer animals/cat-shelter "title: Cat shelter" "tags: cat" "lang: en"
answer staff/desk-rota "title: Desk rota" "tags: staff" "audience: internal"
answer trash/winter-bins "title: Winter bins" "tags: trash" "expires: 2026-05-01"
answer trash/bulky-old "title: Bulky pickup (old)" "tags: trash"
answer trash/bulky-new "title: Bulky pickup" "tags: trash" \
    "effective: 2026-05-01" "replaces: bulky-old"
answer trash/summer-bins "title: Summer bins" "tags: trash" "effective: 2026-07-01"
answer animals/perros "title: Perros" "tags: perro" "lang: es"
commit_at 2026-03-01T09:15:00Z "Answers and their translations"

# report ARGS...: kb report, exit 0, no message; the output in $tmp/got.
report() {
	"$KB_BIN" report "$@" >"$tmp/got" 2>"$tmp/got.err" ||
	    fail "kb report $* exited $?: $(cat "$tmp/got.err")"
	[ ! -s "$tmp/got.err" ] || fail "kb report $*: a message on stderr: $(cat "$tmp/got.err")"
}

# section TITLE: the lines of a text report's section, after its underline
# up to the blank line.
section() {
	awk -v t="$1" '
		$0 == t { on = 1; getline; next }
		on && $0 == "" { exit }
		on { print }' "$tmp/got"
}

# csv_rows NAME: the header of section NAME's CSV file (written by
# --output "$tmp/csv"), then its rows with fields joined by |, no CR.
csv_rows() {
	python3 - "$tmp/csv/$1.csv" <<'EOF_PY' || fail "the CSV report does not parse"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
print(",".join(rows[0]))
for row in rows[1:]:
    print("|".join(row))
EOF_PY
}

# json_rows NAME: a JSON report's section NAME, one object per line.
json_rows() {
	python3 - "$tmp/got" "$1" <<'EOF_PY' || fail "the JSON report does not parse"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
for o in r[sys.argv[2]]:
    print(json.dumps(o, ensure_ascii=False, sort_keys=False))
EOF_PY
}

note "kb check: the KB is clean"
expect_status 0 kb check
expect_eq "" "$out" "kb check of the report KB"

note "missing translations: the languages of the KB's translations"
report
got_missing=$(section "Answers missing a translation")
# The order of the rows is not the contract; the rows are.
expect_eq "answer       title          missing" \
    "$(printf '%s\n' "$got_missing" | sed -n 1p)" "missing: the column header"
# perros is in Spanish and no translation: it lacks the French one.
expect_eq "bulky-new    Bulky pickup   es, fr
cat-shelter  Cat shelter    es, fr
dog-licence  Dog licence    es, fr
park-hours   Park hours     es
perros       Perros         fr
renew-mail   Renew by mail  fr
summer-bins  Summer bins    es, fr" \
    "$(printf '%s\n' "$got_missing" | sed 1d | sort)" "missing: the rows"
for id in renovar-correo reportar-bache nid-de-poule heures-parc pothole desk-rota \
    winter-bins bulky-old; do
	expect_not_contains "$got_missing" "$id " "missing: $id is not listed"
done
expect_eq "(none)" "$(section "Translations older than their source")" \
    "nothing stale after one commit of both"

note "the sections' place: after the review list, before never used"
expect_eq "Answers past or within 30 days of review
Answers missing a translation
Translations older than their source
Answers never used in the period" \
    "$(grep -x -e 'Answers past or within 30 days of review' \
        -e 'Answers missing a translation' \
        -e 'Translations older than their source' \
        -e 'Answers never used in the period' "$tmp/got")" "the order of the sections"

note "the source changes later: its translation is stale"
echo "New fee: 130 dollars." >>"$k/answers/passports/renew-mail.md"
commit_at 2026-04-02T14:30:00Z "Renew by mail: new fee"
report
expect_eq "translation     lang  source      translated        source changed
renovar-correo  es    renew-mail  2026-03-01 09:15  2026-04-02 14:30" \
    "$(section "Translations older than their source")" "a stale translation"

note "local time: TZ"
TZ=XYZ-2 "$KB_BIN" report >"$tmp/got" || fail "kb report with TZ=XYZ-2"
expect_eq "translation     lang  source      translated        source changed
renovar-correo  es    renew-mail  2026-03-01 11:15  2026-04-02 16:30" \
    "$(section "Translations older than their source")" "times at UTC+2"

note "CSV and JSON"
rm -rf "$tmp/csv"
report --format csv --output "$tmp/csv"
expect_eq "translation,lang,source,translated,source_changed
renovar-correo|es|renew-mail|2026-03-01 09:15|2026-04-02 14:30" \
    "$(csv_rows stale_translations)" "CSV stale_translations"
rows=$(csv_rows missing_translations)
expect_eq "answer,title,missing" "$(printf '%s\n' "$rows" | sed -n 1p)" \
    "CSV missing_translations: header"
expect_eq "bulky-new|Bulky pickup|es, fr
cat-shelter|Cat shelter|es, fr
dog-licence|Dog licence|es, fr
park-hours|Park hours|es
perros|Perros|fr
renew-mail|Renew by mail|fr
summer-bins|Summer bins|es, fr" \
    "$(printf '%s\n' "$rows" | sed 1d | sort)" "CSV missing_translations: rows"
expect_contains "$(tr -d '\r' <"$tmp/csv/stale_translations.csv")" \
    'renovar-correo,es,renew-mail,2026-03-01 09:15,2026-04-02 14:30' \
    "the CSV row as written"
expect_contains "$(tr -d '\r' <"$tmp/csv/missing_translations.csv")" \
    'dog-licence,Dog licence,"es, fr"' "a quoted CSV field"
report --format json
expect_eq '{"translation": "renovar-correo", "lang": "es", "source": "renew-mail", "translated": "2026-03-01 09:15", "source_changed": "2026-04-02 14:30"}' \
    "$(json_rows stale_translations)" "JSON stale_translations"
expect_eq '{"answer": "dog-licence", "title": "Dog licence", "missing": "es, fr"}' \
    "$(json_rows missing_translations | grep dog-licence)" "JSON missing_translations"
expect_eq 7 "$(json_rows missing_translations | wc -l | tr -d ' ')" \
    "JSON missing_translations: seven rows"

note "a later change elsewhere, or a proposal, does not make it fresh or stale"
echo "More about dogs." >>"$k/answers/animals/dog-licence.md"
commit_at 2026-04-03T10:00:00Z "Dog licence"
sed 's/^Text of pothole\.$/Call 311 at once./' "$k/answers/roads/pothole.md" >"$tmp/pothole.md"
expect_status 0 kb --agent Alice propose pothole --message "Faster" --file "$tmp/pothole.md"
expect_eq "proposals/alice/pothole-1" "$out" "the proposal's branch"
report
expect_eq "translation     lang  source      translated        source changed
renovar-correo  es    renew-mail  2026-03-01 09:15  2026-04-02 14:30" \
    "$(section "Translations older than their source")" \
    "an unrelated commit, a pending proposal for another source"

note "the translation is updated later: no longer stale"
echo "Nueva tarifa: 130 dólares." >>"$k/answers/passports/renovar-correo.md"
commit_at 2026-04-05T08:00:00Z "Renovar por correo: nueva tarifa"
report
expect_eq "(none)" "$(section "Translations older than their source")" \
    "an updated translation"

note "source and translation changed in the same commit: not stale"
echo "Or pay online." >>"$k/answers/passports/renew-mail.md"
echo "O pague en línea." >>"$k/answers/passports/renovar-correo.md"
commit_at 2026-04-06T08:00:00Z "Both"
report
expect_eq "(none)" "$(section "Translations older than their source")" \
    "a change of both in one commit"

note "the source changes again: each stale translation of it, one row each"
echo "Or by phone." >>"$k/answers/roads/pothole.md"
commit_at 2026-04-07T18:45:00Z "Pothole: by phone"
report
got_stale=$(section "Translations older than their source")
expect_eq "translation     lang  source   translated        source changed" \
    "$(printf '%s\n' "$got_stale" | sed -n 1p)" "stale: the column header"
expect_eq "nid-de-poule    fr    pothole  2026-03-01 09:15  2026-04-07 18:45
reportar-bache  es    pothole  2026-03-01 09:15  2026-04-07 18:45" \
    "$(printf '%s\n' "$got_stale" | sed 1d | sort)" "two stale translations of one source"

note "a translation written after its source: stale only when the source changes again"
k=$tmp/later
mkdir -p "$k/answers"
git -C "$k" init -q -b main
export KB_DIR="$k"
answer fees "title: Fees" "tags: fees" "translations: es:tarifas"
answer hours "title: Hours" "tags: hours"
commit_at 2026-02-01T10:00:00Z "Fees"
answer tarifas "title: Tarifas" "tags: tarifas" "lang: es" "translation-of: fees"
commit_at 2026-03-01T10:00:00Z "Tarifas"
report
expect_eq "(none)" "$(section "Translations older than their source")" \
    "a translation newer than its source"
expect_eq "answer  title  missing
hours   Hours  es" "$(section "Answers missing a translation")" \
    "the answer without a translation"
echo "New fees." >>"$k/answers/fees.md"
git -C "$k" rm -q answers/hours.md
commit_at 2026-04-01T10:00:00Z "New fees; no hours"
report
expect_eq "translation  lang  source  translated        source changed
tarifas      es    fees    2026-03-01 10:00  2026-04-01 10:00" \
    "$(section "Translations older than their source")" "the source changed after"
expect_eq "(none)" "$(section "Answers missing a translation")" \
    "every answer has its translation"

exit 0
