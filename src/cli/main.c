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
	{ .name = "init", .run = cmd_init, .needs_kb = 0,
	  .usage = "init [--from DIR | --remote URL [--station NAME]] "
	  "[--quiet] [DIR]",
	  .summary = "create a KB from the bundled sample, or an office's "
	  "from the centre",
	  .opts = cmd_init_opts },
	{ .name = "index", .run = cmd_index, .needs_kb = 1,
	  .usage = "index [--rebuild] [--quiet]",
	  .summary = "bring the search index up to date with the branch",
	  .opts = cmd_index_opts },
	{ .name = "search", .run = cmd_search, .needs_kb = 1,
	  .usage = "search [--limit N] [--lang L] [--tag T] [--all] [--json] "
	  "[--] QUERY...",
	  .summary = "search the answers, best first",
	  .opts = cmd_search_opts },
	{ .name = "show", .run = cmd_show, .needs_kb = 1,
	  .usage = "show [--channel C] [--width N] [--version BLOB] "
	  "[--staff | --customer] ID",
	  .summary = "print an answer as plain text", .opts = cmd_show_opts },
	{ .name = "check", .run = cmd_check, .needs_kb = 1, .usage = "check",
	  .summary = "validate every answer and notice, their links, "
	  "synonyms.txt",
	  .opts = cmd_check_opts },
	{ .name = "notices", .run = cmd_notices, .needs_kb = 1,
	  .usage = "notices [--all]",
	  .summary = "the notices active now (every one with --all)",
	  .opts = cmd_notices_opts },
	{ .name = "use", .run = cmd_use, .needs_kb = 1,
	  .usage = "use ID --channel C [--query Q]",
	  .summary = "record an answer used with a customer",
	  .opts = cmd_use_opts },
	{ .name = "flag", .run = cmd_flag, .needs_kb = 1,
	  .usage = "flag [--close] ID --reason TEXT [--channel C]",
	  .summary = "flag an answer as outdated, wrong or unclear; "
	  "reviewers: close a flag",
	  .opts = cmd_flag_opts },
	{ .name = "flags", .run = cmd_flags, .needs_kb = 1,
	  .usage = "flags [--all] [--json] [ID]",
	  .summary = "the open flags and their ids (every flag with --all)",
	  .opts = cmd_flags_opts },
	{ .name = "undo", .run = cmd_undo, .needs_kb = 1, .usage = "undo",
	  .summary = "take back the last use or flag you logged, within a "
	  "minute",
	  .opts = cmd_undo_opts },
	{ .name = "report", .run = cmd_report, .needs_kb = 1,
	  .usage = "report [--since DATE] [--until DATE] [--channel C] "
	  "[--format text|csv|json|html] [--top N] [--all-offices] "
	  "[--section NAME[,NAME...]] [--width N] [--output DIR|FILE]",
	  .summary = "what the usage log says: top answers, gaps, reviews",
	  .opts = cmd_report_opts },
	{ .name = "import", .run = cmd_import, .needs_kb = 1,
	  .usage = "import [--quiet]",
	  .summary = "at the centre: read the offices' new usage (for cron)",
	  .opts = cmd_import_opts },
	{ .name = "export", .run = cmd_export, .needs_kb = 1,
	  .usage = "export [--after SEQ] [--format csv|jsonl] "
	  "[--redact-queries] [--all-offices]",
	  .summary = "every event with its seq, for a data warehouse",
	  .opts = cmd_export_opts },
	{ .name = "prune", .run = cmd_prune, .needs_kb = 1,
	  .usage = "prune --before DATE [--all-offices] [--quiet]",
	  .summary = "drop old events the centre has received",
	  .opts = cmd_prune_opts },
	{ .name = "learn", .run = cmd_learn, .needs_kb = 1,
	  .usage = "learn [--publish] [--quiet]",
	  .summary = "what search learned from use; at the centre, publish it",
	  .opts = cmd_learn_opts },
	{ .name = "propose", .run = cmd_propose, .needs_kb = 1,
	  .usage = "propose ID --message M [--file F]",
	  .summary = "propose a new text for an answer (or a new answer)",
	  .opts = cmd_propose_opts },
	{ .name = "proposals", .run = cmd_proposals, .needs_kb = 1,
	  .usage = "proposals [--mine] [--all] [--json]",
	  .summary = "the proposals waiting for review",
	  .opts = cmd_proposals_opts },
	{ .name = "diff", .run = cmd_diff, .needs_kb = 1,
	  .usage = "diff [--width N] PROPOSAL",
	  .summary = "what a proposal changes, against main",
	  .opts = cmd_diff_opts },
	{ .name = "approve", .run = cmd_approve, .needs_kb = 1,
	  .usage = "approve PROPOSAL [--message M] [--allow-path PATH]... "
	  "[--push]",
	  .summary = "merge a proposal into main (reviewers)",
	  .opts = cmd_approve_opts },
	{ .name = "reject", .run = cmd_reject, .needs_kb = 1,
	  .usage = "reject PROPOSAL --reason R [--push]",
	  .summary = "reject a proposal, saying why (reviewers)",
	  .opts = cmd_reject_opts },
	{ .name = "reviewers", .run = cmd_reviewers, .needs_kb = 1,
	  .usage = "reviewers [add NAME-OR-EMAIL | remove NAME-OR-EMAIL] "
	  "[--push]",
	  .summary = "who may approve: list REVIEWERS, or add or remove one",
	  .opts = cmd_reviewers_opts },
	{ .name = "history", .run = cmd_history, .needs_kb = 1,
	  .usage = "history ID",
	  .summary = "an answer's versions: author, approver, date, reason",
	  .opts = cmd_history_opts },
	{ .name = "review", .run = cmd_review, .needs_kb = 1,
	  .usage = "review [--high-contrast]",
	  .summary = "the reviewer's screen: proposals, diffs, approve, reject",
	  .opts = cmd_review_opts },
	{ .name = "status", .run = cmd_status, .needs_kb = 1, .usage = "status",
	  .summary = "the KB, its version, and when an office last synced",
	  .opts = cmd_status_opts },
	{ .name = "tui", .run = cmd_tui, .needs_kb = 1,
	  .usage = "tui [--high-contrast]",
	  .summary = "the interactive screen (what kb alone opens; F1: its "
	  "keys)",
	  .opts = cmd_tui_opts },
	{ .name = NULL }
};

