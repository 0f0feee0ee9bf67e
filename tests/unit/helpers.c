/* Shared helpers for the unit tests; see helpers.h. */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "fts.h"
#include "json.h"
#include "kb/report.h"
#include "kb/kb.h"
#include "kb/search.h"
#include "usage_check.h"
#include "usage_ref.h"
#include "xmalloc.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define GIT_PREFIX "git -c user.name=Test -c user.email=test@example.invalid " \
	"-c commit.gpgsign=false -c core.hooksPath=/dev/null -C "

static char *private_home;

/* 1 if the test's name contains one of the names asked for. */
static int
wanted(const char *test, int nnames, char **names)
{
	int i;

	for (i = 0; i < nnames; i++)
		if (strstr(test, names[i]) != NULL)
			return 1;
	return 0;
}

/* Names that match no test are a mistake: a run of nothing must fail. */
static int
none_wanted(const char *program, const char *group, int nnames,
    char **names)
{
	int i;

	fprintf(stderr, "%s: no test of %s has a name containing", program,
	    group);
	for (i = 0; i < nnames; i++)
		fprintf(stderr, "%s '%s'", i ? " or" : "", names[i]);
	fprintf(stderr, "\n");
	return 1;
}

int
th_run_tests(int argc, char **argv, const char *group,
    const struct CMUnitTest *tests, size_t ntests,
    int (*setup)(void **state), int (*teardown)(void **state))
{
	struct CMUnitTest *chosen;
	size_t i, n = 0;
	int rc;

	if (argc < 2)
		return _cmocka_run_group_tests(group, tests, ntests, setup,
		    teardown);
	if ((chosen = calloc(ntests, sizeof(*chosen))) == NULL)
		abort();
	for (i = 0; i < ntests; i++)
		if (wanted(tests[i].name, argc - 1, argv + 1))
			chosen[n++] = tests[i];
	if (n == 0)
		rc = none_wanted(argv[0], group, argc - 1, argv + 1);
	else
		rc = _cmocka_run_group_tests(group, chosen, n, setup,
		    teardown);
	free(chosen);
	return rc;
}

static const char *
tmp_base(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

/* Every directory th_tmpdir() made, removed at exit if still there. */
static char **made_dirs;
static size_t nmade_dirs;
static pid_t made_dirs_pid;

static void
remove_made_dirs(void)
{
	size_t i;

	if (getpid() != made_dirs_pid)
		return;
	for (i = 0; i < nmade_dirs; i++) {
		th_rmrf(made_dirs[i]);
		free(made_dirs[i]);
	}
	free(made_dirs);
	made_dirs = NULL;
	nmade_dirs = 0;
}

char *
th_tmpdir(void)
{
	char *templ = xasprintf("%s/kb-unit.XXXXXX", tmp_base());

	if (mkdtemp(templ) == NULL) {
		fprintf(stderr, "helpers: mkdtemp %s: %s\n", templ,
		    strerror(errno));
		free(templ);
		return NULL;
	}
	if (made_dirs == NULL) {
		made_dirs_pid = getpid();
		atexit(remove_made_dirs);
	}
	made_dirs = realloc(made_dirs, (nmade_dirs + 1) * sizeof(*made_dirs));
	if (made_dirs == NULL)
		abort();
	made_dirs[nmade_dirs++] = xstrdup(templ);
	return templ;
}

char *
th_path(const char *dir, const char *rel)
{
	return xasprintf("%s/%s", dir, rel);
}

int
th_rmrf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 ? -1 : 0;
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char *child;

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		child = th_path(path, de->d_name);
		if (th_rmrf(child) < 0)
			rc = -1;
		free(child);
	}
	closedir(d);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

static void
remove_private_home(void)
{
	if (private_home) {
		th_rmrf(private_home);
		free(private_home);
		private_home = NULL;
	}
}

