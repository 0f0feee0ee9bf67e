/*
 * kb import: at the centre, read what the offices' usage refs gained
 * since the last import into offices.db, and nothing else; for cron, so
 * that kb report --all-offices finds little or nothing new to read
 * (kb(1), REPORTS AT THE CENTRE).
 */
#include <stdio.h>

#include <kb/report.h>

#include "cmd.h"

const struct opt cmd_import_opts[] = {
	OPT_BOOL("quiet", 0, "print nothing but warnings and errors"),
	OPT_END
};

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	unsigned long refs, events;
	struct args a;
	int quiet;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	quiet = cmd_opt(&a, "quiet") != NULL;
	if (a.n > 0) {
		cmd_args_free(&a);
		return cmd_usage_error("takes no arguments");
	}
	cmd_args_free(&a);
	if (kb_report_import(&refs, &events, cli->kb, cmd_print_diag_cb,
	    NULL) < 0)
		return cmd_fail_last();
	if (!quiet)
		printf("imported   %lu new event%s from %lu usage ref%s\n",
		    events, events == 1 ? "" : "s", refs, refs == 1 ? "" : "s");
	return EXIT_OK;
}
