/*
 * The dictionary's table kept in a file, so that a process maps it
 * instead of reading and hashing the word lists again (dict.c).
 *
 * The file is derived data: $XDG_CACHE_HOME/kb (else ~/.cache/kb)
 * holds one per set of lists, named after their sizes and times, so
 * that a list upgraded by the package manager gets a new one.  One that
 * is missing, unreadable or damaged is built again; one that cannot be
 * written costs only the time.
 */
#ifndef KB_DICT_CACHE_H
#define KB_DICT_CACHE_H

#include <stddef.h>
#include <stdint.h>

/* The words end to end, NUL-terminated; a table of offsets + 1. */
struct dict {
	char *words;
	size_t len;
	uint32_t *slots;
	size_t cap;		/* a power of two */
	void *mapped;		/* the cache file's mapping, or NULL */
	size_t mapped_len;
};

/* Map the cache file of `lists` into *d: 0, or -1 when there is none
 * that can be used. */
int kb_dict_cache__map(struct dict *d, const char *const *lists,
    size_t nlists);

/* Write *d as the cache file of `lists`, quietly, best effort. */
void kb_dict_cache__save(const struct dict *d, const char *const *lists,
    size_t nlists);

void kb_dict_cache__unmap(struct dict *d);

#endif
