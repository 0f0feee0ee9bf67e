/*
 * A hash map from strings (copied) to 64-bit integers, for counts and
 * caches.  Open addressing; grows as needed.
 */
#ifndef KB_STRMAP_H
#define KB_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	char *key;
	uint64_t hash;		/* of the key: probes compare it first */
	int64_t value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap;		/* a power of two, or 0 */
	size_t used;
};

#define STRMAP_INIT { NULL, 0, 0 }

/* The hash every string table in kb uses (FNV-1a). */
uint64_t strmap_hash(const char *s, size_t n);

/* The value of key[0..n), or NULL when absent. */
int64_t *strmap_find(struct strmap *m, const char *key, size_t n);
/* The value of key[0..n), added as 0 when absent. */
int64_t *strmap_get(struct strmap *m, const char *key, size_t n);
/* strmap_get() for a caller that has the key's strmap_hash() already. */
int64_t *strmap_get_hashed(struct strmap *m, const char *key, size_t n,
    uint64_t hash);
void strmap_clear(struct strmap *m);

#endif
