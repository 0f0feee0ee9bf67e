/*
 * Text safety: the one rule for text that came from a file, git, the
 * usage log or a user and is about to reach a terminal, a CSV or a JSON
 * document (kb(1), TEXT SAFETY).
 *
 * Invalid UTF-8 (each bad byte), C0 control characters, DEL, C1 control
 * characters (U+0080 to U+009F) and the bidirectional embeddings,
 * overrides and isolates (U+202A to U+202E, U+2066 to U+2069: they can
 * make text read differently from what it is) each become U+FFFD.  Only
 * text shown line by line (KB_TEXT_LINES) keeps its newlines and tabs; a
 * carriage return before a newline is dropped there.  Elsewhere a tab, a
 * newline or a carriage return is U+FFFD too: a name adds no line or
 * column.  U+2028 and U+2029 become a space, a BOM is dropped, and
 * everything else is kept as it is, so that a name shown can still be
 * recognised in the files.
 */
#ifndef KB_TEXT_H
#define KB_TEXT_H

#include <stddef.h>

enum kb_text_flags {
	KB_TEXT_LINES = 1 << 0	/* multi-line text: keep newlines and tabs */
};

/*
 * s[0..len) made safe by the rule above (a NULL s is ""); the result is
 * valid UTF-8 and never NULL (out of memory aborts).  Caller frees.
 */
char *kb_text_sanitize(const char *s, size_t len, unsigned flags);

#endif
