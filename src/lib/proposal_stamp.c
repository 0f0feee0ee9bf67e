/*
 * A stamp of what kb_proposals_list() would say (proposal.h): cheap
 * enough for a screen to look every few seconds for proposals that
 * arrived, moved or were decided, without listing them.
 */
#include "kb/proposal.h"

#include <stdint.h>
#include <string.h>

#include "kb_private.h"
#include "store.h"

struct stamp {
	uint64_t sum;
	uint64_t n;
};

static uint64_t
hash_of(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* A ref's name and tip, hashed; summed, so that their order is no matter. */
static int
add_ref(const char *name, const char *tip, void *payload)
{
	struct stamp *st = payload;

	st->sum += hash_of(tip, hash_of(name, 14695981039346656037ull) ^ 1);
	st->n++;
	return 0;
}

int
kb_proposals_stamp(unsigned long long *out, struct kb *kb)
{
	struct stamp st = { 0, 0 };
	char main[KB_OID_HEX + 1];
	int rc;

	*out = 0;
	if ((rc = kb_head(main, kb)) < 0)
		return rc;
	if ((rc = kb_store__branches(kb->store, "proposals/", add_ref,
	    &st)) < 0)
		return rc;
	*out = hash_of(main, st.sum * 31 + st.n);
	return 0;
}
