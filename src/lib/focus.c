/* The telling words of a long text; see focus.h. */
#include "focus.h"

#include <stdlib.h>
#include <string.h>

#include "index_cache.h"

struct ranked_term {
	size_t index;
	long long df;
};

/* Rarest first; words the KB lacks last; then in the order typed. */
static int
by_rarity(const void *a, const void *b)
{
	const struct ranked_term *x = a, *y = b;
	long long dx = x->df ? x->df : (1LL << 62);
	long long dy = y->df ? y->df : (1LL << 62);

	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int
kb_focus__query(struct kb *kb, struct query *q)
{
	struct ranked_term r[QUERY_MAX_TERMS];
	size_t i, n = 0;
	int rc;

	if (kb_query__active(q) <= FOCUS_TERMS)
		return 0;
	for (i = 0; i < q->n; i++) {
		struct query_term *t = &q->terms[i];

		if (t->skip || t->stop)
			continue;
		r[n].index = i;
		/* "w 2", "ds 11": form numbers tell a lot. */
		if (strchr(t->word, ' ') != NULL)
			r[n].df = 1;
		else if ((rc = kb_index_cache__stem_df(&r[n].df, kb, t->stem,
		    strlen(t->stem))) < 0)
			return rc;
		n++;
	}
	qsort(r, n, sizeof(r[0]), by_rarity);
	for (i = FOCUS_TERMS; i < n; i++)
		q->terms[r[i].index].skip = 1;
	/* The last word of a long text is no word being typed. */
	for (i = 0; i < q->n; i++)
		q->terms[i].prefix = 0;
	return 0;
}
