/*
 * Shared helpers for libkb's unit tests: each program's main (with its
 * test filter), an isolated environment, temporary directories, files,
 * real git repositories run with the plain git command, the usual KB
 * fixture, a collector for diagnostics, and the comparisons tests share
 * (strings, report sections, SQLite rows, usage lines).
 *
 * Helpers that fail print why on stderr and return a negative value or
 * NULL; tests assert on that.  Nothing here is mocked.
 */
#ifndef KB_TEST_HELPERS_H
#define KB_TEST_HELPERS_H

#include <stddef.h>

#include "kb/diag.h"
#include "kb/error.h"

/*
 * A test program's main: run the group's tests, or with arguments NAME...
 * only the tests whose name contains one of them (`test_index rebuild`).
 * A NAME that no test's name contains is an error (exit 1), not a pass.
 * Setup and teardown are cmocka group fixtures, or NULL.
 */
struct CMUnitTest;

int th_run_tests(int argc, char **argv, const char *group,
    const struct CMUnitTest *tests, size_t ntests,
    int (*setup)(void **state), int (*teardown)(void **state));
#define th_run(argc, argv, group, tests, setup, teardown) \
	th_run_tests((argc), (argv), (group), (tests), \
	    sizeof(tests) / sizeof((tests)[0]), (setup), (teardown))

/*
 * Make the process independent of the machine it runs on: HOME,
 * XDG_CONFIG_HOME and XDG_DATA_HOME point into a private temporary
 * directory (removed at exit), GIT_CONFIG_NOSYSTEM=1,
 * GIT_CONFIG_GLOBAL=/dev/null, TZ=UTC, LC_ALL=C, fixed git dates, and the
 * variables that would redirect git or kb (GIT_DIR, KB_DIR, KB_NOW ...)
 * unset.  Call before kb_global_init() (libgit2 reads HOME when it
 * starts).  Safe to call more than once.
 */
void th_env_setup(void);

/*
 * A new empty directory under $TMPDIR (or /tmp); caller frees the path.
 * Whatever is left of it at exit (a test failed before removing it) is
 * removed then.
 */
char *th_tmpdir(void);

/* Remove a file or a directory tree; 0 on success (or if absent). */
int th_rmrf(const char *path);

/* dir + "/" + rel; caller frees. */
char *th_path(const char *dir, const char *rel);

/*
 * Write bytes to dir/rel, creating the parent directories.  0 on
 * success.
 */
int th_write_bytes(const char *dir, const char *rel, const void *data,
    size_t len);
int th_write_file(const char *dir, const char *rel, const char *content);

/* The whole content of a file (NUL-terminated), or NULL; caller frees. */
char *th_read_file(const char *path, size_t *len);

/*
 * Run `git -c user.name=Test -c user.email=test@example.invalid -C DIR`
 * followed by the formatted arguments (a shell fragment; DIR is quoted
 * here).  Returns git's exit status; the output is shown on stderr only
 * when git fails.
 */
int th_git(const char *dir, const char *fmt, ...) KB_PRINTF(2, 3);

/* The same, returning git's standard output (trailing newline removed). */
char *th_git_output(const char *dir, const char *fmt, ...) KB_PRINTF(2, 3);

/* The same, failing the test when git fails: output that must come. */
char *th_git_ok(const char *dir, const char *fmt, ...) KB_PRINTF(2, 3);

/* git's output for `cmd` in dir must be `want` (it must succeed). */
void th_expect_git(const char *dir, const char *want, const char *cmd);

/* `git add -A` and `git commit -m message` in dir. */
int th_git_commit_all(const char *dir, const char *message);

/* A file of a KB to create: its path inside the repository and content. */
struct th_file {
	const char *path;
	const char *content;
};

/*
 * Create a KB repository in a new temporary directory: `git init -b
 * main`, write the files (an array ending with { NULL, NULL }), add and
 * commit them.  With no files nothing is committed, so the branch does
 * not exist yet.  Returns the directory (caller frees and removes it), or
 * NULL.
 */
char *th_make_kb(const struct th_file *files);

/* One diagnostic, copied. */
struct th_diag {
	char *path;
	unsigned line;
	enum kb_severity severity;
	char *message;
};

struct th_diags {
	struct th_diag *v;
	size_t n, cap;
};

#define TH_DIAGS_INIT { NULL, 0, 0 }

/* A kb_diag_cb: pass a struct th_diags * as the payload. */
void th_diag_collect(const struct kb_diag *diag, void *payload);
void th_diags_free(struct th_diags *d);
/* Forget the diagnostics collected so far. */
void th_diags_clear(struct th_diags *d);
size_t th_diags_count(const struct th_diags *d, enum kb_severity severity);
/*
 * The first diagnostic of that severity whose message contains `needle`
 * (NULL: any), or NULL.
 */
const struct th_diag *th_diags_find(const struct th_diags *d,
    enum kb_severity severity, const char *needle);
/* Print them on stderr, to explain a failing assertion. */
void th_diags_dump(const struct th_diags *d);

/*
 * Fill fresh heap memory with a non-zero byte (glibc's M_PERTURB) so that
 * reading memory that was never written shows; 0 turns it off.  Returns 1
 * where supported.  (Under AddressSanitizer new memory is filled anyway;
 * valgrind reports the read.)
 */
