/*
 * The plain "any word" baseline, defined as the dev set's
 * baseline_fts.py (b) defines it, so that its figures can stand beside
 * kb's for any set of answers and per kind of query:
 *
 *   - every answer file under the folder (sorted by path), its front
 *     matter's title and tags and its body in one FTS5 table,
 *     tokenize='porter unicode61 remove_diacritics 2';
 *   - the query cut into runs of letters and digits, each quoted, ORed;
 *   - ranked by bm25(), the first EVAL_TOP.
 */
#include <ctype.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wctype.h>

#include "eval.h"

#define ANSWER_MAX (4 << 20)	/* larger files are not answers */

struct baseline {
	sqlite3 *db;
	sqlite3_stmt *search;
	size_t count;
};

struct paths {
	char **v;
	size_t n;
};

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	return p;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under dir, recursively (the .md test comes later). */
static int
walk(struct paths *p, const char *dir)
{
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char *path;
		size_t len;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		len = strlen(dir) + strlen(e->d_name) + 2;
		path = xrealloc(NULL, len);
		snprintf(path, len, "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(p, path);
			free(path);
		} else if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			p->v = xrealloc(p->v, (p->n + 1) * sizeof(*p->v));
			p->v[p->n++] = path;
		} else {
			free(path);
		}
	}
	closedir(d);
	return 0;
}

/* The file's text with CRLF and CR read as LF (Python's text mode). */
static char *
read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	size_t n, i, o;

	if (f == NULL) {
		perror(path);
		return NULL;
	}
	text = xrealloc(NULL, ANSWER_MAX + 1);
	n = fread(text, 1, ANSWER_MAX, f);
	fclose(f);
	for (i = o = 0; i < n; i++) {
		if (text[i] == '\r') {
			text[o++] = '\n';
			if (i + 1 < n && text[i + 1] == '\n')
				i++;
		} else {
			text[o++] = text[i];
		}
	}
	text[o] = '\0';
	return text;
}

static void
strip(char **start, char **end)
{
	while (*start < *end && isspace((unsigned char)**start))
		(*start)++;
	while (*end > *start && isspace((unsigned char)(*end)[-1]))
		(*end)--;
}

/*
 * The value of `key` in the front matter [fm, fm_end): the last
 * "key: value" line, stripped, as baseline_fts.py's parse_answer().
 */
static char *
meta_value(const char *fm, const char *fm_end, const char *key)
{
	const char *line = fm;
	char *found = NULL;

	while (line < fm_end) {
		const char *nl = memchr(line, '\n', (size_t)(fm_end - line));
		const char *stop = nl ? nl : fm_end;
		const char *colon = memchr(line, ':', (size_t)(stop - line));

		if (colon) {
			char *k = (char *)line, *kend = (char *)colon;
			char *v = (char *)colon + 1, *vend = (char *)stop;

			strip(&k, &kend);
			strip(&v, &vend);
			if ((size_t)(kend - k) == strlen(key) &&
			    memcmp(k, key, (size_t)(kend - k)) == 0) {
				free(found);
				found = strndup(v, (size_t)(vend - v));
			}
		}
		line = nl ? nl + 1 : fm_end;
	}
	return found;
}

