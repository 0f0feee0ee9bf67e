/*
 * kb check: every answer on the branch and synonyms.txt, validated with
 * the same parser the index uses, plus what needs the whole KB: unique
 * ids and related answers that exist.
 */
#include "kb/check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_private.h"
#include "store.h"
#include "strlist.h"
#include "synonyms.h"
#include "xmalloc.h"

struct file {
	char *path;
	char oid[KB_OID_HEX + 1];
};

struct checked {
	char *id;
	char *path;
	char **related;
	size_t nrelated;
	unsigned related_line;
};

struct check {
	struct kb *kb;
	kb_diag_cb cb;
	void *payload;
	struct kb_check_stats *stats;
	struct file *files;
	size_t nfiles, fcap;
	struct checked *answers;
	size_t nanswers, acap;
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
    enum kb_severity severity, const char *message)
{
	struct kb_diag d = { path, line, severity, message };

	relay(&d, c);
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

static const struct checked *
find_id(const struct check *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nanswers; i++)
		if (strcmp(c->answers[i].id, id) == 0)
			return &c->answers[i];
	return NULL;
}

static int
check_answer(struct check *c, const struct file *f)
{
	struct kb_answer *a = NULL;
	const struct checked *other;
	struct checked *ch;
	char message[300];
	size_t len, i;
	char *data;
	int rc;

	c->stats->answers++;
	if ((rc = kb_store__read_blob(c->kb->store, f->oid, &data, &len)) < 0)
		return rc;
	rc = kb_answer_parse(&a, f->path, data, len, relay, c);
	free(data);
	if (rc < 0)
		return 0;
	if ((other = find_id(c, a->id)) != NULL) {
		snprintf(message, sizeof(message),
		    "duplicate id '%s': %s has the same file name", a->id,
		    other->path);
		report(c, f->path, 0, KB_SEVERITY_ERROR, message);
	} else {
		xgrow(&c->answers, &c->acap, c->nanswers + 1,
		    sizeof(*c->answers));
		ch = &c->answers[c->nanswers++];
		ch->id = xstrdup(a->id);
		ch->path = xstrdup(a->path);
		ch->nrelated = a->nrelated;
		ch->related = xcalloc(a->nrelated + 1, sizeof(char *));
		for (i = 0; i < a->nrelated; i++)
			ch->related[i] = xstrdup(a->related[i]);
		ch->related_line = 0;
		for (i = 0; i < a->nfields; i++)
			if (strcmp(a->fields[i].key, "related") == 0)
				ch->related_line = a->fields[i].line;
	}
	kb_answer_free(a);
	return 0;
}

static void
check_related(struct check *c)
{
	char message[300];
	size_t i, j;

	for (i = 0; i < c->nanswers; i++)
		for (j = 0; j < c->answers[i].nrelated; j++) {
			const char *id = c->answers[i].related[j];

			if (find_id(c, id))
				continue;
			snprintf(message, sizeof(message),
			    "related answer '%s' does not exist", id);
			report(c, c->answers[i].path, c->answers[i].related_line,
			    KB_SEVERITY_WARNING, message);
		}
}

static int
check_synonyms(struct check *c, const struct file *f)
{
	char *text;
	size_t len;
	int rc;

	if ((rc = kb_index__open(c->kb)) < 0)
		return rc;
	if ((rc = kb_store__read_blob(c->kb->store, f->oid, &text, &len)) < 0)
		return rc;
	synonyms_free(synonyms_parse(text, c->kb->tokenizer, f->path, relay,
	    c));
	free(text);
	return 0;
}

int
kb_check(struct kb *kb, kb_diag_cb cb, void *payload,
    struct kb_check_stats *stats)
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
	    (rc = kb_store__branch(kb->store, kb->branch, commit, tree)) < 0)
		return rc;
	if ((rc = kb_store__diff(kb->store, NULL, tree, collect, &c)) < 0)
		goto done;
	for (i = 0; i < c.nfiles && rc == 0; i++) {
		const struct file *f = &c.files[i];

		if (strcmp(f->path, "synonyms.txt") == 0)
			rc = check_synonyms(&c, f);
		else if (kb_answer_path_is_answer(f->path))
			rc = check_answer(&c, f);
		else
			report(&c, f->path, 0, KB_SEVERITY_WARNING,
			    "not an answer (answer files end in .md); ignored");
	}
	if (rc == 0)
		check_related(&c);
done:
	for (i = 0; i < c.nfiles; i++)
		free(c.files[i].path);
	free(c.files);
	for (i = 0; i < c.nanswers; i++) {
		free(c.answers[i].id);
		free(c.answers[i].path);
		strlist_free_array(c.answers[i].related,
		    c.answers[i].nrelated);
	}
	free(c.answers);
	return rc;
}
