/*
 * Learning from use, cross-validated on a labelled set.  Each answer's
 * queries are split in two halves, alternately in file order (NONE
 * queries among themselves).  In fold f every query of half f is logged
 * with `kb use` as a use of its first expected answer by two agents, the
 * index is refreshed, and the other half is scored.  So each query is
 * scored once, by the fold that never saw it, and the figures compare
 * directly with those of the same KB without any use logged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

static const char *const agents[] = { "eval-agent-1", "eval-agent-2" };

static const char *
group_of(const struct query *q)
{
	return q->nexpected ? q->expected[0] : "";
}

/* half[i]: 0 or 1, alternating within each answer's queries. */
static void
split_halves(const struct query_set *qs, unsigned char *half)
{
	size_t i, j, before;

	for (i = 0; i < qs->n; i++) {
		for (before = 0, j = 0; j < i; j++)
			before += strcmp(group_of(&qs->v[j]),
			    group_of(&qs->v[i])) == 0;
		half[i] = (unsigned char)(before % 2);
	}
}

static int
learn_half(const struct kb_target *t, const struct query_set *qs,
    const unsigned char *half, unsigned char f)
{
	size_t i, a;

	for (i = 0; i < qs->n; i++) {
		if (half[i] != f || qs->v[i].nexpected == 0)
			continue;
		for (a = 0; a < sizeof(agents) / sizeof(agents[0]); a++)
			if (kb_use(t, agents[a], qs->v[i].expected[0],
			    qs->v[i].text) < 0)
				return -1;
	}
	return kb_reindex(t);
}

int
learn_cv(struct outcome *res, const struct query_set *qs,
    const char *kb_bin, const char *const repos[2], unsigned *errors)
{
	unsigned char *half = calloc(qs->n + 1, 1), f;
	size_t i;
	int rc = 0;

	if (half == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	split_halves(qs, half);
	for (f = 0; f < 2 && rc == 0; f++) {
		struct kb_target t = { kb_bin, repos[f] };

		if (learn_half(&t, qs, half, f) < 0) {
			fprintf(stderr, "eval: learning from use in %s "
			    "failed: see the message above\n", repos[f]);
			rc = -1;
			break;
		}
		for (i = 0; i < qs->n && rc == 0; i++)
			if (half[i] != f)
				rc = kb_search_outcome(&res[i], &t, &qs->v[i],
				    0, errors);
	}
	free(half);
	return rc;
}
