/*
 * The figures, as score.sh computes them: over queries with an expected
 * answer, hit@1, hit@3, hit@10 and MRR (the first expected id's rank);
 * over NONE queries, none_empty (the share that ran fine and found
 * nothing).  One row per kind of query, two systems side by side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

struct tally {
	unsigned n, hit1, hit3, hit10;
	unsigned none_n, none_empty;
	double rr;
};

static void
tally_add(struct tally *t, const struct query *q, const struct outcome *o)
{
	if (q->nexpected == 0) {
		t->none_n++;
		t->none_empty += o->empty;
		return;
	}
	t->n++;
	t->hit1 += o->rank == 1;
	t->hit3 += o->rank >= 1 && o->rank <= 3;
	t->hit10 += o->rank >= 1 && o->rank <= EVAL_TOP;
	t->rr += o->rank ? 1.0 / o->rank : 0.0;
}

/* Over the queries of `kind` (NULL: every query). */
static struct tally
tally_of(const struct query_set *qs, const struct outcome *res,
    const char *kind)
{
	struct tally t;
	size_t i;

	memset(&t, 0, sizeof(t));
	for (i = 0; i < qs->n; i++)
		if (kind == NULL || strcmp(qs->v[i].kind, kind) == 0)
			tally_add(&t, &qs->v[i], &res[i]);
	return t;
}

static double
share(unsigned part, unsigned whole)
{
	return whole ? (double)part / whole : 0.0;
}

static void
print_figures(const struct tally *t)
{
	if (t->n)
		printf(" %6.3f %6.3f %6.3f %6.3f", share(t->hit1, t->n),
		    share(t->hit3, t->n), share(t->hit10, t->n), t->rr / t->n);
	else
		printf(" %6s %6s %6s %6s", "-", "-", "-", "-");
	if (t->none_n)
		printf(" %10.3f", share(t->none_empty, t->none_n));
	else
		printf(" %10s", "-");
}

static void
print_row(const char *label, const struct query_set *qs,
    const struct outcome *const res[2], const char *kind)
{
	struct tally t[2] = { tally_of(qs, res[0], kind),
	    tally_of(qs, res[1], kind) };

	printf("%-12s %4u %4u |", label, t[0].n, t[0].none_n);
	print_figures(&t[0]);
	printf(" |");
	print_figures(&t[1]);
	printf("\n");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The kinds in qs, sorted, each once; the array is the caller's. */
static const char **
kinds_of(const struct query_set *qs, size_t *n)
{
	const char **v = calloc(qs->n + 1, sizeof(*v));
	size_t i, k = 0;

	if (v == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	for (i = 0; i < qs->n; i++)
		v[i] = qs->v[i].kind;
	qsort(v, qs->n, sizeof(*v), cmp_str);
	for (i = 0; i < qs->n; i++)
		if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}

void
table_print(const char *title, const struct query_set *qs,
    const char *const names[2], const struct outcome *const res[2])
{
	const char **kinds;
	size_t nkinds, i;

	printf("\n%s\n", title);
	printf("%-12s %4s %4s | %-39s | %s\n", "", "", "", names[0], names[1]);
	printf("%-12s %4s %4s |", "kind", "n", "none");
	for (i = 0; i < 2; i++)
		printf(" %6s %6s %6s %6s %10s%s", "hit@1", "hit@3", "hit@10",
		    "MRR", "none_empty", i ? "\n" : " |");
	kinds = kinds_of(qs, &nkinds);
	for (i = 0; i < nkinds; i++)
		print_row(kinds[i], qs, res, kinds[i]);
	print_row("all", qs, res, NULL);
	free(kinds);
}

/* One line in score.sh's headline form, to compare with its output. */
void
headline_print(const char *name, const struct query_set *qs,
    const struct outcome *res)
{
	struct tally t = tally_of(qs, res, NULL);

	printf("%-16s hit@1=%.2f hit@3=%.2f hit@10=%.2f mrr=%.2f "
	    "none_empty=%.2f\n", name, share(t.hit1, t.n), share(t.hit3, t.n),
	    share(t.hit10, t.n), t.n ? t.rr / t.n : 0.0,
	    share(t.none_empty, t.none_n));
}
