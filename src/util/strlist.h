/* A growable array of owned strings. */
#ifndef KB_STRLIST_H
#define KB_STRLIST_H

#include <stddef.h>

struct strlist {
	char **v;
	size_t n;
	size_t cap;
};

#define STRLIST_INIT { NULL, 0, 0 }

/* Append `s`, taking ownership of it. */
void strlist_push(struct strlist *l, char *s);
/* 1 if an equal string is in the list. */
int strlist_has(const struct strlist *l, const char *s);
/* Hand the array to the caller (NULL when empty) and reset the list. */
char **strlist_detach(struct strlist *l);
void strlist_free(struct strlist *l);
void strlist_free_array(char **v, size_t n);

/* v[0..n) joined with `sep` ("a, b"); caller frees. */
char *strlist_join(char *const *v, size_t n, const char *sep);

#endif