static const struct opt global_opts[] = {
	OPT_ARG("kb", 0, "DIR",
	  "the KB repository (default: $KB_DIR, else the KB the current "
	  "folder is in, else ~/.local/share/kb)"),
	OPT_ARG("agent", 0, "NAME", "who is using kb"),
	OPT_ARG("office", 0, "NAME", "the office kb is used in"),
	OPT_ARG("channel", 0, "C", "phone, email or walk-in"),
	OPT_BOOL("help", 'h', "show help (kb COMMAND --help too)"),
	OPT_BOOL("version", 0, "print the version"),
	OPT_END
};

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

/*
 * A global option with a value at argv[*i] (--kb DIR, --agent=NAME...):
 * 1 when it is one, its value taken; 0 when not; -1 when its value is
 * missing.
 */
static int
take_global(int argc, char **argv, int *i, const char **values)
{
	const char *arg = argv[*i];
	int k;

	for (k = 0; global_opts[k].name; k++) {
		size_t n = strlen(global_opts[k].name);

		if (global_opts[k].kind != OPT_VALUE ||
		    strncmp(arg, "--", 2) != 0 ||
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
				values[opt_index(global_opts, "help")] = "";
				continue;
			}
			if (strcmp(argv[i], "--version") == 0) {
				values[opt_index(global_opts, "version")] = "";
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
	int nrest, rc, help;

	memset(&cli, 0, sizeof(cli));
	if (split_globals(argc, argv, values, rest, &nrest) < 0) {
		free(rest);
		return EXIT_USAGE;
	}
	help = opt_value(global_opts, values, "help") != NULL;
	if (opt_value(global_opts, values, "version")) {
		printf("kb %s\n", KB_VERSION);
		free(rest);
		return EXIT_OK;
	}
	/* kb alone opens the interactive screen, given a terminal. */
	if (nrest == 0 && !help && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO))
		rest[nrest++] = "tui";
	if (nrest == 0) {
		print_help(help ? stdout : stderr);
		free(rest);
		return help ? EXIT_OK : EXIT_USAGE;
	}
	if ((cmd_current = find_command(rest[0])) == NULL) {
		out_line(stderr, "kb: '%s' is not a kb command (see kb --help)",
		    rest[0]);
		free(rest);
		return EXIT_USAGE;
	}
	cli.kb_dir = opt_value(global_opts, values, "kb");
	cli.agent = opt_value(global_opts, values, "agent");
	cli.office = opt_value(global_opts, values, "office");
	cli.channel_name = opt_value(global_opts, values, "channel");
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
