#!/bin/sh
# Translations: kb check of translations and translation-of in both
# directions (path:line: error: message); kb show's Original and Also in
# lines; kb search --lang and its defaults (KB_LANG, git config kb.lang in
# the KB or the agent's ~/.gitconfig; KB_LANG first), an invalid language;
# Spanish found with or without its accents.  The sample KB's Spanish
# answers are linked to their sources and check clean.
. "$(dirname "$0")/../lib.sh"

k=$tmp/kb
make_kb "$k" <<'EOF'
=== answers/passports/passport-renew.md
---
title: Renew a passport by mail
tags: passport, renewal
lang: en
translations: es:pasaporte-renovar, fr:passeport-renouveler
related: passport-renew
---
Send form DS-82 with the old passport.
=== answers/passports/pasaporte-renovar.md
---
title: Renovar el pasaporte por correo
tags: pasaporte, renovación
lang: es
translation-of: passport-renew
related: pasaporte-renovar
---
Envíe el formulario DS-82 para la renovación del pasaporte.
=== answers/passports/passeport-renouveler.md
---
title: Renouveler le passeport par courrier
tags: passeport
lang: fr
translation-of: passport-renew
related: passeport-renouveler
---
Envoyez le formulaire DS-82 avec l'ancien passeport.
=== answers/animals/dog-licence.md
---
title: Dog licence
tags: dog
related: dog-licence
---
Every dog needs a licence.
EOF
export KB_DIR="$k"

note "a valid source and its translations: no diagnostic"
expect_status 0 kb check
expect_eq "" "$out" "kb check of linked translations"
expect_eq "kb: 4 answers and 0 notices checked: 0 errors, 0 warnings" "$err" \
    "kb check summary"

note "kb show: Also in on the source, Original on a translation"
v() {
	git -C "$k" rev-parse "main:answers/passports/$1.md" | cut -c1-12
}
expect_status 0 kb show passport-renew
expect_eq "Renew a passport by mail
========================
Tags:      passport, renewal
Also in:   es:pasaporte-renovar, fr:passeport-renouveler
Channel:   all
Version:   $(v passport-renew) (answers/passports/passport-renew.md)

Send form DS-82 with the old passport." \
    "$(printf '%s\n' "$out" | sed '/^Related:/,$d' | sed '$d')" "kb show of the source"
expect_status 0 kb show pasaporte-renovar
expect_eq "Renovar el pasaporte por correo
===============================
Tags:      pasaporte, renovación
Language:  es
Original:  passport-renew
Channel:   all
Version:   $(v pasaporte-renovar) (answers/passports/pasaporte-renovar.md)" \
    "$(printf '%s\n' "$out" | sed '/^$/,$d')" "kb show of a translation"
expect_status 0 kb show dog-licence
expect_not_contains "$out" "Also in:" "an answer without translations"
expect_not_contains "$out" "Original:" "an answer without translations"

# ids QUERY... with the environment given before: the ids found, sorted.
found() {
	expect_status 0 "$@"
	ids_of "$out" | sort | tr '\n' ' ' | sed 's/ $//'
}
all3="pasaporte-renovar passeport-renouveler passport-renew"

note "kb search --lang"
expect_eq "$all3" "$(found kb search ds-82)" "no default: every language"
expect_eq "pasaporte-renovar" "$(found kb search --lang es ds-82)" "--lang es"
expect_eq "passeport-renouveler" "$(found kb search --lang fr ds-82)" "--lang fr"
expect_eq "passport-renew" "$(found kb search --lang en ds-82)" "--lang en"
expect_eq "passport-renew" "$(found kb search --lang=en ds-82)" "--lang=en"
expect_eq "$all3" "$(found kb search --lang all ds-82)" "--lang all"
expect_eq "" "$(found kb search --lang de ds-82)" "--lang de: no answer in German"
expect_eq "dog-licence" "$(found kb search --lang en dog)" "--lang en: an answer with no lang: line"

note "KB_LANG: the default, --lang wins"
expect_eq "pasaporte-renovar" "$(found env KB_LANG=es "$KB_BIN" search ds-82)" "KB_LANG=es"
expect_eq "$all3" "$(found env KB_LANG=all "$KB_BIN" search ds-82)" "KB_LANG=all"
expect_eq "passport-renew" "$(found env KB_LANG=es "$KB_BIN" search --lang en ds-82)" \
    "--lang en beats KB_LANG=es"
