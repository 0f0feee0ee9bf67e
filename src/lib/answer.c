/*
 * The answer file format: front matter of `key: value` lines between `---`
 * lines, then Markdown.  See kb-answer(5).
 */
#include "kb/answer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "kb/error.h"
#include "strlist.h"
#include "utf8.h"
#include "xmalloc.h"

static const char *const known_keys[] = {
	"title", "tags", "audience", "lang", "review-by", "owner",
	"standard", "related", "translations", "translation-of",
	"effective", "expires", "replaces", NULL
};

/* A field's value, or NULL (the parsed fields are the answer's own). */
static const char *
field_value(const struct kb_answer *a, const char *key, unsigned *line)
{
	struct fm_doc doc;

	doc.fields = a->fields;
	doc.nfields = a->nfields;
	return kb_frontmatter__value(line, &doc, key);
}

/* Check the known keys and copy them into the answer's own members. */
static void
interpret_fields(struct fm_parse *p, struct kb_answer *a)
{
	const char *v;
	unsigned line = 1;
	size_t i;

	v = field_value(a, "title", &line);
	if (v == NULL || *v == '\0')
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, v ? line : 1,
		    "missing title: every answer needs 'title: ...'");
	else if (utf8_count(v, strlen(v)) > KB_TITLE_MAX)
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "title is longer than %d characters", KB_TITLE_MAX);
	a->title = xstrdup(v ? v : "");

	v = field_value(a, "tags", NULL);
	a->tags = kb_frontmatter__split_list(&a->ntags, v);

	v = field_value(a, "audience", &line);
	if (v && strcmp(v, "public") != 0 && strcmp(v, "internal") != 0)
		kb_frontmatter__report(p, KB_SEVERITY_WARNING, line,
		    "audience '%s' should be 'public' or 'internal'", v);
	a->audience = xstrdup(v && *v ? v : "public");

	v = field_value(a, "lang", &line);
	if (v && *v && !kb_lang_valid(v))
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "lang '%s' is not a language tag such as 'en' or 'es'", v);
	a->lang = xstrdup(v && *v ? v : "en");

	v = field_value(a, "review-by", &line);
	if (v && *v && !kb_date_valid(v))
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "review-by '%s' is not a date written YYYY-MM-DD", v);
	a->review_by = v && *v ? xstrdup(v) : NULL;

	v = field_value(a, "owner", NULL);
	a->owner = v && *v ? xstrdup(v) : NULL;
	v = field_value(a, "standard", NULL);
	a->standard = v && *v ? xstrdup(v) : NULL;

	v = field_value(a, "related", &line);
	a->related = kb_frontmatter__split_list(&a->nrelated, v);
	for (i = 0; i < a->nrelated; i++)
		if (!kb_answer_id_valid(a->related[i]))
			kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
			    "related: '%s' is not a valid answer id",
			    a->related[i]);

}

/* An answer id named by another field, checked; NULL when unset. */
static char *
id_field(struct fm_parse *p, const struct kb_answer *a, const char *key)
{
	unsigned line = 1;
	const char *v = field_value(a, key, &line);

	if (v == NULL || *v == '\0')
		return NULL;
	if (!kb_answer_id_valid(v))
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "%s: '%s' is not a valid answer id", key, v);
	else if (strcmp(v, a->id) == 0)
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "%s: '%s' is this answer itself", key, v);
	return xstrdup(v);
}

static char *
date_field(struct fm_parse *p, const struct kb_answer *a, const char *key,
    unsigned *line)
{
	const char *v = field_value(a, key, line);

	if (v == NULL || *v == '\0')
		return NULL;
	if (!kb_date_valid(v))
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, *line,
		    "%s '%s' is not a date written YYYY-MM-DD", key, v);
	return xstrdup(v);
}

