/*
 * Allocation that cannot fail: running out of memory aborts with a message
 * (after the hook, if one is set).  A zero-size request is a bug and
 * aborts too.
 */
#ifndef KB_XMALLOC_H
#define KB_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));

/*
 * Call `hook` once, before the out-of-memory message, so that a program
 * that has taken over the terminal gives it back and the message shows.
 * NULL for none (the default).
 */
void xalloc_set_oom_hook(void (*hook)(void));

/* Grow *v (holding *cap items of `size`) so that it holds at least `need`. */
void xgrow(void *v, size_t *cap, size_t need, size_t size);

#endif
