/* Typo correction: the closest common word of the vocabulary. */
#include "typo.h"

#include <stdlib.h>
#include <string.h>

#include "kb/error.h"
#include "query.h"
#include "xmalloc.h"

#define MAX_WORD 64

unsigned
kb_typo__distance(const char *a, size_t na, const char *b, size_t nb,
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
	return len < TYPO_MIN_LENGTH ? 0 : len < 8 ? 1 : 2;
}

struct best {
	char *word;
	unsigned distance;
	size_t prefix;		/* letters it begins with as typed */
	long long df;
};

static size_t
common_prefix(const char *a, const char *b)
{
	size_t n = 0;

	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

/*
 * The nearer word wins; of two as near, the one that keeps more of the
 * typed word's beginning (typos come later in a word: "garbge" is
 * "garbage", not "garage"), then the commoner.
 */
static int
better(const struct best *best, unsigned d, size_t prefix, long long df)
{
	if (d != best->distance)
		return d < best->distance;
	if (prefix != best->prefix)
		return prefix > best->prefix;
	return df > best->df;
}

/* Distance of a typed word to a vocabulary word (or its beginning). */
static unsigned
distance_to(const char *typed, size_t n, const char *cand, int prefix,
    unsigned max)
{
	size_t m = strlen(cand), k;
	unsigned d, best;

	if (!prefix)
		return kb_typo__distance(typed, n, cand, m, max);
	best = max + 1;
	for (k = n > max ? n - max : 1; k <= n + max && k <= m; k++) {
		d = kb_typo__distance(typed, n, cand, k, max);
		if (d < best)
			best = d;
	}
	return best;
}

/*
 * Compare `typed` with the words of one range of a vocabulary table.  The
 * SQL takes the range as ?1 <= term < ?2 and returns (term, df).
 */
static int
scan(struct db *db, const char *sql, const char *lo, const char *typed,
    int prefix, struct best *best)
{
	size_t n = strlen(typed), nlo = strlen(lo);
	unsigned max = allowed_distance(n);
	char hi[8];
	sqlite3_stmt *st;
	int rc;

	if (max == 0 || nlo == 0 || nlo >= sizeof(hi) ||
	    (unsigned char)lo[nlo - 1] == 0xFF)
		return 0;
	memcpy(hi, lo, nlo + 1);
	hi[nlo - 1] = (char)((unsigned char)hi[nlo - 1] + 1);
	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return kb_db__fail(db, rc, "reading the vocabulary");
	sqlite3_bind_text(st, 1, lo, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cand = (const char *)sqlite3_column_text(st, 0);
		long long df = sqlite3_column_int64(st, 1);
		unsigned d;

		if (cand == NULL || strlen(cand) < TYPO_MIN_LENGTH - 1 ||
		    kb_query__is_stop_word(cand))
			continue;
		d = distance_to(typed, n, cand, prefix, max);
		if (d == 0 || d > max)
			continue;
		if (better(best, d, common_prefix(typed, cand), df)) {
			free(best->word);
			best->word = xstrdup(cand);
			best->distance = d;
			best->prefix = common_prefix(typed, cand);
			best->df = df;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : kb_db__fail(db, rc,
	    "reading the vocabulary");
}

static const char *const title_words_sql =
    "SELECT term, df FROM vocab WHERE term >= ?1 AND term < ?2";
static const char *const stems_sql =
    "SELECT term, df FROM stems WHERE term >= ?1 AND term < ?2";

/*
 * The ranges to look in: words starting like the typed one, and (for a
 * first or second letter swapped or dropped) like its variants.
 */
static void
ranges(const char *w, char out[3][3])
{
	out[0][0] = w[0];
	out[0][1] = w[1];
	out[0][2] = '\0';
	out[1][0] = w[1];
	out[1][1] = w[0];
	out[1][2] = '\0';
	out[2][0] = w[0];
	out[2][1] = w[2];
	out[2][2] = '\0';
}

int
kb_typo__correct(char **out, struct db *db, const char *word, const char *stem,
    int prefix)
{
	struct best best = { NULL, (unsigned)-1, 0, 0 };
	char r[3][3];
	size_t n = strlen(word);
	int rc = 0, i;

	*out = NULL;
	if (n < TYPO_MIN_LENGTH || n > MAX_WORD || strlen(stem) < 3)
		return 0;
	ranges(word, r);
	for (i = 0; i < 3 && rc == 0; i++)
		if (i == 0 || strcmp(r[i], r[0]) != 0)
			rc = scan(db, title_words_sql, r[i], word, prefix, &best);
	ranges(stem, r);
	for (i = 0; i < 3 && rc == 0; i++)
		if (i == 0 || strcmp(r[i], r[0]) != 0)
			rc = scan(db, stems_sql, r[i], stem, prefix, &best);
	if (rc < 0) {
		free(best.word);
		return rc;
	}
	*out = best.word;
	return 0;
}
