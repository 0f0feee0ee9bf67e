/*
 * kb check: every answer and notice on the branch and synonyms.txt,
 * validated with the same parsers the index uses, plus what needs the
 * whole KB: unique ids, and links that hold (related answers,
 * translations both ways, replacements, notice tags).
 */
#include "kb/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag_report.h"
#include "kb/notice.h"
#include "kb_private.h"
#include "store.h"
#include "strlist.h"
#include "strmap.h"
#include "synonyms.h"
#include "xmalloc.h"

struct file {
	char *path;
	char oid[KB_OID_HEX + 1];
};

struct check {
	struct kb *kb;
	kb_diag_cb cb;
	void *payload;
	struct kb_check_stats *stats;
	struct file *files;
	size_t nfiles, fcap;
	struct kb_answer **answers;	/* parsed, bodies dropped */
	size_t nanswers, acap;
	struct strmap ids;		/* id -> index in answers + 1 */
	struct kb_notice **notices;
	size_t nnotices, ncap;
};

/* Count every diagnostic on its way to the caller. */
static void
relay(const struct kb_diag *d, void *payload)
{
	struct check *c = payload;

	if (d->severity == KB_SEVERITY_ERROR)
		c->stats->errors++;
	else
		c->stats->warnings++;
	if (c->cb)
		c->cb(d, c->payload);
}

static void
report(struct check *c, const char *path, unsigned line,
    enum kb_severity severity, const char *fmt, ...) KB_PRINTF(5, 6);

static void
report(struct check *c, const char *path, unsigned line,
    enum kb_severity severity, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kb_diag_report__vemit(relay, c, path, line, severity, fmt, ap);
	va_end(ap);
}

static int
collect(const char *path, const char *old_oid, const char *new_oid,
    void *payload)
{
	struct check *c = payload;
	struct file *f;

	(void)old_oid;
	xgrow(&c->files, &c->fcap, c->nfiles + 1, sizeof(*c->files));
	f = &c->files[c->nfiles++];
	f->path = xstrdup(path);
	snprintf(f->oid, sizeof(f->oid), "%s", new_oid);
	return 0;
}

static const struct kb_answer *
find_id(struct check *c, const char *id)
{
	int64_t *at = strmap_find(&c->ids, id, strlen(id));

	return at ? c->answers[*at - 1] : NULL;
}

/* The line of a front-matter key (0 when absent: the whole file). */
static unsigned
line_of_key(const struct kb_answer *a, const char *key)
{
	size_t i;

	for (i = 0; i < a->nfields; i++)
		if (strcmp(a->fields[i].key, key) == 0)
			return a->fields[i].line;
	return 0;
}

static int
check_answer(struct check *c, const struct file *f)
{
	struct kb_answer *a = NULL;
	const struct kb_answer *other;
	size_t len;
	char *data;
	int rc;

	c->stats->answers++;
	if ((rc = kb_store__read_blob(&data, &len, c->kb->store, f->oid)) < 0)
		return rc;
	rc = kb_answer_parse(&a, f->path, data, len, relay, c);
	free(data);
	if (rc < 0)
		return 0;
	if ((other = find_id(c, a->id)) != NULL) {
		report(c, f->path, 0, KB_SEVERITY_ERROR, "duplicate id '%s': %s "
		    "has the same file name", a->id, other->path);
		kb_answer_free(a);
		return 0;
	}
	free(a->body);		/* the links are what is checked from here */
	a->body = NULL;
	a->body_len = 0;
	xgrow(&c->answers, &c->acap, c->nanswers + 1, sizeof(*c->answers));
	c->answers[c->nanswers++] = a;
	*strmap_get(&c->ids, a->id, strlen(a->id)) = (int64_t)c->nanswers;
	return 0;
}

