/* Allocation wrappers: out of memory is not an error kb can recover from. */
#include "xmalloc.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*oom_hook_fn)(void);

/* Atomic: a worker thread may run out of memory too. */
static _Atomic(oom_hook_fn) oom_hook;

void
xalloc_set_oom_hook(void (*hook)(void))
{
	atomic_store(&oom_hook, hook);
}

static void
die_oom(size_t size)
{
	/* Taken, not read: the hook runs once even if it allocates. */
	oom_hook_fn hook = atomic_exchange(&oom_hook, NULL);

	if (hook)
		hook();
	fprintf(stderr, "kb: out of memory allocating %zu bytes\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		die_oom(0);
	if ((p = malloc(size)) == NULL)
		die_oom(size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		die_oom(0);
	if ((p = calloc(nmemb, size)) == NULL)
		die_oom(nmemb * size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0 || nmemb > SIZE_MAX / size)
		die_oom(0);
	if ((p = realloc(ptr, nmemb * size)) == NULL)
		die_oom(nmemb * size);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list again;
	char *p;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		die_oom(0);
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}

void
xgrow(void *v, size_t *cap, size_t need, size_t size)
{
	void **vp = v;
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (n < need)
		n *= 2;
	*vp = xreallocarray(*vp, n, size);
	*cap = n;
}
