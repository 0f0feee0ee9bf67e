/* The dictionary's table in a cache file; see dict_cache.h. */
#include "dict_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

#define CACHE_MAGIC "kbdict1\n"
#define CACHE_MAX_WORDS (64u << 20)	/* bytes; the lists are cut at 16 */
#define CACHE_MAX_SLOTS (1u << 26)

struct cache_header {
	char magic[8];
	uint64_t signature;	/* of the lists it was built from */
	uint64_t len;		/* bytes of words */
	uint64_t cap;		/* slots */
};

/* The slots start 8-aligned after the words. */
static size_t
slots_offset(size_t len)
{
	return sizeof(struct cache_header) + ((len + 7) & ~(size_t)7);
}

static uint64_t
fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n--)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

/* Which lists, of which sizes and times: a new list, a new cache. */
static uint64_t
lists_signature(const char *const *lists, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		struct stat st;
		int64_t v[4] = { 0, 0, 0, 0 };

		if (stat(lists[i], &st) == 0) {
			v[0] = (int64_t)st.st_size;
			v[1] = (int64_t)st.st_mtim.tv_sec;
			v[2] = (int64_t)st.st_mtim.tv_nsec;
			v[3] = (int64_t)st.st_ino;
		}
		h = fnv1a(h, lists[i], strlen(lists[i]) + 1);
		h = fnv1a(h, v, sizeof(v));
	}
	return h;
}

/* $XDG_CACHE_HOME/kb, else ~/.cache/kb; NULL without either. */
static char *
cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/kb", xdg);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.cache/kb", home);
	return NULL;
}

static char *
cache_path(uint64_t signature)
{
	char *dir = cache_dir(), *path;

	if (dir == NULL)
		return NULL;
	path = xasprintf("%s/dict-%016llx.bin", dir,
	    (unsigned long long)signature);
	free(dir);
	return path;
}

/* Is the mapped file what save() writes for `signature`? */
static int
valid(const unsigned char *base, size_t size, uint64_t signature)
{
	struct cache_header h;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, base, sizeof(h));
	if (memcmp(h.magic, CACHE_MAGIC, sizeof(h.magic)) != 0 ||
	    h.signature != signature || h.len == 0 ||
	    h.len > CACHE_MAX_WORDS || h.cap == 0 || h.cap > CACHE_MAX_SLOTS ||
	    (h.cap & (h.cap - 1)) != 0)
		return 0;
	if (size != slots_offset((size_t)h.len) + (size_t)h.cap *
	    sizeof(uint32_t))
		return 0;
	/* slot_of() reads words up to a NUL. */
	return base[sizeof(h) + h.len - 1] == '\0';
}

int
kb_dict_cache__map(struct dict *d, const char *const *lists, size_t nlists)
{
	uint64_t signature = lists_signature(lists, nlists);
	char *path = cache_path(signature);
	struct cache_header h;
	struct stat st;
	void *base;
	int fd;

	if (path == NULL)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    (base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) == MAP_FAILED) {
		close(fd);
		return -1;
	}
	close(fd);
	if (!valid(base, (size_t)st.st_size, signature)) {
		munmap(base, (size_t)st.st_size);
		return -1;
	}
	memcpy(&h, base, sizeof(h));
	memset(d, 0, sizeof(*d));
	d->mapped = base;
	d->mapped_len = (size_t)st.st_size;
	d->words = (char *)base + sizeof(h);
	d->len = (size_t)h.len;
	d->slots = (uint32_t *)(void *)((char *)base +
	    slots_offset((size_t)h.len));
	d->cap = (size_t)h.cap;
	return 0;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
write_table(int fd, const struct dict *d, uint64_t signature)
{
	static const char zeros[8];
	struct cache_header h;
	size_t pad = slots_offset(d->len) - sizeof(h) - d->len;

	memcpy(h.magic, CACHE_MAGIC, sizeof(h.magic));
	h.signature = signature;
	h.len = d->len;
	h.cap = d->cap;
	return write_all(fd, &h, sizeof(h)) < 0 ||
	    write_all(fd, d->words, d->len) < 0 ||
	    write_all(fd, zeros, pad) < 0 ||
	    write_all(fd, d->slots, d->cap * sizeof(uint32_t)) < 0 ? -1 : 0;
}

void
kb_dict_cache__save(const struct dict *d, const char *const *lists,
    size_t nlists)
{
	uint64_t signature = lists_signature(lists, nlists);
	char *dir = cache_dir(), *path, *tmp, *parent;
	int fd;

	if (dir == NULL || d->len == 0 || d->len > CACHE_MAX_WORDS ||
	    d->cap > CACHE_MAX_SLOTS) {
		free(dir);
		return;
	}
	/* ~/.cache may not exist yet: make it, then kb/ in it. */
	parent = xstrdup(dir);
	*strrchr(parent, '/') = '\0';
	(void)mkdir(parent, 0700);
	(void)mkdir(dir, 0700);
	free(parent);
	path = cache_path(signature);
	tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		int bad = write_table(fd, d, signature);

		/* Another process may have written the same file: either
		 * one is as good. */
		if (close(fd) < 0 || bad || rename(tmp, path) < 0)
			unlink(tmp);
	}
	free(tmp);
	free(path);
	free(dir);
}

void
kb_dict_cache__unmap(struct dict *d)
{
	if (d->mapped)
		munmap(d->mapped, d->mapped_len);
	memset(d, 0, sizeof(*d));
}