static int
insert_answer(struct baseline *b, sqlite3_stmt *ins, const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *text, *title = NULL, *tags = NULL;
	const char *body, *end;
	size_t len = strlen(name);
	int rc;

	if (len < 3 || strcmp(name + len - 3, ".md") != 0)
		return 0;
	if ((text = read_text(path)) == NULL)
		return -1;
	body = text;
	if (strncmp(text, "---\n", 4) == 0 &&
	    (end = strstr(text + 4, "\n---\n")) != NULL) {
		title = meta_value(text + 4, end, "title");
		tags = meta_value(text + 4, end, "tags");
		body = end + 5;
	}
	sqlite3_bind_text(ins, 1, name, (int)len - 3, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 2, title ? title : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 3, tags ? tags : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(ins, 4, body, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(ins);
	if (rc < 0)
		fprintf(stderr, "eval: baseline: %s: %s\n", path,
		    sqlite3_errmsg(b->db));
	else
		b->count++;
	free(title);
	free(tags);
	free(text);
	return rc;
}

static int
fill(struct baseline *b, const char *answers_dir)
{
	struct paths p = { NULL, 0 };
	sqlite3_stmt *ins = NULL;
	size_t i;
	int rc = 0;

	if (walk(&p, answers_dir) < 0)
		return -1;
	qsort(p.v, p.n, sizeof(*p.v), cmp_str);
	if (sqlite3_prepare_v2(b->db, "INSERT INTO docs(id, title, tags, "
	    "body) VALUES (?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
		rc = -1;
	for (i = 0; i < p.n; i++) {
		if (rc == 0 && insert_answer(b, ins, p.v[i]) < 0)
			rc = -1;
		free(p.v[i]);
	}
	free(p.v);
	sqlite3_finalize(ins);
	return rc;
}

int
baseline_open(struct baseline **out, const char *answers_dir)
{
	struct baseline *b = xrealloc(NULL, sizeof(*b));

	memset(b, 0, sizeof(*b));
	*out = NULL;
	if (sqlite3_open(":memory:", &b->db) != SQLITE_OK ||
	    sqlite3_exec(b->db, "CREATE VIRTUAL TABLE docs USING fts5("
	    "id UNINDEXED, title, tags, body, tokenize='porter unicode61 "
	    "remove_diacritics 2')", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(b->db, "SELECT id FROM docs WHERE docs MATCH ? "
	    "ORDER BY bm25(docs) LIMIT 10", -1, &b->search, NULL) != SQLITE_OK) {
		fprintf(stderr, "eval: baseline: SQLite FTS5: %s\n",
		    sqlite3_errmsg(b->db));
		baseline_close(b);
		return -1;
	}
	if (fill(b, answers_dir) < 0) {
		baseline_close(b);
		return -1;
	}
	*out = b;
	return 0;
}

/* The code point at s (its length in *len); U+FFFD for a bad byte. */
static wint_t
utf8_next(const unsigned char *s, size_t *len)
{
	unsigned c = s[0], need, cp, i;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	need = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
	cp = c & (0x3f >> need);
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			break;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	*len = i;
	return need && i == need + 1 ? (wint_t)cp : 0xfffd;
}

/* Python's [^\W_]: a letter or a digit, in any script. */
static int
is_word(wint_t c)
{
	return c < 0x80 ? isalnum((int)c) : iswalnum(c);
}

/*
 * '"w1" OR "w2" ...' into match, which has room for 8 bytes per byte of
 * the query and 16 more; the number of words.
 */
static size_t
or_query(const char *query, char *match)
{
	const unsigned char *s = (const unsigned char *)query;
	size_t used = 0, nwords = 0, len;
	int in_word = 0;

	for (; *s; s += len) {
		int word = is_word(utf8_next(s, &len));

		if (word && !in_word)
			used += (size_t)sprintf(match + used, "%s\"",
			    nwords++ ? " OR " : "");
		else if (!word && in_word)
			match[used++] = '"';
		in_word = word;
		if (word) {
			memcpy(match + used, s, len);
			used += len;
		}
	}
	if (in_word)
		match[used++] = '"';
	match[used] = '\0';
	return nwords;
}

int
baseline_search(struct baseline *b, const char *query, struct hits *h)
{
	char *match = xrealloc(NULL, strlen(query) * 8 + 16);
	int rc = 0, step;

	hits_clear(h);
	if (or_query(query, match) == 0) {
		free(match);
		return 0;
	}
	sqlite3_bind_text(b->search, 1, match, -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(b->search)) == SQLITE_ROW)
		hits_add(h, (const char *)sqlite3_column_text(b->search, 0),
		    (size_t)sqlite3_column_bytes(b->search, 0));
	if (step != SQLITE_DONE) {
		fprintf(stderr, "eval: baseline: %s: %s\n", match,
		    sqlite3_errmsg(b->db));
		rc = -1;
	}
	sqlite3_reset(b->search);
	free(match);
	return rc;
}

size_t
baseline_count(const struct baseline *b)
{
	return b->count;
}

void
baseline_close(struct baseline *b)
{
	if (b == NULL)
		return;
	sqlite3_finalize(b->search);
	sqlite3_close(b->db);
	free(b);
}