expect_eq "$all3" "$(found env KB_LANG=es "$KB_BIN" search --lang all ds-82)" \
    "--lang all beats KB_LANG=es"

note "git config kb.lang in the KB: the default; KB_LANG and --lang win"
git -C "$k" config kb.lang es
expect_eq "pasaporte-renovar" "$(found kb search ds-82)" "kb.lang es"
expect_eq "passeport-renouveler" "$(found env KB_LANG=fr "$KB_BIN" search ds-82)" \
    "KB_LANG=fr beats kb.lang es"
expect_eq "$all3" "$(found env KB_LANG=all "$KB_BIN" search ds-82)" \
    "KB_LANG=all beats kb.lang es"
expect_eq "passport-renew" "$(found kb search --lang en ds-82)" "--lang en beats kb.lang es"
git -C "$k" config kb.lang xx1
expect_status 1 kb search ds-82
expect_eq "kb: git config kb.lang: 'xx1' is not a language such as en or es (or all)" \
    "$err" "an invalid kb.lang"
expect_eq "" "$out" "nothing found with an invalid kb.lang"
expect_eq "pasaporte-renovar" "$(found env KB_LANG=es "$KB_BIN" search ds-82)" \
    "a valid KB_LANG, an invalid kb.lang: KB_LANG is used"
git -C "$k" config --unset kb.lang

note "git config kb.lang in the agent's ~/.gitconfig; the KB's wins"
git config --global kb.lang fr
expect_eq "passeport-renouveler" "$(found kb search ds-82)" "~/.gitconfig kb.lang fr"
git -C "$k" config kb.lang es
expect_eq "pasaporte-renovar" "$(found kb search ds-82)" "the KB's kb.lang beats ~/.gitconfig"
git -C "$k" config --unset kb.lang
git config --global --unset kb.lang
expect_eq "$all3" "$(found kb search ds-82)" "no default again"

note "an invalid language: exit 1 and the message"
expect_status 1 env KB_LANG=xx1 "$KB_BIN" search ds-82
expect_eq "kb: KB_LANG: 'xx1' is not a language such as en or es (or all)" "$err" \
    "an invalid KB_LANG"
expect_eq "" "$out" "nothing found with an invalid KB_LANG"
expect_status 1 kb search --lang xx1 ds-82
expect_eq "kb: --lang: 'xx1' is not a language such as en or es (or all)" "$err" \
    "an invalid --lang"

note "Spanish with and without accents"
for q in renovación renovacion RENOVACIÓN Renovacion "formulario renovación" \
    "formulario renovacion" envie envíe; do
	expect_eq "pasaporte-renovar" "$(found kb search --lang es "$q")" "--lang es: '$q'"
	expect_eq "pasaporte-renovar" "$(found kb search "$q")" "every language: '$q'"
	expect_eq "pasaporte-renovar" "$(found env KB_LANG=es "$KB_BIN" search "$q")" \
	    "KB_LANG=es: '$q'"
done