void
th_env_setup(void)
{
	static const char *const unset[] = {
		"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
		"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
		"GIT_CEILING_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE",
		"GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
		"GIT_COMMITTER_EMAIL", "GIT_TEMPLATE_DIR", "EMAIL",
		"KB_DIR", "KB_NOW", "KB_AGENT", "KB_SEARCH_TRACE",
		"XDG_CONFIG_DIRS", NULL
	};
	char *p;
	size_t i;

	if (private_home == NULL) {
		if ((private_home = th_tmpdir()) == NULL)
			abort();
		atexit(remove_private_home);
	}
	setenv("HOME", private_home, 1);
	p = th_path(private_home, ".config");
	mkdir(p, 0700);
	setenv("XDG_CONFIG_HOME", p, 1);
	free(p);
	p = th_path(private_home, ".local-share");
	mkdir(p, 0700);
	setenv("XDG_DATA_HOME", p, 1);
	free(p);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
	setenv("GIT_AUTHOR_DATE", "2026-01-01T00:00:00+0000", 1);
	setenv("GIT_COMMITTER_DATE", "2026-01-01T00:00:00+0000", 1);
	setenv("TZ", "UTC", 1);
	setenv("LC_ALL", "C", 1);
	setenv("LANG", "C", 1);
	for (i = 0; unset[i]; i++)
		unsetenv(unset[i]);
	tzset();
}

static int
mkdir_parents(const char *path)
{
	char *copy = xstrdup(path), *p;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) < 0 && errno != EEXIST) {
			fprintf(stderr, "helpers: mkdir %s: %s\n", copy,
			    strerror(errno));
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

int
th_write_bytes(const char *dir, const char *rel, const void *data,
    size_t len)
{
	char *path = th_path(dir, rel);
	FILE *f;
	int rc = 0;

	if (mkdir_parents(path) < 0 || (f = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "helpers: cannot write %s: %s\n", path,
		    strerror(errno));
		free(path);
		return -1;
	}
	if (len && fwrite(data, 1, len, f) != len)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc < 0)
		fprintf(stderr, "helpers: write error on %s\n", path);
	free(path);
	return rc;
}

int
th_write_file(const char *dir, const char *rel, const char *content)
{
	return th_write_bytes(dir, rel, content, strlen(content));
}

char *
th_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			data = realloc(data, cap);
			if (data == NULL)
				abort();
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

/* 'dir' quoted for sh. */
static char *
shell_quote(const char *s)
{
	size_t n = 2, i, o = 0;
	char *q;

	for (i = 0; s[i]; i++)
		n += s[i] == '\'' ? 4 : 1;
	q = xmalloc(n + 1);
	q[o++] = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'') {
			memcpy(q + o, "'\\''", 4);
			o += 4;
		} else {
			q[o++] = s[i];
		}
	}
	q[o++] = '\'';
	q[o] = '\0';
	return q;
}

/* Run a command, collect its output; returns the exit status. */
static int
run_command(const char *cmd, char **output)
{
	char *data = NULL;
	size_t n = 0, cap = 0, got;
	FILE *p;
	int status;

	fflush(NULL);
	if ((p = popen(cmd, "r")) == NULL) {
		fprintf(stderr, "helpers: cannot run %s\n", cmd);
		return -1;
	}
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		got = fread(data + n, 1, cap - n - 1, p);
		n += got;
	} while (got > 0);
	data[n] = '\0';
	status = pclose(p);
	*output = data;
	if (status == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static char *git_command(const char *dir, const char *fmt, va_list ap,
    const char *redir) KB_PRINTF(2, 0);

static char *
git_command(const char *dir, const char *fmt, va_list ap, const char *redir)
{
	char *quoted = shell_quote(dir), *args = xvasprintf(fmt, ap), *cmd;

	cmd = xasprintf(GIT_PREFIX "%s %s %s", quoted, args, redir);
	free(quoted);
	free(args);
	return cmd;
}

int
th_git(const char *dir, const char *fmt, ...)
{
	char *cmd, *out = NULL;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	cmd = git_command(dir, fmt, ap, "2>&1");
	va_end(ap);
	rc = run_command(cmd, &out);
	if (rc != 0)
		fprintf(stderr, "helpers: `%s` exited %d:\n%s\n", cmd, rc,
		    out ? out : "");
	free(out);
	free(cmd);
	return rc;
}

char *
th_git_output(const char *dir, const char *fmt, ...)
{
	char *cmd, *out = NULL;
	size_t n;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	cmd = git_command(dir, fmt, ap, "");
	va_end(ap);
	rc = run_command(cmd, &out);
	if (rc != 0) {
		fprintf(stderr, "helpers: `%s` exited %d\n", cmd, rc);
		free(out);
		free(cmd);
		return NULL;
	}
	free(cmd);
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return out;
}

char *
th_git_ok(const char *dir, const char *fmt, ...)
{
	char *cmd, *out;
	va_list ap;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	out = th_git_output(dir, "%s", cmd);
	if (out == NULL)
		fail_msg("git -C %s %s failed", dir, cmd);
	free(cmd);
	return out;
}

void
th_expect_git(const char *dir, const char *want, const char *cmd)
{
	char *got = th_git_ok(dir, "%s", cmd);

	if (strcmp(got, want) != 0)
		fail_msg("git -C %s %s:\n--- got:\n%s\n--- want:\n%s", dir, cmd,
		    got, want);
	free(got);
}

int
th_git_commit_all(const char *dir, const char *message)
{
	char *quoted = shell_quote(message);
	int rc;

	rc = th_git(dir, "add -A");
	if (rc == 0)
		rc = th_git(dir, "commit -q -m %s", quoted);
	free(quoted);
	return rc;
}

char *
th_make_kb(const struct th_file *files)
{
	char *dir = th_tmpdir();
	size_t i;

	if (dir == NULL)
		return NULL;
	if (th_git(dir, "init -q -b main") != 0)
		goto fail;
	for (i = 0; files && files[i].path; i++)
		if (th_write_file(dir, files[i].path, files[i].content) < 0)
			goto fail;
	if (i > 0 && th_git_commit_all(dir, "Initial answers") != 0)
		goto fail;
	return dir;
fail:
	th_rmrf(dir);
	free(dir);
	return NULL;
}

void
th_diag_collect(const struct kb_diag *diag, void *payload)
{
	struct th_diags *d = payload;
	struct th_diag *e;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = realloc(d->v, d->cap * sizeof(*d->v));
		if (d->v == NULL)
			abort();
	}
	e = &d->v[d->n++];
	e->path = xstrdup(diag->path ? diag->path : "");
	e->line = diag->line;
	e->severity = diag->severity;
	e->message = xstrdup(diag->message ? diag->message : "");
}

