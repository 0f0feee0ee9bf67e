/*
 * kb: the command-line front end.  Global options may come before or
 * after the command name, like git's -C; each command parses the rest.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kb/kb.h>

#include "cmd.h"
#include "index_warning.h"
#include "xmalloc.h"

static const struct cmd commands[] = {
	{ "init", cmd_init, 0,
	  "init [--from DIR | --remote URL [--station NAME]] [--quiet] [DIR]",
	  "create a KB from the bundled sample, or an office's from the centre",
	  cmd_init_opts },
	{ "index", cmd_index, 1, "index [--rebuild] [--quiet]",
	  "bring the search index up to date with the branch", cmd_index_opts },
	{ "search", cmd_search, 1,
	  "search [--limit N] [--lang L] [--tag T] [--all] [--json] [--] "
	  "QUERY...",
	  "search the answers, best first", cmd_search_opts },
	{ "show", cmd_show, 1, "show [--channel C] [--width N] [--version BLOB] "
	  "[--staff | --customer] ID",
	  "print an answer as plain text", cmd_show_opts },
	{ "check", cmd_check, 1, "check",
	  "validate every answer and notice, their links, synonyms.txt",
	  cmd_check_opts },
	{ "notices", cmd_notices, 1, "notices [--all]",
	  "the notices active now (every one with --all)", cmd_notices_opts },
	{ "use", cmd_use, 1, "use ID --channel C [--query Q]",
	  "record an answer used with a customer", cmd_use_opts },
	{ "flag", cmd_flag, 1, "flag [--close] ID --reason TEXT [--channel C]",
	  "flag an answer as outdated, wrong or unclear; reviewers: close a "
	  "flag", cmd_flag_opts },
	{ "flags", cmd_flags, 1, "flags [--all] [--json] [ID]",
	  "the open flags and their ids (every flag with --all)",
	  cmd_flags_opts },
	{ "undo", cmd_undo, 1, "undo",
	  "take back the last use or flag you logged, within a minute",
	  cmd_undo_opts },
	{ "report", cmd_report, 1, "report [--since DATE] [--until DATE] "
	  "[--channel C] [--format text|csv|json|html] [--top N] "
	  "[--all-offices] [--section NAME[,NAME...]] [--width N] "
	  "[--output DIR|FILE]",
	  "what the usage log says: top answers, gaps, reviews", cmd_report_opts },
	{ "import", cmd_import, 1, "import [--quiet]",
	  "at the centre: read the offices' new usage (for cron)",
	  cmd_import_opts },
	{ "export", cmd_export, 1, "export [--after SEQ] [--format csv|jsonl] "
	  "[--redact-queries] [--all-offices]",
	  "every event with its seq, for a data warehouse", cmd_export_opts },
	{ "prune", cmd_prune, 1, "prune --before DATE [--all-offices] [--quiet]",
	  "drop old events the centre has received", cmd_prune_opts },
	{ "learn", cmd_learn, 1, "learn [--publish] [--quiet]",
	  "what search learned from use; at the centre, publish it",
	  cmd_learn_opts },
	{ "propose", cmd_propose, 1, "propose ID --message M [--file F]",
	  "propose a new text for an answer (or a new answer)",
	  cmd_propose_opts },
	{ "proposals", cmd_proposals, 1, "proposals [--mine] [--all] [--json]",
	  "the proposals waiting for review", cmd_proposals_opts },
	{ "diff", cmd_diff, 1, "diff [--width N] PROPOSAL",
	  "what a proposal changes, against main", cmd_diff_opts },
	{ "approve", cmd_approve, 1,
	  "approve PROPOSAL [--message M] [--allow-path PATH]... [--push]",
	  "merge a proposal into main (reviewers)", cmd_approve_opts },
	{ "reject", cmd_reject, 1, "reject PROPOSAL --reason R [--push]",
	  "reject a proposal, saying why (reviewers)", cmd_reject_opts },
	{ "reviewers", cmd_reviewers, 1,
	  "reviewers [add NAME-OR-EMAIL | remove NAME-OR-EMAIL] [--push]",
	  "who may approve: list REVIEWERS, or add or remove one",
	  cmd_reviewers_opts },
	{ "history", cmd_history, 1, "history ID",
	  "an answer's versions: author, approver, date, reason",
	  cmd_history_opts },
	{ "review", cmd_review, 1, "review [--high-contrast]",
	  "the reviewer's screen: proposals, diffs, approve, reject",
	  cmd_review_opts },
	{ "status", cmd_status, 1, "status",
	  "the KB, its version, and when an office last synced",
	  cmd_status_opts },
	{ "tui", cmd_tui, 1, "tui [--high-contrast]",
	  "the interactive screen (what kb alone opens; F1: its keys)",
	  cmd_tui_opts },
	{ NULL, NULL, 0, NULL, NULL, NULL }
};

static const struct opt global_opts[] = {
	{ "kb", 0, OPT_VALUE, "DIR",
	  "the KB repository (default: $KB_DIR, else the KB the current "
	  "folder is in, else ~/.local/share/kb)" },
	{ "agent", 0, OPT_VALUE, "NAME", "who is using kb" },
	{ "office", 0, OPT_VALUE, "NAME", "the office kb is used in" },
	{ "channel", 0, OPT_VALUE, "C", "phone, email or walk-in" },
	{ "help", 'h', OPT_FLAG, NULL, "show help (kb COMMAND --help too)" },
	{ "version", 0, OPT_FLAG, NULL, "print the version" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

enum { G_KB, G_AGENT, G_OFFICE, G_CHANNEL, G_HELP, G_VERSION };

const struct cmd *cmd_current;

static void
print_help(FILE *out)
{
	const struct cmd *c;

	fprintf(out, "usage: kb [--kb DIR] [--agent NAME] [--office NAME] "
	    "[--channel C] [COMMAND [ARGS]]\n\n"
	    "A knowledge base of answers kept in git, searched as you type.\n"
	    "Without a command, kb opens the interactive screen (kb tui).\n"
	    "\nCommands:\n");
	for (c = commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\nOptions (before or after the command):\n");
	opt_print_help(out, global_opts);
	fprintf(out, "\nSee kb(1) and kb-answer(5).\n");
}

/* The value of a global option at argv[*i], or NULL when it is not one. */
static int
take_global(int argc, char **argv, int *i, const char **values)
{
	const char *arg = argv[*i];
	int k;

	for (k = G_KB; k <= G_CHANNEL; k++) {
		size_t n = strlen(global_opts[k].name);

		if (strncmp(arg, "--", 2) != 0 ||
		    strncmp(arg + 2, global_opts[k].name, n) != 0)
			continue;
		if (arg[2 + n] == '=') {
			values[k] = arg + 3 + n;
			return 1;
		}
		if (arg[2 + n] != '\0')
			continue;
		if (*i + 1 >= argc) {
			fprintf(stderr, "kb: --%s needs a value (%s)\n",
			    global_opts[k].name, global_opts[k].value_name);
			return -1;
		}
		values[k] = argv[++*i];
		return 1;
	}
	return 0;
}

