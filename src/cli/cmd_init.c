/* kb init: a new KB repository from the bundled sample. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kb/index.h>
#include <kb/kb.h>
#include <kb/sync.h>

#include "init_undo.h"
#include "progress.h"

#include "cmd.h"

#ifndef KB_SAMPLE_DIR
#define KB_SAMPLE_DIR "/usr/local/share/kb/sample"
#endif

const struct opt cmd_init_opts[] = {
	{ "from", 0, OPT_VALUE, "DIR",
	  "copy the answers from DIR instead of the bundled sample" },
	{ "remote", 0, OPT_VALUE, "URL",
	  "make an office KB: a copy of the central KB at URL (see kbsync)" },
	{ "quiet", 'q', OPT_FLAG, NULL, "no progress while copying" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/*
 * The bundled sample: $KB_SAMPLE_DIR, else beside the program (installed:
 * PREFIX/bin/kb -> PREFIX/share/kb/sample; built: build/kb -> kb/), else
 * the path fixed at build time.
 */
static char *
find_sample(void)
{
	static const char *const beside[] = { "../share/kb/sample", "../kb" };
	char exe[PATH_MAX], *slash, *path;
	const char *env = getenv("KB_SAMPLE_DIR");
	ssize_t n;
	size_t i;

	if (env && *env)
		return strdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
			size_t len = strlen(exe) + strlen(beside[i]) + 16;
			char answers[PATH_MAX + 32];

			if ((path = malloc(len)) == NULL)
				return NULL;
			snprintf(path, len, "%s/%s", exe, beside[i]);
			snprintf(answers, sizeof(answers), "%s/answers", path);
			if (is_dir(answers))
				return path;
			free(path);
		}
	}
	return strdup(KB_SAMPLE_DIR);
}

/* A copy of the central KB, with progress on a terminal. */
static int
init_office(const char *dir, const char *url, const char *office, int quiet)
{
	struct progress p;
	int rc;

	progress_init(&p, "kb init", quiet);
	rc = kb_init_remote(dir, url, office, progress_show, &p);
	progress_done(&p);
	return rc;
}

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	char *sample = NULL, *dir = NULL;
	struct kb_index_stats stats;
	struct kb *kb = NULL;
	enum init_before before;
	struct args a;
	int rc = EXIT_FAIL;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	if (a.n > 1) {
		cmd_args_free(&a);
		return cmd_usage_error("give one directory");
	}
	if (a.n == 1)
		dir = strdup(a.operands[0]);
	else if (cli->kb_dir)
		dir = strdup(cli->kb_dir);
	else if (kb_default_dir(&dir) < 0) {
		cmd_args_free(&a);
		return cmd_fail_last();
	}
	if (a.values[0] && a.values[1]) {
		cmd_args_free(&a);
		free(dir);
		return cmd_usage_error("give --from or --remote, not both");
	}
	if (!a.values[1])
		sample = a.values[0] ? strdup(a.values[0]) : find_sample();
	before = init_look_before(dir);
	if (before == INIT_SOMETHING && init_half_made(dir, sample) &&
	    init_undo(dir, INIT_EMPTY) > 0) {
		out_line(stderr, "kb: %s holds what a kb init that was stopped "
		    "left: starting again", dir);
		before = INIT_EMPTY;
	}
	if (a.values[1])
		rc = init_office(dir, a.values[1], cli->office,
		    a.values[2] != NULL);
	else
		rc = kb_init(dir, sample, NULL);
	if (rc < 0 || kb_open(&kb, dir) < 0 ||
	    kb_index_update(kb, 0, &stats, cmd_print_skipped, NULL) < 0) {
		rc = cmd_fail_last();
		kb_close(kb);
		kb = NULL;
		if (init_undo(dir, before) > 0)
			out_line(stderr, "kb: removed what this kb init had made "
			    "in %s; run it again once the problem is fixed",
			    dir);
		goto done;
	}
	if (a.values[1])
		out_line(stdout, "Created an office KB in %s from %s with %u "
		    "answers.", dir, a.values[1], stats.total);
	else
		out_line(stdout, "Created a KB in %s with %u answers.", dir,
		    stats.total);
	out_line(stdout, a.values[1] ? "Keep it in step:  kbsync --kb %s" :
	    "Search it:  kb --kb %s search passport", dir);
	rc = EXIT_OK;
done:
	kb_close(kb);
	free(sample);
	free(dir);
	cmd_args_free(&a);
	return rc;
}
