/*
 * The general word lists behind kb_dict__has(); see dict.h.
 *
 * Reading and hashing the lists takes some 20 ms, more than a whole
 * one-shot search, so the table built from them is kept in a cache file
 * (dict_cache.c) that later processes map as it is.
 */
#include "dict.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict_cache.h"

#include "strmap.h"
#include "xmalloc.h"

#define DICT_MAX_BYTES (16u << 20)	/* a list larger than this is cut */

static const char *const dict_files[] = {
	"/usr/share/dict/american-english",
	"/usr/share/dict/spanish",
};

static struct dict loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/* "á" -> 'a', ... for the two-byte Latin-1 letters; 0 for others. */
static char
latin1_base(unsigned char lead, unsigned char next)
{
	static const char map[] = "aaaaaaaceeeeiiiidnooooo ouuuuyts"
	    "aaaaaaaceeeeiiiidnooooo ouuuuyty";
	unsigned cp;

	if (lead != 0xC3 || (next & 0xC0) != 0x80)
		return 0;
	cp = 0xC0 + (next & 0x3F);
	return cp >= 0xC0 && cp <= 0xFF && map[cp - 0xC0] != ' ' ?
	    map[cp - 0xC0] : 0;
}

/* Lower case, accents off; 0 for a line that is no plain word ("Al's"). */
static size_t
normalise(char *w, size_t n)
{
	size_t i, out = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		char base;

		if (c >= 'A' && c <= 'Z')
			w[out++] = (char)(c - 'A' + 'a');
		else if (c >= 'a' && c <= 'z')
			w[out++] = (char)c;
		else if (i + 1 < n && (base = latin1_base(c, (unsigned char)
		    w[i + 1])) != 0)
			w[out++] = base, i++;
		else
			return 0;
	}
	return out;
}

/*
 * The slot of `w`, or of the empty place where it would go; (size_t)-1
 * when neither is found (a table from a damaged cache file: full, or an
 * offset out of its words).
 */
static size_t
slot_of(const struct dict *d, const char *w, size_t n)
{
	size_t i = (size_t)strmap_hash(w, n) & (d->cap - 1), probes;

	for (probes = 0; probes < d->cap && d->slots[i] != 0; probes++) {
		const char *have;

		if (d->slots[i] - 1 >= d->len)
			return (size_t)-1;
		have = d->words + d->slots[i] - 1;
		/* The words end with a NUL (dict_cache.c checks it). */
		if (strncmp(have, w, n) == 0 && have[n] == '\0')
			return i;
		i = (i + 1) & (d->cap - 1);
	}
	return probes < d->cap ? i : (size_t)-1;
}

/* The words read so far, NUL-terminated, end to end. */
struct word_list {
	char *data;
	size_t len, cap;
};

static void
read_list(struct word_list *all, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];

	if (f == NULL)
		return;
	while (all->len < DICT_MAX_BYTES && fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n");

		if ((n = normalise(line, n)) < 2)
			continue;
		xgrow(&all->data, &all->cap, all->len + n + 1, 1);
		memcpy(all->data + all->len, line, n);
		all->data[all->len + n] = '\0';
		all->len += n + 1;
	}
	fclose(f);
}

/* The table, built from the lists (in memory, owned). */
static void
build(struct dict *d)
{
	struct word_list all = { NULL, 0, 0 };
	size_t i, count = 0, off;

	for (i = 0; i < sizeof(dict_files) / sizeof(dict_files[0]); i++)
		read_list(&all, dict_files[i]);
	for (off = 0; off < all.len; off += strlen(all.data + off) + 1)
		count++;
	d->words = all.data;
	d->len = all.len;
	for (d->cap = 64; d->cap < 2 * count; d->cap *= 2)
		;
	d->slots = xcalloc(d->cap, sizeof(*d->slots));
	for (off = 0; off < all.len; off += strlen(all.data + off) + 1) {
		size_t n = strlen(all.data + off);
		size_t s = slot_of(d, all.data + off, n);

		if (s != (size_t)-1 && d->slots[s] == 0)
			d->slots[s] = (uint32_t)off + 1;
	}
}

static void
load(void)
{
	size_t n = sizeof(dict_files) / sizeof(dict_files[0]);

	if (kb_dict_cache__map(&loaded, dict_files, n) == 0)
		return;
	build(&loaded);
	if (loaded.len > 0)
		kb_dict_cache__save(&loaded, dict_files, n);
}

int
kb_dict__has(const char *word, size_t len)
{
	size_t s;

	pthread_once(&load_once, load);
	if (loaded.cap == 0 || len == 0)
		return 0;
	s = slot_of(&loaded, word, len);
	return s != (size_t)-1 && loaded.slots[s] != 0;
}

void
kb_dict__unload(void)
{
	if (loaded.mapped)
		kb_dict_cache__unmap(&loaded);
	else {
		free(loaded.words);
		free(loaded.slots);
	}
	memset(&loaded, 0, sizeof(loaded));
}