static int
check_notice(struct check *c, const struct file *f)
{
	struct kb_notice *n = NULL;
	size_t len;
	char *data;
	int rc;

	c->stats->notices++;
	if ((rc = kb_store__read_blob(&data, &len, c->kb->store, f->oid)) < 0)
		return rc;
	rc = kb_notice_parse(&n, f->path, data, len, relay, c);
	free(data);
	if (rc == 0) {
		xgrow(&c->notices, &c->ncap, c->nnotices + 1,
		    sizeof(*c->notices));
		c->notices[c->nnotices++] = n;
	}
	return 0;
}

static void
check_related(struct check *c, const struct kb_answer *a)
{
	size_t j;

	for (j = 0; j < a->nrelated; j++)
		if (find_id(c, a->related[j]) == NULL)
			report(c, a->path, line_of_key(a, "related"),
			    KB_SEVERITY_WARNING, "related answer '%s' does not "
			    "exist", a->related[j]);
}

/* A source's `translations:` must name answers that say they translate it. */
static void
check_translations(struct check *c, const struct kb_answer *a)
{
	unsigned line = line_of_key(a, "translations");
	size_t j;

	for (j = 0; j < a->ntranslations; j++) {
		const struct kb_translation *t = &a->translations[j];
		const struct kb_answer *b = find_id(c, t->id);

		if (b == NULL)
			report(c, a->path, line, KB_SEVERITY_ERROR, "translation "
			    "'%s:%s' does not exist", t->lang, t->id);
		else if (strcmp(b->lang, t->lang) != 0)
			report(c, a->path, line, KB_SEVERITY_ERROR, "translation "
			    "'%s:%s': %s is in '%s' (lang: %s)", t->lang, t->id,
			    b->path, b->lang, b->lang);
		else if (b->translation_of == NULL ||
		    strcmp(b->translation_of, a->id) != 0)
			report(c, a->path, line, KB_SEVERITY_ERROR, "translation "
			    "'%s:%s': %s should say 'translation-of: %s'",
			    t->lang, t->id, b->path, a->id);
	}
}

/* A translation's `translation-of:` must name a source that lists it. */
static void
check_translation_of(struct check *c, const struct kb_answer *a)
{
	unsigned line = line_of_key(a, "translation-of");
	const struct kb_answer *src;
	size_t j;

	if (a->translation_of == NULL)
		return;
	if ((src = find_id(c, a->translation_of)) == NULL) {
		report(c, a->path, line, KB_SEVERITY_ERROR, "translation-of: "
		    "answer '%s' does not exist", a->translation_of);
		return;
	}
	if (src->translation_of) {
		report(c, a->path, line, KB_SEVERITY_ERROR, "translation-of: "
		    "'%s' is itself a translation (of '%s'): name the source",
		    src->id, src->translation_of);
		return;
	}
	if (strcmp(src->lang, a->lang) == 0) {
		report(c, a->path, line, KB_SEVERITY_ERROR, "translation-of: "
		    "'%s' is in the same language (%s)", src->id, a->lang);
		return;
	}
	for (j = 0; j < src->ntranslations; j++)
		if (strcmp(src->translations[j].id, a->id) == 0)
			return;
	report(c, a->path, line, KB_SEVERITY_ERROR, "translation-of: %s should "
	    "list it: 'translations: %s:%s'", src->path, a->lang, a->id);
}

/* `replaces:` must name an answer, and replacements must not go round. */
static void
check_replaces(struct check *c, const struct kb_answer *a)
{
	unsigned line = line_of_key(a, "replaces");
	const struct kb_answer *at = a;
	size_t steps;

	if (a->replaces == NULL)
		return;
	if (find_id(c, a->replaces) == NULL) {
		report(c, a->path, line, KB_SEVERITY_WARNING, "replaces: answer "
		    "'%s' does not exist (already removed?)", a->replaces);
		return;
	}
	if (a->effective == NULL)
		report(c, a->path, line, KB_SEVERITY_WARNING, "replaces '%s' "
		    "without an 'effective' date: it takes over at once",
		    a->replaces);
	for (steps = 0; at && at->replaces && steps <= c->nanswers; steps++) {
		at = find_id(c, at->replaces);
		if (at == a) {
			report(c, a->path, line, KB_SEVERITY_ERROR, "replaces: "
			    "answers replace each other in a loop back to "
			    "'%s'", a->id);
			return;
		}
	}
}

