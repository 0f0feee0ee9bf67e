/*
 * make bench: kb's speed beside the references the issue names.
 *
 *   bench build KB_DIR               full index build, answers/s, beside a
 *                                    bare FTS5 table filled with one
 *                                    prepared INSERT in one transaction
 *   bench update KB_DIR BASE NEW     incremental update between two
 *                                    commits, ms, beside libgit2's
 *                                    git_diff_tree_to_tree alone
 *   bench type KB_DIR QUERIES        as-you-type latency over every
 *                                    keystroke, top 50 with snippets,
 *                                    beside the naive ranked FTS5 query
 *   bench email KB_BIN KB_DIR EMAILS a pasted 300-word email, one-shot
 *                                    `kb search` and in-process
 *
 * Each prints "name value" lines that run-bench.sh puts in one table.
 * Timing is wall clock (CLOCK_MONOTONIC); this is a benchmark, never a
 * test.
 */
#include <git2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <kb/index.h>
#include <kb/kb.h>
#include <kb/search.h>
#include <kb/usage.h>

#define MAX_SAMPLES 20000
#define BUILD_ROUNDS 3		/* full builds measured, best reported */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, kb_error_last());
	exit(1);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
db_unlink_all(const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	char p[4200];
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
}

static double
percentile(double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0.0;
	qsort(v, n, sizeof(*v), cmp_double);
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

static char *
index_path(const char *dir)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/.git/kb/index.db", dir);
	return path;
}

static void
remove_index(const char *dir)
{
	char p[4200];

	snprintf(p, sizeof(p), "%s", index_path(dir));
	unlink(p);
	strcat(p, "-wal");
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", index_path(dir));
	unlink(p);
}

static sqlite3 *
open_db(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", path, sqlite3_errmsg(db));
		exit(1);
	}
	return db;
}

static void
exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", sql, err);
		exit(1);
	}
}

/*
 * The bare reference: the same answers' title, tags and body (read back
 * from kb's index, so that both get the same text) inserted into a plain
 * FTS5 table with one prepared statement in one transaction.
 */
