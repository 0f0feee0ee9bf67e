/*
 * The search index: SQLite FTS5, derived from the branch, never committed.
 *
 * It lives in <gitdir>/kb/index.db and records the commit it was built
 * from.  An update diffs that commit's tree with the branch's and touches
 * only the answers that changed.  A missing, old or corrupt index is
 * rebuilt, never an error; an index that cannot be written (the disk is
 * full) is searched as it is.
 */
#ifndef KB_INDEX_H
#define KB_INDEX_H

#include "diag.h"
#include "kb.h"

enum kb_index_flags {
	KB_INDEX_REBUILD = 1 << 0,	/* start over */
	/* At the centre: first read what the offices' usage refs gained
	 * into offices.db, to learn from (kb index, kb learn); without it
	 * offices.db is learned from as it is. */
	KB_INDEX_OFFICES = 1 << 1
};

struct kb_index_stats {
	unsigned added, changed, removed, skipped;
	unsigned total;		/* answers in the index afterwards */
	int rebuilt;		/* 1 when built from scratch */
	unsigned learned;	/* answers whose words learned from use
				   changed (see kb(1), LEARNING FROM USE) */
	int up_to_date;		/* 1 when nothing had to be done */
	char commit[KB_OID_HEX + 1];
};

/*
 * Bring the index up to date with the branch.  Answers that cannot be
 * indexed are skipped and reported through `cb` (may be NULL).  `stats`
 * may be NULL.
 */
int kb_index_update(struct kb_index_stats *stats, struct kb *kb, unsigned flags,
    kb_diag_cb cb, void *payload);

/*
 * Update the index only if the branch moved since it was built, or the
 * usage log or the centre's learned words since it learned from use:
 * cheap when nothing did (refs, the usage log's file times and a row of
 * the index are read, no git object).  Returns 1 when the index changed, 0 when it was current.
 * For front ends that stay open and search with no_refresh (search.h).
 */
int kb_index_refresh(struct kb *kb);

/*
 * One line for the user about the index, or NULL (the caller frees it,
 * and it is given once): a damaged index was built again, or the index
 * could not be updated (a full disk, permissions) and searches use the
 * one there is meanwhile.
 */
char *kb_index_warning_take(struct kb *kb);

#endif
