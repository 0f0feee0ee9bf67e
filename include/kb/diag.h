/*
 * Diagnostics: many problems reported at once (kb check, kb index).
 *
 * A function that validates calls the callback once per problem and goes
 * on; the strings are borrowed and only valid during the call.
 */
#ifndef KB_DIAG_H
#define KB_DIAG_H

enum kb_severity {
	KB_SEVERITY_WARNING,
	KB_SEVERITY_ERROR
};

struct kb_diag {
	const char *path;	/* file inside the KB, e.g. answers/x/y.md */
	unsigned line;		/* 1-based; 0 when the whole file is meant */
	enum kb_severity severity;
	const char *message;
};

typedef void (*kb_diag_cb)(const struct kb_diag *diag, void *payload);

#endif
