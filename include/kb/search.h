/*
 * Search: whatever an agent types, best answers first.
 *
 * Any text is a valid query, a pasted email included.  Every answer with
 * any of its words is a candidate; ranking puts first those with more of
 * the query's telling words, in their title and tags above all.  Any word
 * may be half-typed; a word neither the KB nor the dictionary knows is
 * corrected.  Each hit has a confidence: the sure hits come first, and a
 * search with none is one the KB does not answer (a content gap).
 */
#ifndef KB_SEARCH_H
#define KB_SEARCH_H

#include <stddef.h>

#include "kb.h"
#include "render.h"

struct kb_search_options {
	unsigned limit;		/* at most this many hits (0: 10) */
	const char *lang;	/* only answers in this language, or NULL */
	const char *tag;	/* only answers with this tag, or NULL */
	int snippets;		/* 1: fill kb_hit.snippet */
	int no_refresh;		/* 1: do not update the index first */
	/* For tuning: called with a line per search stage (its MATCH text
	 * and hits), or NULL. */
	void (*trace)(const char *line, void *payload);
	void *trace_payload;
};

#define KB_SEARCH_OPTIONS_INIT { .limit = 10, .snippets = 1 }

struct kb_hit {
	char *id;
	char *title;
	char *tags;		/* comma-separated */
	char *lang;
	char *snippet;		/* one line of body text, or NULL */
	struct kb_span *marks;	/* matched words in the snippet */
	size_t nmarks;
	char version[KB_OID_HEX + 1];
	double score;		/* higher is better; compare within one search */
	double confidence;	/* 0 to 1: how sure a match this is */
	int sure;		/* 1: a confident match (see kb_results.nsure) */
};

struct kb_results {
	struct kb_hit *hits;	/* the sure hits first, then the weaker */
	size_t nhits;
	size_t nsure;		/* hits[0 .. nsure) are the confident ones;
				 * 0: nothing the KB surely answers (a gap) */
	char *corrected;	/* the query after typo correction, or NULL */
};

int kb_search(struct kb_results **out, struct kb *kb, const char *query,
    const struct kb_search_options *opts);
void kb_results_free(struct kb_results *results);

#endif
