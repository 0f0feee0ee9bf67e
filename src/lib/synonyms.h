/*
 * synonyms.txt: groups of words and phrases that mean the same thing to
 * the people who call.  A query word (or run of words) that matches one
 * member of a group also searches for the others.
 *
 * Members are compared by their stems, so "licenses" finds the group of
 * "license".
 */
#ifndef KB_SYNONYMS_H
#define KB_SYNONYMS_H

#include <stddef.h>

#include "fts.h"
#include "kb/diag.h"

struct synonym_phrase {
	char *text;		/* as written: what goes into a search */
	char **stems;		/* its words' stems */
	size_t nstems;
	char *joined;		/* the stems joined by spaces */
};

struct synonym_group {
	struct synonym_phrase *phrases;
	size_t nphrases;
};

struct synonyms {
	struct synonym_group *groups;
	size_t ngroups;
};

/*
 * Parse the text of synonyms.txt.  Problems (a group of one, a word in
 * two groups) go to `cb` as warnings with `path`; parsing never fails.
 */
struct synonyms *kb_synonyms__parse(const char *text, struct fts_tokenizer *t,
    const char *path, kb_diag_cb cb, void *payload);
void kb_synonyms__free(struct synonyms *s);

/*
 * The longest member of any group that matches the words starting at
 * stems[i] (each entry is one query word's stems, space-separated): returns
 * the group and sets *phrase to the member and *len to the number of
 * entries it covers; -1 when none matches.
 */
int kb_synonyms__match(size_t *phrase, size_t *len, const struct synonyms *s,
    char *const *stems, size_t n, size_t i);

#endif