static double
bare_fts_rate(const char *dir, const char *bare_path)
{
	sqlite3 *src = open_db(index_path(dir)), *dst;
	sqlite3_stmt *sel, *ins;
	double start, ms;
	long n = 0;

	unlink(bare_path);
	dst = open_db(bare_path);
	exec(dst, "CREATE VIRTUAL TABLE t USING fts5(title, tags, body, "
	    "tokenize='porter unicode61 remove_diacritics 2')");
	sqlite3_prepare_v2(src, "SELECT title, tags, body FROM answer_fts", -1,
	    &sel, NULL);
	sqlite3_prepare_v2(dst, "INSERT INTO t(title, tags, body) "
	    "VALUES(?,?,?)", -1, &ins, NULL);
	/* Load first so that only the FTS5 insert is timed. */
	struct row {
		char *c[3];
	} *rows = NULL;
	size_t cap = 0, i;
	while (sqlite3_step(sel) == SQLITE_ROW) {
		if ((size_t)n == cap) {
			cap = cap ? cap * 2 : 1024;
			rows = realloc(rows, cap * sizeof(*rows));
		}
		for (i = 0; i < 3; i++)
			rows[n].c[i] = strdup((const char *)
			    sqlite3_column_text(sel, (int)i));
		n++;
	}
	sqlite3_finalize(sel);
	sqlite3_close(src);
	start = now_ms();
	exec(dst, "BEGIN");
	for (i = 0; i < (size_t)n; i++) {
		sqlite3_bind_text(ins, 1, rows[i].c[0], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, rows[i].c[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, rows[i].c[2], -1, SQLITE_STATIC);
		sqlite3_step(ins);
		sqlite3_reset(ins);
	}
	exec(dst, "COMMIT");
	ms = now_ms() - start;
	sync();
	sqlite3_finalize(ins);
	sqlite3_close(dst);
	for (i = 0; i < (size_t)n; i++) {
		free(rows[i].c[0]);
		free(rows[i].c[1]);
		free(rows[i].c[2]);
	}
	free(rows);
	return (double)n / (ms / 1e3);
}

static int
cmd_build(const char *dir, const char *bare_path)
{
	struct kb_index_stats stats;
	double ours[BUILD_ROUNDS], bare[BUILD_ROUNDS];
	struct kb *kb;
	double start;
	int i;

	/*
	 * Alternate rounds, best of each: a shared machine's stolen time
	 * only ever slows a round down.
	 */
	for (i = 0; i < BUILD_ROUNDS; i++) {
		remove_index(dir);
		if (kb_open(&kb, dir) < 0)
			die(dir);
		/* Neither build pays for the other's (or earlier) writeback. */
		sync();
		start = now_ms();
		if (kb_index_update(&stats, kb, KB_INDEX_REBUILD, NULL,
		    NULL) < 0)
			die("index");
		ours[i] = stats.total / ((now_ms() - start) / 1e3);
		kb_close(kb);
		sync();
		bare[i] = bare_fts_rate(dir, bare_path);
	}
	printf("answers %u\n", stats.total);
	printf("build_rate %.0f\n", percentile(ours, BUILD_ROUNDS, 1.0));
	printf("bare_rate %.0f\n", percentile(bare, BUILD_ROUNDS, 1.0));
	printf("build_rate_median %.0f\n", percentile(ours, BUILD_ROUNDS, 0.5));
	printf("bare_rate_median %.0f\n", percentile(bare, BUILD_ROUNDS, 0.5));
	return 0;
}

static double
diff_tree_ms(const char *dir, const char *base, const char *new_rev)
{
	git_repository *repo;
	git_object *a, *b;
	git_tree *ta, *tb;
	git_diff *diff;
	double start, ms;

	if (git_repository_open(&repo, dir) < 0 ||
	    git_revparse_single(&a, repo, base) < 0 ||
	    git_revparse_single(&b, repo, new_rev) < 0 ||
	    git_commit_tree(&ta, (git_commit *)a) < 0 ||
	    git_commit_tree(&tb, (git_commit *)b) < 0) {
		fprintf(stderr, "bench: git: %s\n", git_error_last()->message);
		exit(1);
	}
	start = now_ms();
	git_diff_tree_to_tree(&diff, repo, ta, tb, NULL);
	ms = now_ms() - start;
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
	git_object_free(a);
	git_object_free(b);
	git_repository_free(repo);
	return ms;
}

static void
copy_file(const char *from, const char *to)
{
	char buf[1 << 16];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;

	if (!in || !out) {
		fprintf(stderr, "bench: copy %s -> %s failed\n", from, to);
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	/* On disk before the timed update: else its first fsync would
	 * flush the whole fresh copy and be measured as the update. */
	fflush(out);
	fsync(fileno(out));
	fclose(out);
}

/*
 * The index is built at BASE (branch "bench-base"), saved, and updated to
 * NEW (branch "main") five times from the saved copy; the median counts.
 */
static int
cmd_update(const char *dir)
{
	char saved[4200], cmd[8400];
	double runs[5], diffs[5];
	struct kb_index_stats stats;
	struct kb *kb;
	int i;

	snprintf(saved, sizeof(saved), "%s.base", index_path(dir));
	remove_index(dir);
	snprintf(cmd, sizeof(cmd), "git -C '%s' config kb.branch bench-base",
	    dir);
	if (system(cmd) != 0)
		return 1;
	if (kb_open(&kb, dir) < 0 || kb_index_update(NULL, kb, 0, NULL,
	    NULL) < 0)
		die("base index");
	kb_close(kb);
	snprintf(cmd, sizeof(cmd), "git -C '%s' config kb.branch main", dir);
	if (system(cmd) != 0)
		return 1;
	/* Fold the WAL into the file so that one copy holds the index. */
	sqlite3 *db = open_db(index_path(dir));
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);
	copy_file(index_path(dir), saved);
	for (i = 0; i < 5; i++) {
		double start;

		remove_index(dir);
		copy_file(saved, index_path(dir));
		if (kb_open(&kb, dir) < 0)
			die(dir);
		start = now_ms();
		if (kb_index_update(&stats, kb, 0, NULL, NULL) < 0)
			die("update");
		runs[i] = now_ms() - start;
		kb_close(kb);
		diffs[i] = diff_tree_ms(dir, "bench-base", "main");
	}
	printf("update_changed %u\n", stats.changed + stats.added +
	    stats.removed);
	printf("update_ms %.1f\n", percentile(runs, 5, 0.5));
	printf("diff_ms %.1f\n", percentile(diffs, 5, 0.5));
	unlink(saved);
	return 0;
}

/* Every keystroke of every query: "p", "pa", ..., "park r", ... */
static size_t
keystrokes(FILE *in, char ***out)
{
	char line[512], **v = NULL;
	size_t n = 0, cap = 0, len, i;

	while (fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\r\n")] = '\0';
		len = strlen(line);
		for (i = 1; i <= len; i++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 4096;
				v = realloc(v, cap * sizeof(*v));
			}
			v[n++] = strndup(line, i);
		}
	}
	*out = v;
	return n;
}