static int
has_tag(const struct kb_answer *a, const char *tag)
{
	size_t i;

	for (i = 0; i < a->ntags; i++)
		if (strcasecmp(a->tags[i], tag) == 0)
			return 1;
	return 0;
}

/* A notice tag no answer has would show the notice nowhere. */
static void
check_notice_tags(struct check *c, const struct kb_notice *n)
{
	size_t i, j;

	for (i = 0; i < n->ntags; i++) {
		for (j = 0; j < c->nanswers; j++)
			if (has_tag(c->answers[j], n->tags[i]))
				break;
		if (j == c->nanswers)
			report(c, n->path, n->tags_line, KB_SEVERITY_WARNING,
			    "tag '%s' matches no answer: the notice is shown "
			    "with none for it", n->tags[i]);
	}
}

static void
check_links(struct check *c)
{
	size_t i;

	for (i = 0; i < c->nanswers; i++) {
		check_related(c, c->answers[i]);
		check_translations(c, c->answers[i]);
		check_translation_of(c, c->answers[i]);
		check_replaces(c, c->answers[i]);
	}
	for (i = 0; i < c->nnotices; i++)
		check_notice_tags(c, c->notices[i]);
}

static int
check_synonyms(struct check *c, const struct file *f)
{
	char *text;
	size_t len;
	int rc;

	if ((rc = kb_index__open(c->kb)) < 0)
		return rc;
	if ((rc = kb_store__read_blob(&text, &len, c->kb->store, f->oid)) < 0)
		return rc;
	kb_synonyms__free(kb_synonyms__parse(text, c->kb->tokenizer, f->path,
	    relay, c));
	free(text);
	return 0;
}

static int
check_file(struct check *c, const struct file *f)
{
	if (strcmp(f->path, "synonyms.txt") == 0)
		return check_synonyms(c, f);
	if (kb_answer_path_is_answer(f->path))
		return check_answer(c, f);
	if (kb_notice_path_is_notice(f->path))
		return check_notice(c, f);
	if (strncmp(f->path, "notices/", 8) == 0)
		report(c, f->path, 0, KB_SEVERITY_WARNING, "not a notice "
		    "(notices are notices/<id>.md, no subfolders); ignored");
	else
		report(c, f->path, 0, KB_SEVERITY_WARNING, "not an answer "
		    "(answer files end in .md); ignored");
	return 0;
}

static void
check_free(struct check *c)
{
	size_t i;

	for (i = 0; i < c->nfiles; i++)
		free(c->files[i].path);
	free(c->files);
	for (i = 0; i < c->nanswers; i++)
		kb_answer_free(c->answers[i]);
	free(c->answers);
	for (i = 0; i < c->nnotices; i++)
		kb_notice_free(c->notices[i]);
	free(c->notices);
	strmap_clear(&c->ids);
}

int
kb_check(struct kb_check_stats *stats, struct kb *kb, kb_diag_cb cb,
    void *payload)
{
	char commit[KB_OID_HEX + 1], tree[KB_OID_HEX + 1];
	struct kb_check_stats local;
	struct check c;
	size_t i;
	int rc;

	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	memset(&c, 0, sizeof(c));
	c.kb = kb;
	c.cb = cb;
	c.payload = payload;
	c.stats = stats;
	if ((rc = kb__store(kb)) < 0 ||
	    (rc = kb_store__branch(commit, tree, kb->store, kb->branch)) < 0)
		return rc;
	if ((rc = kb_store__diff(kb->store, NULL, tree, collect, &c)) < 0)
		goto done;
	for (i = 0; i < c.nfiles && rc == 0; i++)
		rc = check_file(&c, &c.files[i]);
	if (rc == 0)
		check_links(&c);
done:
	check_free(&c);
	return rc;
}
