/* Typo correction: the closest common word of the vocabulary. */
#include "typo.h"

#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "xmalloc.h"

#define MAX_WORD 64

unsigned
typo_distance(const char *a, size_t na, const char *b, size_t nb,
    unsigned max)
{
	unsigned row[3][MAX_WORD + 1];
	unsigned *prev2 = row[0], *prev = row[1], *cur = row[2], *tmp;
	size_t i, j;

	if (na > MAX_WORD || nb > MAX_WORD)
		return max + 1;
	if ((na > nb ? na - nb : nb - na) > max)
		return max + 1;
	for (j = 0; j <= nb; j++)
		prev[j] = (unsigned)j;
	for (i = 1; i <= na; i++) {
		unsigned best = cur[0] = (unsigned)i;

		for (j = 1; j <= nb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned d = prev[j] + 1;

			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > max)
			return max + 1;
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	return prev[nb] > max ? max + 1 : prev[nb];
}

static unsigned
allowed_distance(size_t len)
{
	return len < TYPO_MIN_LENGTH ? 0 : len < 7 ? 1 : 2;
}

struct best {
	char *word;
	unsigned distance;
	long long df;
};

/* Distance of a typed word to a vocabulary word (or its beginning). */
static unsigned
distance_to(const char *typed, size_t n, const char *cand, int prefix,
    unsigned max)
{
	size_t m = strlen(cand), k;
	unsigned d, best;

	if (!prefix)
		return typo_distance(typed, n, cand, m, max);
	best = max + 1;
	for (k = n > max ? n - max : 1; k <= n + max && k <= m; k++) {
		d = typo_distance(typed, n, cand, k, max);
		if (d < best)
			best = d;
	}
	return best;
}

static int
scan_range(struct db *db, const char *word, int prefix, unsigned char first,
    struct best *best)
{
	char lo[2] = { (char)first, 0 }, hi[2] = { (char)(first + 1), 0 };
	size_t n = strlen(word);
	unsigned max = allowed_distance(n);
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->h, first == 0xFF ?
	    "SELECT term, df FROM vocab WHERE term >= ?1" :
	    "SELECT term, df FROM vocab WHERE term >= ?1 AND term < ?2", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, "reading the vocabulary");
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	if (first != 0xFF)
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cand = (const char *)sqlite3_column_text(st, 0);
		long long df = sqlite3_column_int64(st, 1);
		unsigned d;

		if (strlen(cand) < TYPO_MIN_LENGTH - 1)
			continue;
		d = distance_to(word, n, cand, prefix, max);
		if (d == 0 || d > max)
			continue;
		if (d < best->distance || (d == best->distance && df > best->df)) {
			free(best->word);
			best->word = xstrdup(cand);
			best->distance = d;
			best->df = df;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc,
	    "reading the vocabulary");
}

int
typo_correct(char **out, struct db *db, const char *word, int prefix)
{
	struct best best = { NULL, (unsigned)-1, 0 };
	size_t n = strlen(word);
	int rc;

	*out = NULL;
	if (n < TYPO_MIN_LENGTH || n > MAX_WORD)
		return 0;
	/* Words starting with the same letter, then with its second letter
	 * (a first letter dropped or swapped). */
	if ((rc = scan_range(db, word, prefix, (unsigned char)word[0],
	    &best)) < 0)
		return rc;
	if (word[1] != word[0] && (rc = scan_range(db, word, prefix,
	    (unsigned char)word[1], &best)) < 0) {
		free(best.word);
		return rc;
	}
	*out = best.word;
	return 0;
}