/* The naive query: all words, the last as a prefix, bm25, snippets. */
static char *
naive_match(const char *typed)
{
	static char out[1024];
	char copy[512], *w, *save;
	size_t len = strlen(typed);
	int trailing = len && typed[len - 1] == ' ';

	out[0] = '\0';
	snprintf(copy, sizeof(copy), "%s", typed);
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t o = strlen(out);
		int last = (save == NULL || *save == '\0');

		snprintf(out + o, sizeof(out) - o, "%s\"%s\"%s", o ? " " : "",
		    w, last && !trailing ? "*" : "");
	}
	return out;
}

static int
cmd_type(const char *dir, const char *queries, const char *bare_path)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	static double ours[MAX_SAMPLES], naive[MAX_SAMPLES];
	sqlite3_stmt *st;
	struct kb *kb;
	sqlite3 *bare;
	char **keys;
	size_t n, i;
	FILE *in;

	if ((in = fopen(queries, "r")) == NULL) {
		perror(queries);
		return 1;
	}
	n = keystrokes(in, &keys);
	fclose(in);
	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	if (kb_open(&kb, dir) < 0 || kb_index_update(NULL, kb, 0, NULL,
	    NULL) < 0)
		die(dir);
	opts.limit = 50;
	opts.snippets = 1;
	opts.no_refresh = 1;
	for (i = 0; i < n; i++) {
		struct kb_results *r;
		double start = now_ms();

		if (kb_search(&r, kb, keys[i], &opts) < 0)
			die(keys[i]);
		ours[i] = now_ms() - start;
		kb_results_free(r);
	}
	kb_close(kb);

	bare = open_db(bare_path);
	sqlite3_prepare_v2(bare, "SELECT rowid, title, snippet(t, 2, '[', "
	    "']', '...', 14) FROM t WHERE t MATCH ? ORDER BY bm25(t, 10.0, "
	    "5.0, 1.0) LIMIT 50", -1, &st, NULL);
	for (i = 0; i < n; i++) {
		double start = now_ms();

		sqlite3_bind_text(st, 1, naive_match(keys[i]), -1,
		    SQLITE_TRANSIENT);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_reset(st);
		naive[i] = now_ms() - start;
	}
	sqlite3_finalize(st);
	sqlite3_close(bare);
	if (getenv("BENCH_SLOW")) {
		/* The slowest keystrokes, to see what to work on. */
		for (i = 0; i < n; i++)
			if (ours[i] > atof(getenv("BENCH_SLOW")))
				fprintf(stderr, "slow %8.2f ms  naive %8.2f  '%s'\n",
				    ours[i], naive[i], keys[i]);
	}
	printf("keystrokes %zu\n", n);
	printf("type_p50 %.2f\n", percentile(ours, n, 0.50));
	printf("type_p99 %.2f\n", percentile(ours, n, 0.99));
	printf("type_max %.2f\n", percentile(ours, n, 1.0));
	printf("naive_p50 %.2f\n", percentile(naive, n, 0.50));
	printf("naive_p99 %.2f\n", percentile(naive, n, 0.99));
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	return 0;
}