void
th_diags_clear(struct th_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].path);
		free(d->v[i].message);
	}
	d->n = 0;
}

void
th_diags_free(struct th_diags *d)
{
	th_diags_clear(d);
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}

size_t
th_diags_count(const struct th_diags *d, enum kb_severity severity)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->v[i].severity == severity;
	return n;
}

const struct th_diag *
th_diags_find(const struct th_diags *d, enum kb_severity severity,
    const char *needle)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].severity == severity && (needle == NULL ||
		    strstr(d->v[i].message, needle) != NULL))
			return &d->v[i];
	return NULL;
}

void
th_diags_dump(const struct th_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		fprintf(stderr, "  diag: %s:%u: %s: %s\n", d->v[i].path,
		    d->v[i].line, d->v[i].severity == KB_SEVERITY_ERROR ?
		    "error" : "warning", d->v[i].message);
}

void
th_expect_str(const char *got, const char *want, const char *what)
{
	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("%s:\n--- want:\n%s\n--- got:\n%s", what, want,
		    got ? got : "(NULL)");
}

int
th_contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	if (n == 0)
		return 1;
	for (i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			return 1;
	return 0;
}

int
th_malloc_perturb(int byte)
{
#if defined(__GLIBC__) && defined(M_PERTURB)
	return mallopt(M_PERTURB, byte) == 1;
#else
	(void)byte;
	return 0;
#endif
}

