/*
 * Front matter: the `key: value` lines between `---` lines that start an
 * answer or a notice (kb-answer(5)), and the Markdown body after them.
 * The generic part of both parsers; what the keys mean is theirs.
 */
#ifndef KB_FRONTMATTER_H
#define KB_FRONTMATTER_H

#include <stddef.h>

#include "kb/answer.h"
#include "kb/diag.h"
#include "kb/error.h"

/* A parse in progress: where problems go, and how many were errors. */
struct fm_parse {
	const char *path;
	kb_diag_cb cb;
	void *payload;
	unsigned errors;
};

void kb_frontmatter__report(struct fm_parse *p, enum kb_severity severity,
    unsigned line, const char *fmt, ...) KB_PRINTF(4, 5);

/* A file read: its fields in file order and its body (LF line endings). */
struct fm_doc {
	struct kb_field *fields;
	size_t nfields;
	char *body;
	size_t body_len;
	unsigned body_line;	/* file line on which the body starts */
};

/*
 * Read `data`: at most `max_bytes` (`what`, e.g. "answers", names the
 * kind of file in the message), valid UTF-8, a BOM and CR line
 * endings tolerated.  Keys not in `known` (NULL-terminated) are kept and
 * marked unknown.  Returns KB_EINVALID (and reports why) only when the
 * bytes cannot be read at all; problems in the front matter are reported
 * and counted in p->errors, and *doc is filled as far as it goes.
 */
int kb_frontmatter__read(struct fm_parse *p, struct fm_doc *doc,
    const char *data, size_t len, size_t max_bytes, const char *what,
    const char *const *known);
void kb_frontmatter__doc_free(struct fm_doc *doc);

/* The field `key`, or NULL; *line (may be NULL) says where it is. */
const char *kb_frontmatter__value(unsigned *line, const struct fm_doc *doc,
    const char *key);
/* Report every key the parser does not know, as a warning. */
void kb_frontmatter__warn_unknown(struct fm_parse *p, const struct fm_doc *doc);

/*
 * The id a file's path gives (its name without .md), reported when it is
 * not a valid id; `kind` ("answer", "notice") names the file in the
 * message.  Never NULL (caller frees).
 */
char *kb_frontmatter__id_from_path(struct fm_parse *p, const char *path,
    const char *kind);

/* "a, b ,c" as trimmed non-empty items; caller frees with
 * strlist_free_array(). */
char **kb_frontmatter__split_list(size_t *count, const char *value);

#endif
