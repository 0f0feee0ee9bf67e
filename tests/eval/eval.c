/*
 * make eval: search relevance of the real `kb search`, beside plain
 * "any word" ranking (tests/eval/baseline.c) over the same answers, per
 * kind of query.  With --learn, also learning from use, cross-validated
 * (learn_cv.c).
 *
 * usage: eval [--name NAME] [--details FILE] [--learn REPO_A REPO_B]
 *             KB REPO ANSWERS QUERIES
 *
 *   KB       the kb program: KB --kb REPO search --limit 10 -- QUERY
 *            (and with --all, for the ranking alone: every hit, sure or
 *            not, on the headline "kb --all")
 *   REPO     the KB repository searched
 *   ANSWERS  the folder of answer files the baseline indexes (the same
 *            answers as REPO's)
 *   QUERIES  labelled queries (queries.c)
 *
 * --details FILE writes one line per query: kind, kb's rank, the
 * baseline's, with learning (or -), expected ids, each one's first three
 * hits, the query; a rank of 0 is "not in the top 10", and always 0 for
 * NONE.  Exits 1 when a command failed, else 0.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "eval.h"

struct args {
	const char *name, *details, *learn[2];
	const char *kb, *repo, *answers, *queries;
};

static int
usage(void)
{
	fprintf(stderr, "usage: eval [--name NAME] [--details FILE] "
	    "[--learn REPO_A REPO_B] KB REPO ANSWERS QUERIES\n");
	return 2;
}

static int
parse_args(struct args *a, int argc, char **argv)
{
	int i = 1;

	memset(a, 0, sizeof(*a));
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			a->name = argv[++i];
		else if (strcmp(argv[i], "--details") == 0 && i + 1 < argc)
			a->details = argv[++i];
		else if (strcmp(argv[i], "--learn") == 0 && i + 2 < argc) {
			a->learn[0] = argv[++i];
			a->learn[1] = argv[++i];
		} else
			return -1;
	}
	if (argc - i != 4)
		return -1;
	a->kb = argv[i];
	a->repo = argv[i + 1];
	a->answers = argv[i + 2];
	a->queries = argv[i + 3];
	if (a->name == NULL)
		a->name = a->queries;
	return 0;
}

static struct outcome *
outcomes_new(size_t n)
{
	struct outcome *o = calloc(n + 1, sizeof(*o));

	if (o == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	return o;
}

/* The baseline's outcome for every query. */
static int
score_baseline(struct outcome *res, const struct query_set *qs,
    const char *answers, size_t *nanswers)
{
	struct hits h = { { NULL }, 0 };
	struct baseline *b;
	size_t i;
	int rc = 0;

	if (baseline_open(&b, answers) < 0)
		return -1;
	*nanswers = baseline_count(b);
	for (i = 0; i < qs->n && rc == 0; i++) {
		rc = baseline_search(b, qs->v[i].text, &h);
		outcome_set(&res[i], &qs->v[i], &h, rc < 0);
	}
	hits_clear(&h);
	baseline_close(b);
	return rc;
}

/* kb's outcome for every query: the sure hits, or with `every` all. */
static int
score_kb(struct outcome *res, const struct query_set *qs,
    const struct kb_target *t, int every, unsigned *errors)
{
	size_t i;

	for (i = 0; i < qs->n; i++)
		if (kb_search_outcome(&res[i], t, &qs->v[i], every,
		    errors) < 0)
			return -1;
	return 0;
}

static void
write_rank(FILE *f, const struct outcome *res, size_t i)
{
	if (res)
		fprintf(f, "\t%u", res[i].rank);
	else
		fprintf(f, "\t-");
}

static int
write_details(const char *path, const struct query_set *qs,
    const struct outcome *kb, const struct outcome *base,
    const struct outcome *learned)
{
	FILE *f = fopen(path, "w");
	size_t i, k;

	if (f == NULL) {
		perror(path);
		return -1;
	}
	fprintf(f, "# kind\tkb\tOR\tlearned\texpected\tkb_top3\tOR_top3\t"
	    "query\n");
	for (i = 0; i < qs->n; i++) {
		const struct query *q = &qs->v[i];

		fprintf(f, "%s", q->kind);
		write_rank(f, kb, i);
		write_rank(f, base, i);
		write_rank(f, learned, i);
		fprintf(f, "\t%s", q->nexpected ? "" : "NONE");
		for (k = 0; k < q->nexpected; k++)
			fprintf(f, "%s%s", k ? "," : "", q->expected[k]);
		fprintf(f, "\t%s\t%s\t%s\n", kb[i].top3, base[i].top3, q->text);
	}
	if (fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

static void
print_summary(const struct args *a, const struct query_set *qs,
    size_t nanswers)
{
	size_t i, none = 0;

	for (i = 0; i < qs->n; i++)
		none += qs->v[i].nexpected == 0;
	printf("%s: %zu queries (%zu with an answer, %zu NONE), %zu answers\n",
	    a->name, qs->n, qs->n - none, none, nanswers);
}

static int
run(const struct args *a, const struct query_set *qs)
{
	const struct kb_target t = { a->kb, a->repo };
	struct outcome *kb = outcomes_new(qs->n), *base = outcomes_new(qs->n);
	struct outcome *every = outcomes_new(qs->n), *learned = NULL;
	unsigned errors = 0;
	size_t nanswers = 0;
	time_t start = time(NULL);
	int rc = 0;

	if (score_baseline(base, qs, a->answers, &nanswers) < 0 ||
	    score_kb(kb, qs, &t, 0, &errors) < 0 ||
	    score_kb(every, qs, &t, 1, &errors) < 0)
		rc = -1;
	if (rc == 0 && a->learn[0]) {
		learned = outcomes_new(qs->n);
		rc = learn_cv(learned, qs, a->kb, a->learn, &errors);
	}
	if (rc == 0) {
		print_summary(a, qs, nanswers);
		table_print("per kind: kb search, and plain FTS5 OR (bm25, any "
		    "word) on the same answers", qs,
		    (const char *const[]){ "kb", "plain OR" },
		    (const struct outcome *const[]){ kb, base });
		printf("\n");
		headline_print("kb", qs, kb);
		headline_print("plain OR", qs, base);
		/* What the confidence gives up for "nothing" is the gap
		 * between the first line and this one. */
		headline_print("kb --all", qs, every);
	}
	if (rc == 0 && learned) {
		table_print("learning from use, cross-validated: half of each "
		    "answer's queries logged as uses by 2 agents,\nthe other "
		    "half scored, then swapped", qs,
		    (const char *const[]){ "kb, nothing learned",
		    "kb, learned from use" },
		    (const struct outcome *const[]){ kb, learned });
		printf("\n");
		headline_print("kb, learned", qs, learned);
	}
	if (rc == 0)
		printf("command_errors=%u, %.0f s\n", errors,
		    difftime(time(NULL), start));
	if (rc == 0 && a->details)
		rc = write_details(a->details, qs, kb, base, learned);
	free(kb);
	free(every);
	free(base);
	free(learned);
	return rc < 0 || errors ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct query_set qs;
	struct args a;
	int rc;

	if (parse_args(&a, argc, argv) < 0)
		return usage();
	/* Letters of every script are words for the baseline. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "") == NULL)
		fprintf(stderr, "eval: no UTF-8 locale: the baseline splits "
		    "words at every non-ASCII letter\n");
	if (queries_load(&qs, a.queries) < 0)
		return 1;
	rc = run(&a, &qs);
	queries_free(&qs);
	return rc;
}