int
th_run_perturbed(int (*fn)(void *arg), void *arg)
{
	pid_t pid;
	int status;

	fflush(NULL);
	if ((pid = fork()) < 0) {
		fprintf(stderr, "helpers: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int rc;

		th_malloc_perturb(0x55);
		rc = fn(arg);
		fflush(NULL);
		_exit(rc == 0 ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	fprintf(stderr, "helpers: perturbed child died (signal %d)\n",
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

int
th_fts_open(struct th_fts **out)
{
	struct th_fts *f = calloc(1, sizeof(*f));

	*out = NULL;
	if (f == NULL)
		return -1;
	if (sqlite3_open(":memory:", &f->db) != SQLITE_OK ||
	    kb_fts__tokenizer_open(&f->tok, f->db) < 0) {
		void *state = f;

		th_fts_teardown(&state);
		return -1;
	}
	*out = f;
	return 0;
}

int
th_fts_teardown(void **state)
{
	struct th_fts *f = *state;

	if (f == NULL)
		return 0;
	kb_fts__tokenizer_close(f->tok);
	sqlite3_close(f->db);
	free(f);
	return 0;
}

int
th_libkb_setup(void **state)
{
	(void)state;
	return kb_global_init() < 0 ? -1 : 0;
}

int
th_libkb_teardown(void **state)
{
	(void)state;
	kb_global_shutdown();
	return 0;
}

struct kb *
th_kb_open(const char *dir)
{
	struct kb *kb = NULL;
	int rc = kb_open(&kb, dir);

	if (rc != 0)
		fail_msg("kb_open %s: %d %s", dir, rc, kb_error_last());
	return kb;
}

void
th_kb_start(struct th_kb *t, const struct th_file *files)
{
	memset(t, 0, sizeof(*t));
	t->dir = th_make_kb(files);
	assert_non_null(t->dir);
	t->kb = th_kb_open(t->dir);
}

void
th_kb_reopen(struct th_kb *t)
{
	kb_close(t->kb);
	t->kb = NULL;
	t->kb = th_kb_open(t->dir);
}

void
th_kb_finish(struct th_kb *t)
{
	kb_close(t->kb);
	t->kb = NULL;
	assert_int_equal(th_rmrf(t->dir), 0);
	free(t->dir);
	t->dir = NULL;
	th_diags_free(&t->diags);
	unsetenv("KB_NOW");
	unsetenv("KB_LANG");
	setenv("TZ", "UTC", 1);
	tzset();
}

char *
th_search_ids(struct kb *kb, const char *query)
{
	struct kb_results *r = th_search(kb, query);
	char *ids = calloc(1, 1024);
	size_t i;

	if (ids == NULL)
		fail_msg("out of memory");
	for (i = 0; i < r->nhits; i++) {
		if (i)
			strcat(ids, ",");
		strncat(ids, r->hits[i].id, 100);
	}
	kb_results_free(r);
	return ids;
}

struct kb_results *
th_search(struct kb *kb, const char *query)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;
	int rc = kb_search(&r, kb, query, &opts);

	if (rc != 0 || r == NULL)
		fail_msg("kb_search '%s': %d %s", query, rc, kb_error_last());
	return r;
}

/* Keep the "any ..." line of a search's trace: its MATCH text. */
static void
keep_match(const char *line, void *payload)
{
	char **match = payload;

	if (strncmp(line, "any ", 4) != 0)
		return;
	free(*match);
	if ((*match = strdup(line + 4)) == NULL)
		fail_msg("out of memory");
}

char *
th_search_match(struct kb *kb, const char *query)
{
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	struct kb_results *r = NULL;
	char *match = NULL;

	opts.trace = keep_match;
	opts.trace_payload = &match;
	if (kb_search(&r, kb, query, &opts) != 0)
		fail_msg("kb_search '%s': %s", query, kb_error_last());
	kb_results_free(r);
	if (match == NULL)
		fail_msg("'%s': the search traced no MATCH text", query);
	return match;
}

void
th_expect_searched(struct kb *kb, const char *query, const char *word)
{
	char *match = th_search_match(kb, query), quoted[128];

	snprintf(quoted, sizeof(quoted), "\"%s\"", word);
	if (strstr(match, quoted) == NULL)
		fail_msg("'%s' does not search for %s: %s", query, quoted,
		    match);
	free(match);
}

void
th_expect_corrected(struct kb *kb, const char *query, const char *corrected,
    const char *first)
{
	struct kb_results *r = th_search(kb, query);

	if (r->corrected == NULL || strcmp(r->corrected, corrected) != 0)
		fail_msg("'%s': corrected to '%s', want '%s'", query,
		    r->corrected ? r->corrected : "(nothing)", corrected);
	if (r->nhits == 0 || strcmp(r->hits[0].id, first) != 0)
		fail_msg("'%s': first hit %s, want %s", query,
		    r->nhits ? r->hits[0].id : "(none)", first);
	kb_results_free(r);
}

void
th_expect_first(struct kb *kb, const char *query, const char *id)
{
	struct kb_results *r = th_search(kb, query);

	if (r->nhits == 0 || strcmp(r->hits[0].id, id) != 0)
		fail_msg("'%s': first hit %s, want %s", query,
		    r->nhits ? r->hits[0].id : "(none)", id);
	kb_results_free(r);
}

void
th_expect_ids(struct kb *kb, const char *query, const char *want)
{
	char *ids = th_search_ids(kb, query);

	if (strcmp(ids, want) != 0)
		fail_msg("search '%s' found '%s', want '%s'", query, ids, want);
	free(ids);
}

const struct kb_table *
th_table_of(const struct kb_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].name, name) == 0)
			return &r->tables[i];
	fail_msg("no section %s in the report", name);
	return NULL;
}

char *
th_table_rows(const struct kb_report *r, const char *name)
{
	const struct kb_table *t = th_table_of(r, name);
	char *out = calloc(1, 1);
	size_t len = 0, row, c;

	assert_non_null(out);
	for (row = 0; row < t->nrows; row++)
		for (c = 0; c < t->ncols; c++) {
			const char *v = t->cells[row * t->ncols + c];
			size_t n;

			v = v ? v : "NULL";
			n = strlen(v);
			out = realloc(out, len + n + 2);
			assert_non_null(out);
			memcpy(out + len, v, n);
			len += n;
			out[len++] = c + 1 < t->ncols ? '|' : '\n';
			out[len] = '\0';
		}
	return out;
}

void
th_expect_table(const struct kb_report *r, const char *name,
    const char *want)
{
	char *got = th_table_rows(r, name);

	th_expect_str(got, want, name);
	free(got);
}

/* Append s to the NUL-terminated *buf of *len bytes. */
static void
append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);

	*buf = realloc(*buf, *len + n + 1);
	assert_non_null(*buf);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