/* `translations: es:ssn-card-es, fr:ssn-card-fr`: one per language. */
static void
read_translations(struct fm_parse *p, struct kb_answer *a)
{
	unsigned line = 1;
	const char *v = field_value(a, "translations", &line);
	char **items;
	size_t n, i, j;

	items = kb_frontmatter__split_list(&n, v);
	a->translations = xcalloc(n + 1, sizeof(*a->translations));
	for (i = 0; i < n; i++) {
		char *colon = strchr(items[i], ':');
		struct kb_translation *t;

		if (colon == NULL) {
			kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
			    "translations: '%s' should be LANG:ID, e.g. "
			    "es:%s-es", items[i], a->id);
			continue;
		}
		*colon = '\0';
		if (!kb_lang_valid(items[i]) || !kb_answer_id_valid(colon + 1)) {
			kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
			    "translations: '%s:%s' should be LANG:ID, e.g. "
			    "es:%s-es", items[i], colon + 1, a->id);
			continue;
		}
		if (strcmp(items[i], a->lang) == 0 ||
		    strcmp(colon + 1, a->id) == 0) {
			kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
			    "translations: '%s:%s' is this answer's own "
			    "language or id", items[i], colon + 1);
			continue;
		}
		for (j = 0; j < a->ntranslations; j++)
			if (strcmp(a->translations[j].lang, items[i]) == 0)
				break;
		if (j < a->ntranslations) {
			kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
			    "translations: two translations into '%s'",
			    items[i]);
			continue;
		}
		t = &a->translations[a->ntranslations++];
		t->lang = xstrdup(items[i]);
		t->id = xstrdup(colon + 1);
	}
	strlist_free_array(items, n);
}

/* Translations, and the dates and replacement that make an answer current. */
static void
interpret_links(struct fm_parse *p, struct kb_answer *a)
{
	unsigned line = 1, eline = 1;

	read_translations(p, a);
	a->translation_of = id_field(p, a, "translation-of");
	if (a->translation_of && a->ntranslations) {
		field_value(a, "translation-of", &line);
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "an answer has either 'translations' (it is the source) "
		    "or 'translation-of' (it is a translation), not both");
	}
	a->replaces = id_field(p, a, "replaces");
	a->effective = date_field(p, a, "effective", &eline);
	a->expires = date_field(p, a, "expires", &line);
	if (a->effective && a->expires && kb_date_valid(a->effective) &&
	    kb_date_valid(a->expires) && strcmp(a->expires, a->effective) <= 0)
		kb_frontmatter__report(p, KB_SEVERITY_ERROR, line,
		    "expires %s is not after effective %s (line %u): the "
		    "answer would never be shown", a->expires, a->effective,
		    eline);
}

/* Is `text` exactly one of the channel headings kb renders as a section? */
static int
is_channel_heading(const char *text, size_t n)
{
	return (n == 5 && memcmp(text, "Phone", 5) == 0) ||
	    (n == 5 && memcmp(text, "Email", 5) == 0) ||
	    (n == 7 && memcmp(text, "Walk-in", 7) == 0);
}

