/*
 * Confidence of hits; see confidence.h.
 *
 * A hit's evidence adds up what kb_cover() measured of it:
 *
 *   + the share of the query's telling words it has (of a long text: of
 *     its COVER_ENOUGH most telling ones, fts.h);
 *   + 1.2 x the share it has in its title or tags (what the answer is
 *     about: of two hits with the same words, the one named by them);
 *   - half the share of words no answer has at all (a question about
 *     something the KB does not cover);
 *   + for the best hit, a fifth of how far it is ahead of the next (the
 *     log of their score ratio, at most 2): one clear answer, not a
 *     crowd.
 *
 * A hit is sure when its evidence reaches SURE_EVIDENCE.  Once the best
 * hit is sure, the KB answers the question, and the hits that score at
 * least FOLLOW_SHARE of it are sure too: the same need answered by
 * another office's page, or its neighbour the caller may mean ("renew"
 * beside "replace").  The weights and those two figures were chosen on
 * the dev set (../shared/eval) and checked on the sample's own queries
 * (tests/eval/queries.tsv): see README.md, "Search quality".  Confidence
 * is evidence / (2 * SURE_EVIDENCE), kept to 0..1, so a sure hit is one
 * with confidence 0.5 or more.
 */
#include "confidence.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define W_NAMED 1.2
#define W_UNKNOWN 0.5
#define W_MARGIN 0.2
#define MAX_MARGIN 2.0
#define SURE_EVIDENCE 0.72
#define FOLLOW_SHARE 0.2

/* kb_cover()'s figures, in its order. */
enum cover_figure {
	COVER_SHARE, COVER_NAMED, COVER_UNKNOWN, COVER_PEAK, COVER_SCORE,
	COVER_ENOUGH_SHARE, COVER_NEAR, NCOVER
};

void
kb_confidence__read_cover(struct kb_hit *hit, const char *cover)
{
	double f[NCOVER] = { 0 };
	const char *p = cover ? cover : "";
	char *end;
	int i;

	for (i = 0; i < NCOVER; i++, p = end)
		if ((f[i] = strtod(p, &end)), end == p)
			break;
	/* Until kb_confidence__assess() adds the margin: the hit's own part. */
	hit->confidence = f[COVER_ENOUGH_SHARE] + W_NAMED * f[COVER_NAMED] -
	    W_UNKNOWN * f[COVER_UNKNOWN];
}

/* How far the best hit is ahead of the next. */
static double
margin_evidence(const struct kb_results *r)
{
	double margin;

	if (r->nhits < 2 || r->hits[1].score <= 0.0)
		return W_MARGIN * MAX_MARGIN;
	margin = log(r->hits[0].score / r->hits[1].score);
	return W_MARGIN * fmin(margin, MAX_MARGIN);
}

/* Sure hits first, each group in rank order. */
static void
sure_first(struct kb_results *r)
{
	struct kb_hit *sorted;
	size_t i, n = 0;
	int pass;

	if (r->nhits == 0 || (sorted = malloc(r->nhits * sizeof(*sorted))) ==
	    NULL)
		return;
	for (pass = 1; pass >= 0; pass--)
		for (i = 0; i < r->nhits; i++)
			if (r->hits[i].sure == pass)
				sorted[n++] = r->hits[i];
	memcpy(r->hits, sorted, r->nhits * sizeof(*sorted));
	free(sorted);
}

/* Does a hit follow a sure best hit closely enough to be sure too? */
static int
follows_best(const struct kb_results *r, size_t i, int best_sure)
{
	return i > 0 && best_sure &&
	    r->hits[i].score >= FOLLOW_SHARE * r->hits[0].score;
}

void
kb_confidence__assess(struct kb_results *r)
{
	double margin = margin_evidence(r);
	int best_sure = 0;
	size_t i;

	r->nsure = 0;
	for (i = 0; i < r->nhits; i++) {
		struct kb_hit *h = &r->hits[i];
		/* Being ahead of the next is the best hit's alone. */
		double evidence = h->confidence + (i == 0 ? margin : 0.0);

		h->sure = evidence >= SURE_EVIDENCE;
		if (!h->sure && follows_best(r, i, best_sure)) {
			h->sure = 1;
			evidence = SURE_EVIDENCE;
		}
		if (i == 0)
			best_sure = h->sure;
		h->confidence = fmax(0.0, fmin(1.0, evidence /
		    (2.0 * SURE_EVIDENCE)));
		r->nsure += (size_t)h->sure;
	}
	sure_first(r);
}
