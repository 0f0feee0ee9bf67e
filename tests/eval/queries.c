/*
 * Labelled queries, in either of two forms:
 *
 *   query<TAB>id[,id...]|NONE<TAB>kind      the dev set (score.sh)
 *   query<TAB>id[,id...]|-                  the sample set: the kind comes
 *                                           from the "# category" line above
 *
 * The sample set's categories are mapped to the dev set's kinds here, so
 * that both sets are read and scored the same way and their files stay as
 * they were labelled.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "eval.h"

/* The start of a sample-set category line, and the kind it is. */
static const struct {
	const char *category;
	const char *kind;
} categories[] = {
	{ "everyday language", "paraphrase" },
	{ "whole sentences", "sentence" },
	{ "typos", "typo" },
	{ "half-typed", "partial" },
	{ "short keywords", "keywords" },
	{ "spanish", "spanish" },
	{ "form numbers", "acronym" },
	{ "out of scope", "out-of-scope" },
	{ "ambiguous", "ambiguous" },
};

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	return p;
}

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	return p;
}

static const char *
category_kind(const char *line)
{
	size_t i;

	while (*line == '#' || *line == ' ')
		line++;
	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (strncasecmp(line, categories[i].category,
		    strlen(categories[i].category)) == 0)
			return categories[i].kind;
	return NULL;
}

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* "a,b" into q->expected; "NONE" and "-" leave it empty. */
static void
parse_expected(struct query *q, char *field)
{
	char *id, *save;

	field = trim(field);
	if (strcasecmp(field, "NONE") == 0 || strcmp(field, "-") == 0)
		return;
	for (id = strtok_r(field, ",", &save); id;
	    id = strtok_r(NULL, ",", &save)) {
		id = trim(id);
		if (*id == '\0')
			continue;
		q->expected = xrealloc(q->expected,
		    (q->nexpected + 1) * sizeof(*q->expected));
		q->expected[q->nexpected++] = xstrdup(id);
	}
}

/* One "query TAB expected [TAB kind]" line; -1 when it has no kind. */
static int
parse_line(struct query *q, char *line, const char *category_kind_now)
{
	char *expected, *kind;

	memset(q, 0, sizeof(*q));
	if ((expected = strchr(line, '\t')) == NULL || expected == line)
		return 1;
	*expected++ = '\0';
	if ((kind = strchr(expected, '\t')) != NULL) {
		*kind++ = '\0';
		kind = trim(kind);
	}
	if (kind == NULL || *kind == '\0')
		kind = (char *)category_kind_now;
	if (kind == NULL)
		return -1;
	q->text = xstrdup(line);
	q->kind = xstrdup(kind);
	parse_expected(q, expected);
	return 0;
}

int
queries_load(struct query_set *out, const char *path)
{
	const char *kind_now = NULL;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	FILE *in;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if ((in = fopen(path, "r")) == NULL) {
		perror(path);
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, in)) >= 0) {
		struct query q;
		int r;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#') {
			if ((kind_now = category_kind(line)) == NULL) {
				fprintf(stderr, "eval: %s:%zu: unknown category "
				    "'%s': give it a kind in tests/eval/"
				    "queries.c\n", path, lineno, line);
				rc = -1;
			}
			continue;
		}
		if ((r = parse_line(&q, line, kind_now)) > 0)
			continue;
		if (r < 0) {
			fprintf(stderr, "eval: %s:%zu: no kind: add a third "
			    "column or a '# category' line above\n", path,
			    lineno);
			rc = -1;
			continue;
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		out->v[out->n++] = q;
	}
	free(line);
	if (ferror(in)) {
		perror(path);
		rc = -1;
	}
	fclose(in);
	if (rc < 0)
		queries_free(out);
	return rc;
}

void
queries_free(struct query_set *qs)
{
	size_t i, k;

	for (i = 0; i < qs->n; i++) {
		for (k = 0; k < qs->v[i].nexpected; k++)
			free(qs->v[i].expected[k]);
		free(qs->v[i].expected);
		free(qs->v[i].text);
		free(qs->v[i].kind);
	}
	free(qs->v);
	memset(qs, 0, sizeof(*qs));
}

/* The rank of the first expected id among the hits, as score.sh counts. */
void
outcome_set(struct outcome *o, const struct query *q, const struct hits *h,
    int failed)
{
	size_t i, k, used = 0;

	memset(o, 0, sizeof(*o));
	o->failed = failed;
	o->empty = h->n == 0 && !failed;
	for (i = 0; i < h->n && o->rank == 0; i++)
		for (k = 0; k < q->nexpected; k++)
			if (strcmp(h->ids[i], q->expected[k]) == 0) {
				o->rank = (unsigned)i + 1;
				break;
			}
	for (i = 0; i < h->n && i < 3; i++) {
		int n = snprintf(o->top3 + used, sizeof(o->top3) - used,
		    "%s%s", i ? "," : "", h->ids[i]);

		if (n < 0 || (size_t)n >= sizeof(o->top3) - used)
			break;
		used += (size_t)n;
	}
}
