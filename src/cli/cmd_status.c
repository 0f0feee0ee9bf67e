/* kb status: which KB, which version, and (an office) when it last synced. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kb/index.h>
#include <kb/kb.h>
#include <kb/sync.h>

#include "cmd.h"

const struct opt cmd_status_opts[] = {
	OPT_END
};

static void
print_sync(struct kb *kb)
{
	struct kb_sync_status st;
	char office[128], station[128], age[64], when[32];
	time_t t;
	struct tm tm;

	kb_sync_status(&st, kb);
	if (!st.office) {
		printf("sync       none (not an office KB: see kb init --remote)"
		    "\n");
		return;
	}
	kb_sync_office(office, kb);
	kb_sync_station(station, kb);
	out_line(stdout, "office     %s", office);
	out_line(stdout, "station    %s", station);
	if (st.last == 0) {
		printf("last sync  never\n");
	} else {
		t = (time_t)st.last;
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
		kb_sync_age_text(age, sizeof(age), st.age);
		printf("last sync  %s, %s\n", when, age);
	}
	if (st.stale)
		printf("warning    not synced in the last %u hours: answers may "
		    "be out of date (run kbsync)\n", st.warn_hours);
}

int
cmd_status(struct cli *cli, int argc, char **argv)
{
	struct kb_index_stats stats;
	struct args a;
	char head[KB_OID_HEX + 1] = "";

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	if (a.n != 0) {
		cmd_args_free(&a);
		return cmd_usage_error("takes no operands");
	}
	cmd_args_free(&a);
	if (kb_head(head, cli->kb) < 0 ||
	    kb_index_update(&stats, cli->kb, 0, NULL, NULL) < 0)
		return cmd_fail_last();
	out_line(stdout, "kb         %s%s", kb_path(cli->kb),
	    cmd_kb_source(cli));
	out_line(stdout, "version    %s@%.7s, %u answers", kb_branch(cli->kb),
	    head, stats.total);
	print_sync(cli->kb);
	return EXIT_OK;
}