/* Run `kb --kb DIR search -- QUERY`: wall time in ms, peak RSS in KiB. */
static int
run_kb_search(const char *kb_bin, const char *dir, const char *query,
    double *ms, long *rss)
{
	struct rusage ru;
	double start = now_ms();
	int status;
	pid_t pid;

	if ((pid = fork()) == 0) {
		/* What kb tells on stderr ("no sure match; ...") is for an
		 * agent, not for the benchmark's table. */
		if (freopen("/dev/null", "w", stdout) == NULL ||
		    freopen("/dev/null", "w", stderr) == NULL)
			_exit(127);
		execl(kb_bin, kb_bin, "--kb", dir, "search", "--", query,
		    (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench: kb search '%s' failed\n", query);
		return -1;
	}
	*ms = now_ms() - start;
	*rss = ru.ru_maxrss;
	return 0;
}

/*
 * One-shot `kb search` processes: a warm-up pass over 20 queries (not
 * counted), then three passes over 100 queries, so that one burst of disk
 * writeback does not move the median.
 */
static int
cmd_oneshot(const char *kb_bin, const char *dir, const char *queries)
{
	static char lines[100][512];
	static double ms[300];
	long rss, max_rss = 0;
	size_t nq = 0, n = 0, pass, i;
	double t;
	FILE *in;

	if ((in = fopen(queries, "r")) == NULL) {
		perror(queries);
		return 1;
	}
	while (nq < 100 && fgets(lines[nq], sizeof(lines[nq]), in))
		lines[nq][strcspn(lines[nq], "\r\n")] = '\0', nq++;
	fclose(in);
	for (i = 0; i < nq && i < 20; i++)
		if (run_kb_search(kb_bin, dir, lines[i], &t, &rss) < 0)
			return 1;
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < nq; i++) {
			if (run_kb_search(kb_bin, dir, lines[i], &ms[n++], &rss) < 0)
				return 1;
			if (rss > max_rss)
				max_rss = rss;
		}
	printf("oneshot_p50 %.2f\n", percentile(ms, n, 0.50));
	printf("oneshot_p99 %.2f\n", percentile(ms, n, 0.99));
	printf("rss_mib %.1f\n", (double)max_rss / 1024.0);
	return 0;
}

#define MAX_EMAILS 50
#define EMAIL_PASSES 3

/* The pasted emails of FILE, one a line; their number. */
static size_t
read_emails(const char *path, char **emails)
{
	char *line = NULL;
	size_t cap = 0, n = 0;
	FILE *in;

	if ((in = fopen(path, "r")) == NULL) {
		perror(path);
		exit(1);
	}
	while (n < MAX_EMAILS && getline(&line, &cap, in) > 0) {
		line[strcspn(line, "\r\n")] = '\0';
		emails[n++] = strdup(line);
	}
	free(line);
	fclose(in);
	return n;
}

/*
 * bench email KB_BIN KB EMAILS: a pasted email of about 300 words given to
 * a one-shot `kb search` (after one warm-up pass), and to kb_search() in
 * one process as the screen runs it (top 50 with snippets), three passes
 * each.
 */
static int
cmd_email(const char *kb_bin, const char *dir, const char *path)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	static double shot[MAX_EMAILS * EMAIL_PASSES];
	static double lib[MAX_EMAILS * EMAIL_PASSES];
	char *emails[MAX_EMAILS];
	size_t n = read_emails(path, emails), m = 0, pass, i;
	struct kb *kb;
	long rss;
	double t;

	for (i = 0; i < n; i++)
		if (run_kb_search(kb_bin, dir, emails[i], &t, &rss) < 0)
			return 1;
	for (pass = 0; pass < EMAIL_PASSES; pass++)
		for (i = 0; i < n; i++)
			if (run_kb_search(kb_bin, dir, emails[i], &shot[m++],
			    &rss) < 0)
				return 1;
	if (kb_open(&kb, dir) < 0 || kb_index_update(NULL, kb, 0, NULL,
	    NULL) < 0)
		die(dir);
	opts.limit = 50;
	opts.no_refresh = 1;
	for (m = 0, pass = 0; pass < EMAIL_PASSES; pass++)
		for (i = 0; i < n; i++) {
			struct kb_results *r;
			double start = now_ms();

			if (kb_search(&r, kb, emails[i], &opts) < 0)
				die("kb_search of an email");
			lib[m++] = now_ms() - start;
			kb_results_free(r);
		}
	kb_close(kb);
	printf("email_p50 %.2f\n", percentile(shot, m, 0.50));
	printf("email_p99 %.2f\n", percentile(shot, m, 0.99));
	printf("email_lib_p50 %.2f\n", percentile(lib, m, 0.50));
	printf("email_lib_p99 %.2f\n", percentile(lib, m, 0.99));
	for (i = 0; i < n; i++)
		free(emails[i]);
	return 0;
}

