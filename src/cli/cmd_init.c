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
#include "xmalloc.h"

#ifndef KB_SAMPLE_DIR
#define KB_SAMPLE_DIR "/usr/local/share/kb/sample"
#endif

const struct opt cmd_init_opts[] = {
	OPT_ARG("from", 0, "DIR",
	  "copy the answers from DIR instead of the bundled sample"),
	OPT_ARG("remote", 0, "URL",
	  "make an office KB: a copy of the central KB at URL (see kbsync); "
	  "the office's name is asked for when not given"),
	OPT_BOOL("quiet", 'q', "no progress while copying"),
	OPT_ARG("station", 0, "NAME",
	  "with --remote: this copy's name within the office (default: the "
	  "host name)"),
	OPT_END
};

#define OFFICE_ANSWER_MAX 200	/* bytes of a typed office name */

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
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
			char answers[PATH_MAX + 32];

			path = xasprintf("%s/%s", exe, beside[i]);
			snprintf(answers, sizeof(answers), "%s/answers", path);
			if (is_dir(answers))
				return path;
			free(path);
		}
	}
	return xstrdup(KB_SAMPLE_DIR);
}

/* A copy of the central KB, with progress on a terminal. */
static int
init_office(const char *dir, const char *url, const char *office,
    const char *station, int quiet)
{
	struct progress p;
	int rc;

	progress_init(&p, "kb init", quiet);
	rc = kb_init_remote(dir, url, office, station, progress_show, &p);
	progress_done(&p);
	return rc;
}

/* Blanks cut at both ends; 0 when a control character is left. */
static int
trim_answer(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/*
 * Ask for the office's name on the terminal: every copy of an office's
 * KB must give the same one, so it is never guessed.  NULL at the end
 * of input.  Caller frees.
 */
static char *
ask_office(void)
{
	char line[OFFICE_ANSWER_MAX + 2];
	int tries;

	printf("Every copy of the KB in an office (each PC, or the office's "
	    "server) gives the\nsame office name; kbsync sends usage under "
	    "it.  Letters, digits, '-' and '_'\ncount; others become '-' "
	    "(\"Main Street\" is main-street).\n");
	for (tries = 0; tries < 5; tries++) {
		printf("Office name: ");
		fflush(stdout);
		if (fgets(line, sizeof(line), stdin) == NULL)
			return NULL;
		if (strchr(line, '\n') == NULL && !feof(stdin)) {
			int c;

			while ((c = getchar()) != EOF && c != '\n')
				;
			printf("At most %d bytes, please.\n",
			    OFFICE_ANSWER_MAX);
		} else if (!trim_answer(line))
			printf("No control characters, please.\n");
		else if (*line)
			return xstrdup(line);
	}
	return NULL;
}

/*
 * The office for kb init --remote: --office, else asked on a terminal;
 * else a usage error, as a host name taken silently would split or
 * merge offices by accident.  *owned: what to free.
 */
static int
office_for_init(struct cli *cli, const char **office, char **owned)
{
	*owned = NULL;
	*office = cli->office;
	if (*office && (*office)[strspn(*office, " \t")] != '\0')
		return EXIT_OK;
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) &&
	    (*office = *owned = ask_office()) != NULL)
		return EXIT_OK;
	return cmd_usage_error("--remote needs the office's name: give "
	    "--office NAME (kb --office NAME init --remote URL DIR), the same "
	    "on every PC of the office");
}

/* What was made: the office, and the station name this copy sends as. */
static void
say_office_made(struct kb *kb, const char *dir, const char *url,
    unsigned answers)
{
	char office[128], station[128];

	kb_sync_office(office, kb);
	kb_sync_station(station, kb);
	out_line(stdout, "Created an office KB in %s from %s with %u answers.",
	    dir, url, answers);
	out_line(stdout, "Office %s, station %s (this copy; git config "
	    "kb.station NAME renames it).", office, station);
}

/* Options that do not go together, as a usage error. */
static int
check_init_args(const struct args *a)
{
	if (a->n > 1)
		return cmd_usage_error("give one directory");
	if (cmd_opt(a, "from") && cmd_opt(a, "remote"))
		return cmd_usage_error("give --from or --remote, not both");
	if (cmd_opt(a, "station") && !cmd_opt(a, "remote"))
		return cmd_usage_error("--station names a copy of an office's "
		    "KB: it goes with --remote");
	return EXIT_OK;
}

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	char *sample = NULL, *dir = NULL, *asked = NULL;
	const char *office = NULL, *remote, *from;
	struct kb_index_stats stats;
	struct kb *kb = NULL;
	enum init_before before;
	struct args a;
	int rc;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	remote = cmd_opt(&a, "remote");
	from = cmd_opt(&a, "from");
	if ((rc = check_init_args(&a)) != EXIT_OK || (remote &&
	    (rc = office_for_init(cli, &office, &asked)) != EXIT_OK)) {
		cmd_args_free(&a);
		return rc;
	}
	rc = EXIT_FAIL;
	if (a.n == 1)
		dir = xstrdup(a.operands[0]);
	else if (cli->kb_dir)
		dir = xstrdup(cli->kb_dir);
	else if (kb_default_dir(&dir) < 0) {
		rc = cmd_fail_last();
		goto done;
	}
	if (!remote)
		sample = from ? xstrdup(from) : find_sample();
	before = init_look_before(dir);
	if (before == INIT_SOMETHING && init_half_made(dir, sample) &&
	    init_undo(dir, INIT_EMPTY) > 0) {
		out_line(stderr, "kb: %s holds what a kb init that was stopped "
		    "left: starting again", dir);
		before = INIT_EMPTY;
	}
	if (remote)
		rc = init_office(dir, remote, office, cmd_opt(&a, "station"),
		    cmd_opt(&a, "quiet") != NULL);
	else
		rc = kb_init(dir, sample, NULL);
	if (rc < 0 || kb_open(&kb, dir) < 0 ||
	    kb_index_update(&stats, kb, 0, cmd_print_skipped, NULL) < 0) {
		rc = cmd_fail_last();
		kb_close(kb);
		kb = NULL;
		if (init_undo(dir, before) > 0)
			out_line(stderr, "kb: removed what this kb init had made "
			    "in %s; run it again once the problem is fixed",
			    dir);
		goto done;
	}
	if (remote)
		say_office_made(kb, dir, remote, stats.total);
	else
		out_line(stdout, "Created a KB in %s with %u answers.", dir,
		    stats.total);
	out_line(stdout, remote ? "Keep it in step:  kbsync --kb %s" :
	    "Search it:  kb --kb %s search passport", dir);
	rc = EXIT_OK;
done:
	kb_close(kb);
	free(sample);
	free(dir);
	free(asked);
	cmd_args_free(&a);
	return rc;
}