char *
th_db_rows(struct sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	size_t len = 0;
	int rc, c;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	append(&out, &len, "");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (c = 0; c < sqlite3_column_count(st); c++) {
			const char *v = (const char *)sqlite3_column_text(st,
			    c);

			if (c)
				append(&out, &len, "|");
			append(&out, &len, v ? v : "NULL");
		}
		append(&out, &len, "\n");
	}
	if (rc != SQLITE_DONE)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return out;
}

char *
th_db_file_rows(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *out;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		fail_msg("open %s: %s", path, sqlite3_errstr(rc));
	out = th_db_rows(db, sql);
	sqlite3_close(db);
	return out;
}

const char *
th_usage_line_problem(const char *line)
{
	static char problem[256];
	struct json_field f[USAGE_REF_NFIELDS];
	const char *p;
	size_t i;

	for (i = 0; i < USAGE_REF_NFIELDS; i++) {
		memset(&f[i], 0, sizeof(f[i]));
		f[i].name = kb_usage_ref__fields[i];
	}
	if (json_parse_object(line, strlen(line), f, USAGE_REF_NFIELDS,
	    NULL) < 0)
		p = "not JSON";
	else
		p = kb_usage_check__event(f);
	snprintf(problem, sizeof(problem), "%s", p ? p : "");
	json_fields_clear(f, USAGE_REF_NFIELDS);
	return problem;
}

void
th_expect_usage_lines(const struct th_usage_line_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *got = th_usage_line_problem(cases[i].line);
		const char *want = cases[i].problem;

		if (*want == '\0' ? *got != '\0' :
		    strncmp(got, want, strlen(want)) != 0)
			fail_msg("case %zu: got '%s', want '%s...'", i, got,
			    want);
	}
}

void
th_expect_parsed_clean(const char *path, int rc, const void *parsed,
    struct th_diags *d)
{
	if (rc != 0 || parsed == NULL || d->n != 0) {
		th_diags_dump(d);
		fail_msg("%s: rc %d (%s), %zu diagnostics", path, rc,
		    kb_error_last(), d->n);
	}
	th_diags_free(d);
}

void
th_expect_parse_error(const char *path, int rc, const void *parsed,
    struct th_diags *d, const char *needle, unsigned line, size_t nerrors)
{
	const struct th_diag *e;

	if (rc != KB_EINVALID || parsed != NULL) {
		th_diags_dump(d);
		fail_msg("%s: rc %d, want KB_EINVALID and nothing parsed", path,
		    rc);
	}
	e = th_diags_find(d, KB_SEVERITY_ERROR, needle);
	if (e == NULL) {
		th_diags_dump(d);
		fail_msg("%s: no error containing '%s'", path, needle);
	}
	assert_string_equal(e->path, path);
	if (e->line != line) {
		th_diags_dump(d);
		fail_msg("%s: error '%s' on line %u, want %u", path, needle,
		    e->line, line);
	}
	if (nerrors && th_diags_count(d, KB_SEVERITY_ERROR) != nerrors) {
		th_diags_dump(d);
		fail_msg("%s: %zu errors, want %zu", path,
		    th_diags_count(d, KB_SEVERITY_ERROR), nerrors);
	}
	th_diags_free(d);
}
