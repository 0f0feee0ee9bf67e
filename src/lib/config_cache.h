/*
 * Git config values a search needs, without starting libgit2 (whose
 * start-up, about 4 ms, is half a one-shot search).  A value is kept in
 * the index's meta table with a stamp of every config file it may come
 * from; while no such file changes, the kept value is the answer.
 */
#ifndef KB_CONFIG_CACHE_H
#define KB_CONFIG_CACHE_H

struct db;
struct kb;

/* The keys searches read: filled whenever the index is written. */
#define CONFIG_CACHE_KEYS "kb.lang"

/*
 * As kb_config_string(): 0 and *out (caller frees), KB_ENOTFOUND when
 * unset, or another error.  The caller opened the index (kb->index):
 * the value kept there while no config file changed, else git's, kept
 * for the next time.
 */
int kb_config_cache__string(char **out, struct kb *kb, const char *key);

/*
 * Note the CONFIG_CACHE_KEYS in `db` (an index being written, whose
 * writer has libgit2 started anyway), so that searches find them there.
 */
void kb_config_cache__fill(struct kb *kb, struct db *db);

#endif
