/*
 * The answer file format: front matter plus Markdown (see kb-answer(5)).
 *
 * kb_answer_parse() is pure: it reads bytes and reports problems through a
 * diagnostics callback.  It knows nothing of git or SQLite.
 */
#ifndef KB_ANSWER_H
#define KB_ANSWER_H

#include <stddef.h>

#include "diag.h"

#define KB_ID_MAX 64			/* characters in an answer id */
#define KB_TITLE_MAX 200		/* characters in a title */
#define KB_ANSWER_MAX_BYTES (1024 * 1024) /* larger files are rejected */
#define KB_OID_HEX 40			/* a git object id in hex */

/* One `key: value` line of the front matter, in file order. */
struct kb_field {
	char *key;
	char *value;
	unsigned line;
	int known;		/* 1 for the keys kb-answer(5) defines */
};

/* `translations: es:ssn-card-es`: the answer in another language. */
struct kb_translation {
	char *lang;
	char *id;
};

struct kb_answer {
	char *id;		/* file name without .md */
	char *path;		/* path inside the KB */
	char version[KB_OID_HEX + 1]; /* blob id, "" when not from git */

	char *title;
	char **tags;		/* trimmed, in file order */
	size_t ntags;
	char *audience;		/* "public" unless set */
	char *lang;		/* "en" unless set */
	char *review_by;	/* YYYY-MM-DD or NULL */
	char *owner;
	char *standard;
	char **related;		/* answer ids */
	size_t nrelated;
	struct kb_translation *translations; /* a source's translations */
	size_t ntranslations;
	char *translation_of;	/* a translation's source id, or NULL */
	char *effective;	/* YYYY-MM-DD: not in use before, or NULL */
	char *expires;		/* YYYY-MM-DD: not in use from, or NULL */
	char *replaces;		/* the answer it takes over from, or NULL */

	struct kb_field *fields; /* every front-matter line, unknown keys too */
	size_t nfields;

	char *body;		/* Markdown after the front matter, LF endings */
	size_t body_len;
	unsigned body_line;	/* file line on which the body starts */
};

/*
 * Parse an answer file.  `path` is its path inside the KB (it gives the id
 * and appears in diagnostics).  Every problem goes to `cb` (may be NULL).
 *
 * Returns 0 and sets *out (free with kb_answer_free()) when the answer is
 * usable, possibly after warnings; KB_EINVALID and *out = NULL after at
 * least one error.
 */
int kb_answer_parse(struct kb_answer **out, const char *path,
    const char *data, size_t len, kb_diag_cb cb, void *payload);

void kb_answer_free(struct kb_answer *answer);

/*
 * The id a path gives: "answers/a/b/ssn-card.md" -> "ssn-card".  Returns a
 * pointer into a static-free copy in *out (caller frees), or KB_EINVALID
 * when the path does not end in ".md".
 */
int kb_answer_id_from_path(char **out, const char *path);

/* 1 if `id` matches [a-z0-9][a-z0-9-]{0,63}. */
int kb_answer_id_valid(const char *id);

/* 1 if `s` is a language tag such as en, es or pt-BR. */
int kb_lang_valid(const char *s);

/* 1 if `s` is a real calendar date written YYYY-MM-DD. */
int kb_date_valid(const char *s);

/* 1 if the path names an answer file: under answers/ and ending in .md. */
int kb_answer_path_is_answer(const char *path);

#endif