note "kb check: a source's translations, a translation's translation-of"
b=$tmp/bad
mkdir -p "$b/answers"
git -C "$b" init -q -b main
# ans NAME LINE...: answers/NAME.md with these front-matter lines.
ans() {
	_f=$1
	shift
	{
		echo "---"
		for _l in "$@"; do
			printf '%s\n' "$_l"
		done
		echo "---"
		echo "Body."
	} >"$b/answers/$_f.md"
}
# Line 5 is the line under test in every file (1 ---, 2 title, 3 tags,
# 4 related or lang).
ans src-missing "title: S1" "tags: e2e" "related: src-missing" "translations: es:no-such-es"
ans src-wronglang "title: S2" "tags: e2e" "related: src-wronglang" "translations: es:fr-answer"
ans fr-answer "title: F2" "tags: e2e" "lang: fr" "translation-of: src-wronglang"
ans src-unlinked "title: S3" "tags: e2e" "related: src-unlinked" "translations: es:es-unlinked"
ans es-unlinked "title: E3" "tags: e2e" "lang: es" "related: es-unlinked"
ans bad-item "title: S4" "tags: e2e" "related: bad-item" "translations: es-pasaporte"
ans own-lang "title: S5" "tags: e2e" "related: own-lang" "translations: en:src-ok"
ans own-id "title: S6" "tags: e2e" "related: own-id" "translations: es:own-id"
ans two-es "title: S7" "tags: e2e" "related: two-es" "translations: es:es-ok, es:es-unlinked"
# A valid pair, named by the files below.
ans src-ok "title: S8" "tags: e2e" "related: src-ok" "translations: es:es-ok"
ans es-ok "title: E8" "tags: e2e" "lang: es" "translation-of: src-ok"
# A translation's translation-of.
ans es-orphan "title: E9" "tags: e2e" "lang: es" "translation-of: no-such-source"
ans fr-of-es "title: F10" "tags: e2e" "lang: fr" "translation-of: es-ok"
ans en-of-en "title: S11" "tags: e2e" "lang: en" "translation-of: src-ok"
ans es-unlisted "title: E12" "tags: e2e" "lang: es" "translation-of: src-nolist"
ans src-nolist "title: S12" "tags: e2e" "related: src-nolist"
ans both "title: E13" "tags: e2e" "lang: es" "translation-of: src-ok" "translations: fr:fr-answer"
ans of-self "title: E14" "tags: e2e" "lang: es" "translation-of: of-self"
commit "$b" "translations with problems"
expect_status 1 kb --kb "$b" check
all="$out$NL$err"
# diag PATH LINE MESSAGE: exactly one diagnostic for PATH, this one.
diag() {
	lines=$(printf '%s\n' "$all" | grep -F "$1:" || true)
	expect_eq "$1:$2: $3" "$lines" "kb check on $1"
}
diag answers/src-missing.md 5 "error: translation 'es:no-such-es' does not exist"
diag answers/src-wronglang.md 5 "error: translation 'es:fr-answer': answers/fr-answer.md is in 'fr' (lang: fr)"
diag answers/src-unlinked.md 5 "error: translation 'es:es-unlinked': answers/es-unlinked.md should say 'translation-of: src-unlinked'"
diag answers/bad-item.md 5 "error: translations: 'es-pasaporte' should be LANG:ID, e.g. es:bad-item-es"
diag answers/own-lang.md 5 "error: translations: 'en:src-ok' is this answer's own language or id"
diag answers/own-id.md 5 "error: translations: 'es:own-id' is this answer's own language or id"
diag answers/two-es.md 5 "error: translations: two translations into 'es'"
diag answers/es-orphan.md 5 "error: translation-of: answer 'no-such-source' does not exist"
diag answers/fr-of-es.md 5 "error: translation-of: 'es-ok' is itself a translation (of 'src-ok'): name the source"
diag answers/en-of-en.md 5 "error: translation-of: 'src-ok' is in the same language (en)"
diag answers/es-unlisted.md 5 "error: translation-of: answers/src-nolist.md should list it: 'translations: es:es-unlisted'"
# Either key's line (5: translation-of, 6: translations).
both=$(printf '%s\n' "$all" | grep -F "answers/both.md:" || true)
case "$both" in
"answers/both.md:"[56]": error: an answer has either 'translations' (it is the source) or 'translation-of' (it is a translation), not both") ;;
*) fail "kb check on answers/both.md: $both" ;;
esac
diag answers/of-self.md 5 "error: translation-of: 'of-self' is this answer itself"
for p in src-ok es-ok fr-answer es-unlinked src-nolist; do
	printf '%s\n' "$all" | grep -q "^answers/$p\.md:" &&
	    fail "kb check reports answers/$p.md: $all"
done
expect_contains "$err" "kb: 18 answers and 0 notices checked: 13 errors, 0 warnings" \
    "kb check summary with translation errors"

note "the sample KB: Spanish answers linked to their sources, no error"
s=$tmp/sample
sample_kb "$s"
expect_status 0 kb --kb "$s" check
expect_eq "" "$out" "kb check on the sample prints no problem"
expect_match "$err" '^kb: [0-9]+ answers and 0 notices checked: 0 errors, 0 warnings$' \
    "kb check summary of the sample"
expect_status 0 kb --kb "$s" show pasaporte-renovar
expect_contains "$out" "Original:  passport-renew-mail" "the sample's Spanish answer"
expect_status 0 kb --kb "$s" show passport-renew-mail
expect_match "$out" '^Also in:   es:pasaporte-renovar$' "the sample's English source"
for q in renovacion renovación; do
	expect_status 0 kb --kb "$s" search --lang es "$q" pasaporte
	expect_eq pasaporte-renovar "$(ids_of "$out" | sed -n 1p)" \
	    "the sample: --lang es '$q pasaporte'"
done

exit 0