int th_malloc_perturb(int byte);

/*
 * Run fn(arg) in a child process with th_malloc_perturb(0x55), leaving
 * this process's heap as it was (freed memory is perturbed too).
 * Returns fn's result (0: passed), or -1 when the child died.
 */
int th_run_perturbed(int (*fn)(void *arg), void *arg);

/* 1 if s[0..len) contains the bytes of needle. */
int th_contains(const char *s, size_t len, const char *needle);

/* got (NULL: none) must be the string want; `what` names it on failure. */
void th_expect_str(const char *got, const char *want, const char *what);

/*
 * An in-memory SQLite database with libkb's tokenizers: the fixture of the
 * tests that tokenize text (query builder, synonyms).  th_fts_open()
 * leaves *out NULL on failure; th_fts_teardown() is a cmocka teardown.
 */
struct sqlite3;
struct fts_tokenizer;

struct th_fts {
	struct sqlite3 *db;
	struct fts_tokenizer *tok;
};

int th_fts_open(struct th_fts **out);
int th_fts_teardown(void **state);

/*
 * For tests on KB repositories: cmocka group setup and teardown that
 * start and stop libkb, and kb_open() that fails the test with the
 * library's message.
 */
/*
 * After a parse that collected into `d`: it must have succeeded (rc 0,
 * `parsed` set) with no diagnostic at all.  Frees `d`.
 */
void th_expect_parsed_clean(const char *path, int rc, const void *parsed,
    struct th_diags *d);
/*
 * After a parse that collected into `d`: it must have failed
 * (KB_EINVALID, `parsed` NULL) with an error containing `needle` on
 * `line` of `path`, and `nerrors` errors in all (0: any number).  Frees
 * `d`.
 */
void th_expect_parse_error(const char *path, int rc, const void *parsed,
    struct th_diags *d, const char *needle, unsigned line, size_t nerrors);

struct kb;

int th_libkb_setup(void **state);
int th_libkb_teardown(void **state);
struct kb *th_kb_open(const char *dir);

/*
 * A KB made from files (th_make_kb) and open: a test's usual fixture,
 * with somewhere to collect the diagnostics of its calls.
 */
struct th_kb {
	char *dir;
	struct kb *kb;
	struct th_diags diags;
};

void th_kb_start(struct th_kb *t, const struct th_file *files);
/* Close the handle (if open) and open t->dir again: what a test changed
 * in its config or state folder is read anew. */
void th_kb_reopen(struct th_kb *t);
/* Close and remove it, free its diagnostics, and put back what tests set
 * in the environment: KB_NOW and KB_LANG unset, TZ=UTC. */
void th_kb_finish(struct th_kb *t);

/* A search with the default options; fails the test when it fails.
 * Free with kb_results_free(). */
struct kb_results *th_search(struct kb *kb, const char *query);
/* The first hit of `query` is `id`. */
void th_expect_first(struct kb *kb, const char *query, const char *id);
/* The FTS5 MATCH text the search for `query` ran (caller frees). */
char *th_search_match(struct kb *kb, const char *query);
/* The search for `query` looks for `word` too (a synonym, completion or
 * correction of one of its words). */
void th_expect_searched(struct kb *kb, const char *query, const char *word);
/* `query` is shown corrected to `corrected`, and `first` leads. */
void th_expect_corrected(struct kb *kb, const char *query,
    const char *corrected, const char *first);
/* The ids a search finds, comma-separated (caller frees); fails the test
 * when the search fails. */
char *th_search_ids(struct kb *kb, const char *query);
/* The search finds exactly `want` ("a,b", "" for nothing), in order. */
void th_expect_ids(struct kb *kb, const char *query, const char *want);

/* --- reports ---------------------------------------------------------- */
struct kb_report;
struct kb_table;

/* The report's section `name`; fails the test when there is none. */
const struct kb_table *th_table_of(const struct kb_report *r,
    const char *name);
/* A section's rows as "a|b|c\n" lines, NULL cells as "NULL".  Caller
 * frees. */
char *th_table_rows(const struct kb_report *r, const char *name);
/* A section's rows must be `want`, as th_table_rows() writes them. */
void th_expect_table(const struct kb_report *r, const char *name,
    const char *want);

/* --- SQLite ------------------------------------------------------------ */
/*
 * The rows a query gives, "a|b|c\n" a row, NULL values as "NULL"; "" when
 * none.  A query that fails fails the test.  Caller frees.
 * th_db_file_rows() reads the database file at path with a read-only
 * connection of its own.
 */
char *th_db_rows(struct sqlite3 *db, const char *sql);
char *th_db_file_rows(const char *path, const char *sql);

/* --- usage lines -------------------------------------------------------- */
/*
 * What the centre finds wrong with one line of an office's usage ref,
 * parsed as offices.c parses it: "" for a good line, "not JSON", or the
 * problem kb_usage_check__event() names.  A static buffer.
 */
const char *th_usage_line_problem(const char *line);

/* A line and the problem it has: "" for a good line, or how the problem
 * th_usage_line_problem() names begins. */
struct th_usage_line_case {
	const char *line, *problem;
};

/* Every case's line must have its problem; fails naming the first that
 * has not. */
void th_expect_usage_lines(const struct th_usage_line_case *cases,
    size_t n);

#endif