/*
 * Take the global options out of argv wherever they are (up to "--"),
 * leaving the command name and its own arguments in rest[].
 */
static int
split_globals(int argc, char **argv, const char **values, char **rest,
    int *nrest)
{
	int i, rc, have_cmd = 0, after_dashes = 0;

	*nrest = 0;
	for (i = 1; i < argc; i++) {
		if (!after_dashes && (rc = take_global(argc, argv, &i,
		    values)) != 0) {
			if (rc < 0)
				return -1;
			continue;
		}
		if (strcmp(argv[i], "--") == 0)
			after_dashes = 1;
		if (!have_cmd && !after_dashes) {
			if (strcmp(argv[i], "--help") == 0 ||
			    strcmp(argv[i], "-h") == 0) {
				values[G_HELP] = "";
				continue;
			}
			if (strcmp(argv[i], "--version") == 0) {
				values[G_VERSION] = "";
				continue;
			}
			if (argv[i][0] == '-') {
				out_line(stderr, "kb: unknown option '%s' "
				    "(see kb --help)", argv[i]);
				return -1;
			}
			have_cmd = 1;
		}
		rest[(*nrest)++] = argv[i];
	}
	return 0;
}

static const struct cmd *
find_command(const char *name)
{
	const struct cmd *c;

	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* "kb search --help" must work without a KB. */
static int
wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static int
run(struct cli *cli, const struct cmd *c, int argc, char **argv)
{
	char *dir = NULL;
	int rc;

	if (c->needs_kb && !wants_help(argc, argv)) {
		if (cli->kb_dir == NULL) {
			if (kb_locate(&dir, &cli->where) < 0)
				return cmd_fail_last();
			cli->kb_dir = dir;
		}
		if (kb_open(&cli->kb, cli->kb_dir) < 0) {
			rc = cmd_fail_no_kb(cli);
			kb_location_clear(&cli->where);
			free(dir);
			return rc;
		}
	}
	rc = c->run(cli, argc, argv);
	/* What the index said and the command did not show yet (kb show,
	 * the screen): a rebuilt index, or an old one served read-only. */
	cmd_print_index_warning(cli->kb);
	kb_close(cli->kb);
	cli->kb = NULL;
	kb_location_clear(&cli->where);
	free(dir);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *values[sizeof(global_opts) / sizeof(global_opts[0])] = {
	    NULL };
	char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
	struct cli cli;
	int nrest, rc;

	memset(&cli, 0, sizeof(cli));
	if (split_globals(argc, argv, values, rest, &nrest) < 0) {
		free(rest);
		return EXIT_USAGE;
	}
	if (values[G_VERSION]) {
		printf("kb %s\n", KB_VERSION);
		free(rest);
		return EXIT_OK;
	}
	/* kb alone opens the interactive screen, given a terminal. */
	if (nrest == 0 && !values[G_HELP] && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO))
		rest[nrest++] = "tui";
	if (nrest == 0) {
		print_help(values[G_HELP] ? stdout : stderr);
		free(rest);
		return values[G_HELP] ? EXIT_OK : EXIT_USAGE;
	}
	if ((cmd_current = find_command(rest[0])) == NULL) {
		out_line(stderr, "kb: '%s' is not a kb command (see kb --help)",
		    rest[0]);
		free(rest);
		return EXIT_USAGE;
	}
	cli.kb_dir = values[G_KB];
	cli.agent = values[G_AGENT];
	cli.office = values[G_OFFICE];
	cli.channel_name = values[G_CHANNEL];
	if (cli.channel_name) {
		int ch = kb_channel_parse(cli.channel_name);

		if (ch < 0) {
			out_line(stderr, "kb: unknown channel '%s': use phone, "
			    "email or walk-in", cli.channel_name);
			free(rest);
			return EXIT_USAGE;
		}
		cli.channel = (enum kb_channel)ch;
	}
	if (kb_global_init() < 0) {
		free(rest);
		return cmd_fail_last();
	}
	rc = run(&cli, cmd_current, nrest - 1, rest + 1);
	kb_global_shutdown();
	free(rest);
	return rc;
}
