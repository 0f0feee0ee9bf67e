/*
 * Replay a fuzz target's corpus without libFuzzer: every file of the
 * corpus directories (or the files) given, in name order, through the
 * target's LLVMFuzzerTestOneInput.  A crash, or a sanitizer's report in
 * `make check`, fails the test; so an input once found stays fixed.
 *
 * usage: fuzz_<target> [DIR|FILE]...
 * With no argument: $KB_TOP/tests/fuzz/corpus/<target> (KB_TOP: "."),
 * the target's name being the program's without "fuzz_".
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#define REPLAY_MAX_INPUT (4 * 1024 * 1024)	/* larger files are not inputs */

static const char *me = "fuzz";	/* the program's name, for messages */

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one file; 0, or -1 (and a message) when it cannot be read. */
static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "%s: cannot open %s: %s\n", me, path,
		    strerror(errno));
		return -1;
	}
	if ((data = malloc(REPLAY_MAX_INPUT)) == NULL)
		abort();
	n = fread(data, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

static char *
join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);

	if (path == NULL)
		abort();
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

/* Every regular file of dir, in name order; the number run, or -1. */
static long
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	long ran = 0;

	if (d == NULL) {
		fprintf(stderr, "%s: cannot read the corpus %s: %s\n", me,
		    dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			if ((names = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				abort();
		}
		names[n++] = join(dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(names[i]) < 0)
				ran = -1;
			else if (ran >= 0)
				ran++;
		}
		free(names[i]);
	}
	free(names);
	return ran;
}

static int
replay(const char *path)
{
	struct stat st;
	long ran;

	if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
		return replay_file(path);
	if ((ran = replay_dir(path)) < 0)
		return -1;
	if (ran == 0) {
		fprintf(stderr, "%s: no input in %s\n", me, path);
		return -1;
	}
	printf("%s: %ld inputs from %s\n", me, ran, path);
	return 0;
}

/* $KB_TOP/tests/fuzz/corpus/<target>, the target named by argv[0]. */
static char *
default_corpus(void)
{
	const char *top = getenv("KB_TOP");
	const char *target = strstr(me, "fuzz_") == me ? me + 5 : me;
	char *dir = join(top ? top : ".", "tests/fuzz/corpus"), *path;

	path = join(dir, target);
	free(dir);
	return path;
}

int
main(int argc, char **argv)
{
	char *corpus;
	int i, rc = 0;

	if (argc > 0 && argv[0][0]) {
		me = strrchr(argv[0], '/');
		me = me ? me + 1 : argv[0];
	}
	LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			if (replay(argv[i]) < 0)
				rc = 1;
		return rc;
	}
	corpus = default_corpus();
	rc = replay(corpus) < 0;
	free(corpus);
	return rc;
}