/* Does `text` (a heading's words) name a channel, however spelled? */
static int
looks_like_channel(const char *text, size_t n)
{
	static const char *const names[] = { "phone", "email", "e-mail",
	    "walk-in", "walk in", "walkin", "telephone", NULL };
	size_t i;

	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == n && strncasecmp(text, names[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Warn about headings that look like channel sections but are not one:
 * "## phone", "# Phone", "### Walk in".  A heading kb renders as a
 * channel section (level 2, text exactly Phone, Email or Walk-in, however
 * it is spaced) is fine.
 */
static void
check_channel_headings(struct fm_parse *p, const struct kb_answer *a)
{
	const char *s = a->body, *end = a->body + a->body_len;
	unsigned line = a->body_line;
	int fenced = 0;

	for (; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		size_t hashes = 0, start, stop;

		if (n >= 3 && (strncmp(s, "```", 3) == 0 ||
		    strncmp(s, "~~~", 3) == 0))
			fenced = !fenced;
		while (hashes < n && s[hashes] == '#')
			hashes++;
		if (!fenced && hashes >= 1 && hashes <= 6 &&
		    (hashes == n || s[hashes] == ' ' || s[hashes] == '\t')) {
			for (start = hashes; start < n && (s[start] == ' ' ||
			    s[start] == '\t'); start++)
				;
			for (stop = n; stop > start && (s[stop - 1] == ' ' ||
			    s[stop - 1] == '\t' || s[stop - 1] == '#'); stop--)
				;
			if (looks_like_channel(s + start, stop - start) &&
			    !(hashes == 2 && is_channel_heading(s + start,
			    stop - start)))
				kb_frontmatter__report(p,
				    KB_SEVERITY_WARNING, line,
				    "heading '%.*s' looks like a channel "
				    "section; write exactly '## Phone', "
				    "'## Email' or '## Walk-in'", (int)n, s);
		}
		s += n + 1;
	}
}

/* A fence line: its character, its length, and its info's first word. */
struct fence {
	char c;
	size_t len;
	const char *word;
	size_t nword;
};

/* Is s[0..n) a fence line (any indent: inside a list too)?  */
static int
fence_line(const char *s, size_t n, struct fence *f)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	f->c = s[i];
	for (f->len = 0; i < n && s[i] == f->c; i++)
		f->len++;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	f->word = s + i;
	for (f->nword = 0; i < n && s[i] != ' ' && s[i] != '\t'; i++)
		f->nword++;
	return f->len >= 3 && !(f->c == '`' && memchr(f->word, '`',
	    (size_t)(s + n - f->word)));
}

/* The fence's run of characters, as text (bounded: fences are short). */
static const char *
fence_text(char out[33], char c, size_t len)
{
	size_t n = len < 32 ? len : 32;

	memset(out, c, n);
	out[n] = '\0';
	return out;
}

/* A word that looks meant to open a staff-only block, but does not. */
static int
looks_like_staff(const struct fence *f)
{
	return (f->nword > 5 && strncasecmp(f->word, "staff", 5) == 0) ||
	    (f->nword == 8 && strncasecmp(f->word, "internal", 8) == 0);
}

/*
 * Staff-only notes are fenced blocks whose info starts with the word
 * "staff" (kb-answer(5)).  One never closed runs to the end, so
 * everything after it is hidden from customers: warn where it opens.
 * So is a fence that looks meant as one and is shown to customers.
 */
static void
check_staff_blocks(struct fm_parse *p, const struct kb_answer *a)
{
	const char *s = a->body, *end = a->body + a->body_len;
	unsigned line = a->body_line, open_line = 0;
	struct fence f, open = { 0, 0, NULL, 0 };
	char run[33];
	int staff = 0;

	for (; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (!fence_line(s, n, &f))
			;
		else if (open.c && f.c == open.c && f.len >= open.len &&
		    f.nword == 0)
			open.c = 0;
		else if (!open.c) {
			open = f;
			open_line = line;
			staff = f.nword == 5 && strncasecmp(f.word, "staff",
			    5) == 0;
			if (looks_like_staff(&f))
				kb_frontmatter__report(p,
				    KB_SEVERITY_WARNING, line,
				    "'%s%.*s' is not a staff-only block, so "
				    "customers are given its text: write "
				    "'%sstaff' to keep it for staff",
				    fence_text(run, f.c, f.len), (int)f.nword,
				    f.word, run);
		}
		s += n + 1;
	}
	if (open.c && staff)
		kb_frontmatter__report(p, KB_SEVERITY_WARNING, open_line,
		    "the staff-only block opened here is never closed, so all "
		    "the text after it is kept from customers: end it with a "
		    "line '%s'",
		    fence_text(run, open.c, open.len));
}

int
kb_answer_parse(struct kb_answer **out, const char *path, const char *data,
    size_t len, kb_diag_cb cb, void *payload)
{
	struct fm_parse p = { path, cb, payload, 0 };
	struct kb_answer *a;
	struct fm_doc doc;
	int rc;

	*out = NULL;
	if ((rc = kb_frontmatter__read(&p, &doc, data, len,
	    KB_ANSWER_MAX_BYTES, "answers", known_keys)) < 0)
		return rc;
	a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(path);
	a->fields = doc.fields;
	a->nfields = doc.nfields;
	a->body = doc.body;
	a->body_len = doc.body_len;
	a->body_line = doc.body_line;
	a->id = kb_frontmatter__id_from_path(&p, path, "answer");

	interpret_fields(&p, a);
	interpret_links(&p, a);
	kb_frontmatter__warn_unknown(&p, &doc);
	check_channel_headings(&p, a);
	check_staff_blocks(&p, a);

	if (p.errors) {
		kb_answer_free(a);
		return kb_error_set(KB_EINVALID, "%s: %u error%s", path,
		    p.errors, p.errors == 1 ? "" : "s");
	}
	*out = a;
	return 0;
}

void
kb_answer_free(struct kb_answer *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nfields; i++) {
		free(a->fields[i].key);
		free(a->fields[i].value);
	}
	free(a->fields);
	strlist_free_array(a->tags, a->ntags);
	strlist_free_array(a->related, a->nrelated);
	free(a->id);
	free(a->path);
	free(a->title);
	free(a->audience);
	free(a->lang);
	free(a->review_by);
	free(a->owner);
	free(a->standard);
	for (i = 0; i < a->ntranslations; i++) {
		free(a->translations[i].lang);
		free(a->translations[i].id);
	}
	free(a->translations);
	free(a->translation_of);
	free(a->effective);
	free(a->expires);
	free(a->replaces);
	free(a->body);
	free(a);
}
