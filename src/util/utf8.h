/*
 * UTF-8 decoding, display width and sanitising, independent of the locale
 * so that kb lays text out the same way everywhere.
 */
#ifndef KB_UTF8_H
#define KB_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define UTF8_REPLACEMENT 0xFFFD

/*
 * Decode the character at s[0..len).  Returns the bytes it takes (at least
 * 1 when len > 0); an invalid sequence gives U+FFFD and 1 byte.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
void utf8_encode(struct buf *b, uint32_t cp);

/* 1 if all of s[0..len) is valid UTF-8; else 0 and *bad = first bad byte. */
int utf8_valid(const char *s, size_t len, size_t *bad);

/* Characters (code points) in s[0..len). */
size_t utf8_count(const char *s, size_t len);

/* Columns a character takes on a terminal: 0, 1 or 2. */
int utf8_char_width(uint32_t cp);
/* Columns of s[0..len). */
size_t utf8_width(const char *s, size_t len);
/* Columns of the string `s`. */
size_t utf8_strwidth(const char *s);
/*
 * Bytes of the longest prefix of s[0..len) that fits in `columns` without
 * splitting a character; its width goes to *width (may be NULL).
 */
size_t utf8_fit(size_t *width, const char *s, size_t len, size_t columns);

/*
 * 1 for characters that must never reach a terminal raw: C0 and C1
 * controls, DEL and the bidirectional overrides (they can disguise text).
 */
int utf8_is_unsafe(uint32_t cp);

enum utf8_sanitize_flags {
	UTF8_KEEP_NEWLINES = 1 << 0,	/* else a newline becomes a space */
	UTF8_KEEP_TABS = 1 << 1,	/* else a tab becomes a space */
	/* A newline or tab not kept, and a carriage return not ending a
	 * kept line, become U+FFFD (not a space, not nothing): what is shown
	 * must not look like another, existing name (kb/text.h). */
	UTF8_STRICT = 1 << 2
};

/*
 * Append s[0..len) to b with invalid bytes and unsafe characters replaced
 * by U+FFFD, newlines and tabs as `flags` say, a carriage return dropped
 * (UTF8_STRICT: see above), line and paragraph separators made a space and
 * a BOM dropped.  The result is valid UTF-8 with no utf8_is_unsafe()
 * character in it.
 */
void utf8_sanitize(struct buf *b, const char *s, size_t len, unsigned flags);

#endif
