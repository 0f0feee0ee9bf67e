/* String -> integer hash maps. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

uint64_t
strmap_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct strmap_slot *
slot_for(struct strmap_slot *slots, size_t cap, const char *key, size_t n,
    uint64_t hash)
{
	size_t i = (size_t)hash & (cap - 1);

	while (slots[i].key && (slots[i].hash != hash ||
	    strncmp(slots[i].key, key, n) != 0 || slots[i].key[n] != '\0'))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void
grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64, i;
	struct strmap_slot *slots = xcalloc(cap, sizeof(*slots));

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*slot_for(slots, cap, m->slots[i].key,
			    strlen(m->slots[i].key), m->slots[i].hash) =
			    m->slots[i];
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

int64_t *
strmap_find(struct strmap *m, const char *key, size_t n)
{
	struct strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = slot_for(m->slots, m->cap, key, n, strmap_hash(key, n));
	return s->key ? &s->value : NULL;
}

int64_t *
strmap_get_hashed(struct strmap *m, const char *key, size_t n,
    uint64_t hash)
{
	struct strmap_slot *s;

	if (m->used * 2 >= m->cap)
		grow(m);
	s = slot_for(m->slots, m->cap, key, n, hash);
	if (s->key == NULL) {
		s->key = xstrndup(key, n);
		s->hash = hash;
		s->value = 0;
		m->used++;
	}
	return &s->value;
}

int64_t *
strmap_get(struct strmap *m, const char *key, size_t n)
{
	return strmap_get_hashed(m, key, n, strmap_hash(key, n));
}

void
strmap_clear(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	m->slots = NULL;
	m->cap = m->used = 0;
}
