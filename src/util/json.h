/*
 * JSON for kb's own formats (--json output, the usage ref's JSON lines):
 * writing strings, and reading one flat object per line (strings,
 * integers, null, true, false; nothing nested).
 */
#ifndef KB_JSON_H
#define KB_JSON_H

#include <stddef.h>

#include "buf.h"

/*
 * `s` as a JSON string, quotes included ("null" for NULL): always valid
 * UTF-8 (each invalid byte is U+FFFD), every control character (C0, DEL,
 * C1), bidirectional control and line or paragraph separator written as
 * a \uXXXX escape, so the document is safe to show raw.
 */
void json_add_string(struct buf *b, const char *s);

struct json_field {
	const char *name;	/* the key to look for */
	char *text;		/* a string's value (caller frees), else NULL */
	long long number;	/* an integer's value */
	int kind;		/* JSON_ABSENT, JSON_NULL, ... */
};

enum { JSON_ABSENT, JSON_NULL, JSON_STRING, JSON_NUMBER, JSON_BOOL };

/*
 * Parse one object, filling the `fields` whose names it has (others are
 * skipped: newer writers may add keys).  -1 when `s` is not a flat JSON
 * object, or a string in it has \u0000 (a C string cannot hold it);
 * *where is then the byte offset of the problem.
 */
int json_parse_object(const char *s, size_t len, struct json_field *fields,
    size_t nfields, size_t *where);

/* Free the texts json_parse_object() filled in. */
void json_fields_clear(struct json_field *fields, size_t nfields);

#endif
