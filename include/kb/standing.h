/*
 * Links between answers: whether one is in use today, and its languages.
 *
 * Whether an answer is in use today:  `effective: DATE` keeps a new
 * answer out of search until that date, `expires: DATE` takes one out
 * from that date, and `replaces: ID` takes the replaced answer out when
 * its replacement becomes effective.  Each is decided on the day, from
 * kb_today(), so an answer approved and synced early switches over by
 * itself, offline too.
 */
#ifndef KB_STANDING_H
#define KB_STANDING_H

#include "kb.h"

enum kb_standing_state {
	KB_STANDING_CURRENT,
	KB_STANDING_NOT_YET,	/* effective later: `date` */
	KB_STANDING_EXPIRED,	/* expired on `date` */
	KB_STANDING_REPLACED	/* by `by`, from `date` */
};

struct kb_standing {
	enum kb_standing_state state;
	char date[11];			/* YYYY-MM-DD, "" when current */
	char by[KB_ID_MAX + 1];		/* the replacement, or "" */
};

/* Where answer `a` stands today (the index gives its replacements). */
int kb_answer_standing(struct kb_standing *out, struct kb *kb,
    const struct kb_answer *a);

/*
 * The answer in use today in place of `id`: its replacement (and theirs)
 * once effective, else `id` itself.  Caller frees *out.
 */
int kb_answer_current_id(char **out, struct kb *kb, const char *id);

/*
 * The answer and its translations, each once: the source first, then the
 * translations by language.  Either side of the link counts, and only
 * answers in the index are given.  Free with kb_translations_free().
 */
int kb_answer_translations(struct kb_translation **out, size_t *n,
    struct kb *kb, const char *id);
void kb_translations_free(struct kb_translation *v, size_t n);

/* The languages of the indexed answers, sorted ("en", "es").  Caller
 * frees each and the array. */
int kb_languages(char ***out, size_t *n, struct kb *kb);

#endif
