/* Growable arrays of owned strings. */
#include "strlist.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

void
strlist_push(struct strlist *l, char *s)
{
	xgrow(&l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = s;
}

int
strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

char **
strlist_detach(struct strlist *l)
{
	char **v = l->v;

	l->v = NULL;
	l->n = l->cap = 0;
	return v;
}

void
strlist_free(struct strlist *l)
{
	strlist_free_array(l->v, l->n);
	l->v = NULL;
	l->n = l->cap = 0;
}

void
strlist_free_array(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *
strlist_join(char *const *v, size_t n, const char *sep)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, sep);
		buf_adds(&b, v[i]);
	}
	return buf_detach(&b);
}
