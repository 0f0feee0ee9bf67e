/* Nested, overlapping style spans to sorted, disjoint runs. */
#include "spans.h"

#include <stdlib.h>

#include "xmalloc.h"

#define STYLE_BITS 8		/* enum kb_style fits in these */

/* A span starts (delta +1) or ends (delta -1) at pos. */
struct edge {
	size_t pos;
	unsigned style;
	int delta;
};

static int
edge_cmp(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return 0;
}

/* The styles with at least one open span. */
static unsigned
style_in_force(const size_t open[STYLE_BITS])
{
	unsigned style = 0, bit;

	for (bit = 0; bit < STYLE_BITS; bit++)
		if (open[bit])
			style |= 1u << bit;
	return style;
}

static void
apply_edge(size_t open[STYLE_BITS], const struct edge *e)
{
	unsigned bit;

	for (bit = 0; bit < STYLE_BITS; bit++)
		if (e->style & (1u << bit)) {
			if (e->delta > 0)
				open[bit]++;
			else if (open[bit] > 0)
				open[bit]--;
		}
}

/* Append [from, to) of `style`, or extend the last run if it touches. */
static void
add_run(struct kb_span *runs, size_t *nruns, size_t from, size_t to,
    unsigned style)
{
	struct kb_span *last = *nruns ? &runs[*nruns - 1] : NULL;

	if (last && last->style == style && last->start + last->len == from) {
		last->len += to - from;
		return;
	}
	runs[*nruns].start = from;
	runs[*nruns].len = to - from;
	runs[*nruns].style = style;
	(*nruns)++;
}

size_t
kb_spans__to_runs(struct kb_span **runs, const struct kb_span *spans, size_t n,
    size_t max)
{
	size_t open[STYLE_BITS] = { 0 };
	struct edge *edges;
	size_t nedges = 0, nruns = 0, i, prev = 0;

	*runs = NULL;
	if (n == 0 || max == 0)
		return 0;
	edges = xcalloc(2 * n, sizeof(*edges));
	for (i = 0; i < n; i++) {
		if (spans[i].len == 0 || spans[i].style == 0)
			continue;
		edges[nedges].pos = spans[i].start;
		edges[nedges].style = spans[i].style;
		edges[nedges++].delta = 1;
		edges[nedges].pos = spans[i].start + spans[i].len;
		edges[nedges].style = spans[i].style;
		edges[nedges++].delta = -1;
	}
	qsort(edges, nedges, sizeof(*edges), edge_cmp);
	/* Between two edges the style is constant: at most 2n - 1 runs. */
	*runs = xcalloc(nedges ? nedges : 1, sizeof(**runs));
	for (i = 0; i < nedges && nruns < max; i++) {
		unsigned style = style_in_force(open);

		if (style && edges[i].pos > prev)
			add_run(*runs, &nruns, prev, edges[i].pos, style);
		apply_edge(open, &edges[i]);
		prev = edges[i].pos;
	}
	free(edges);
	if (nruns == 0) {
		free(*runs);
		*runs = NULL;
	}
	return nruns;
}
