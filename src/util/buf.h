/*
 * A growable byte buffer, always NUL-terminated.  Owns its memory; a zeroed
 * struct is an empty buffer.
 */
#ifndef KB_BUF_H
#define KB_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_truncate(struct buf *b, size_t len);
/* Hand the data to the caller (never NULL) and leave the buffer empty. */
char *buf_detach(struct buf *b);
void buf_free(struct buf *b);
/* The contents, "" for an empty buffer. */
const char *buf_cstr(const struct buf *b);

#endif