/* One process logging `n` events in a row, each its own transaction. */
static void
log_events(const char *dir, int n, int worker)
{
	struct kb_event e = KB_EVENT_INIT;
	struct kb *kb;
	char agent[32];
	int i;

	if (kb_open(&kb, dir) < 0)
		die(dir);
	snprintf(agent, sizeof(agent), "bench-%d", worker);
	e.kind = KB_EVENT_USE;
	e.agent = agent;
	e.office = "bench";
	e.channel = KB_CHANNEL_PHONE;
	e.answer = "bench-answer";
	e.version = "0123456789abcdef0123456789abcdef01234567";
	e.query = "bench query";
	for (i = 0; i < n; i++)
		if (kb_usage_log(kb, &e, 10000) < 0)
			die("kb_usage_log");
	kb_close(kb);
}

/*
 * bench events KB: events/s logged by one process, then by 8 processes
 * at once (each its own connection, as 8 agents' kb would be).
 */
static int
cmd_events(const char *dir)
{
	const int one = 5000, per_child = 1000, children = 8;
	char path[4096];
	double start, ms;
	int i, status, ok = 1;

	snprintf(path, sizeof(path), "%s/.git/kb/usage.db", dir);
	db_unlink_all(path);
	log_events(dir, 10, 0);		/* the file and schema exist */
	start = now_ms();
	log_events(dir, one, 0);
	ms = now_ms() - start;
	printf("events_one %.0f\n", one / (ms / 1e3));
	fflush(stdout);
	start = now_ms();
	for (i = 0; i < children; i++)
		if (fork() == 0) {
			log_events(dir, per_child, i + 1);
			_exit(0);
		}
	for (i = 0; i < children; i++)
		if (wait(&status) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			ok = 0;
	ms = now_ms() - start;
	if (!ok)
		die("a logging process failed");
	printf("events_eight %.0f\n", children * per_child / (ms / 1e3));
	db_unlink_all(path);
	return 0;
}

int
main(int argc, char **argv)
{
	int rc = 2;

	if (kb_global_init() < 0)
		die("init");
	if (argc == 4 && strcmp(argv[1], "build") == 0)
		rc = cmd_build(argv[2], argv[3]);
	else if (argc == 3 && strcmp(argv[1], "update") == 0)
		rc = cmd_update(argv[2]);
	else if (argc == 5 && strcmp(argv[1], "type") == 0)
		rc = cmd_type(argv[2], argv[3], argv[4]);
	else if (argc == 5 && strcmp(argv[1], "oneshot") == 0)
		rc = cmd_oneshot(argv[2], argv[3], argv[4]);
	else if (argc == 3 && strcmp(argv[1], "events") == 0)
		rc = cmd_events(argv[2]);
	else if (argc == 5 && strcmp(argv[1], "email") == 0)
		rc = cmd_email(argv[2], argv[3], argv[4]);
	else
		fprintf(stderr, "usage: bench build KB BARE.db | update KB | "
		    "type KB QUERIES BARE.db | oneshot KB_BIN KB QUERIES | "
		    "events KB | email KB_BIN KB EMAILS\n");
	kb_global_shutdown();
	return rc;
}
