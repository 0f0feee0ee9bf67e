/* kb notices: what customers must be told today, as every channel tells it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/notice.h>
#include <kb/present.h>

#include "cmd.h"

const struct opt cmd_notices_opts[] = {
	OPT_BOOL("all", 0, "expired and future notices too, each "
	  "with its state"),
	OPT_END
};

/* "notices/x.md  active  every answer" or "... tags: dmv, passport". */
static void
print_header(const struct kb_notice *n, const char *now)
{
	size_t i;

	out_text(stdout, n->path);
	printf("  %s  ", kb_notice_state_name(kb_notice_state_at(n, now)));
	if (n->ntags == 0)
		printf("every answer\n");
	for (i = 0; i < n->ntags; i++) {
		fputs(i ? ", " : "tags: ", stdout);
		out_text(stdout, n->tags[i]);
	}
	if (n->ntags)
		putchar('\n');
}

int
cmd_notices(struct cli *cli, int argc, char **argv)
{
	char now[KB_LOCAL_TIME_SIZE];
	struct kb_notices list;
	struct args a;
	unsigned flags;
	size_t i;

	CMD_PARSE_OR_RETURN(&a, argc, argv);
	flags = cmd_opt(&a, "all") ? KB_NOTICES_ALL : 0;
	if (a.n != 0) {
		cmd_args_free(&a);
		return cmd_usage_error("takes no operands");
	}
	cmd_args_free(&a);
	if (kb_notices_list(&list, cli->kb, flags) < 0)
		return cmd_fail_last();
	kb_now_local(now);
	if (list.n == 0)
		printf("No %snotices.\n", flags ? "" : "active ");
	for (i = 0; i < list.n; i++) {
		char *text = NULL;

		if (kb_notice_present(&text, list.v[i], 78) < 0) {
			kb_notices_clear(&list);
			return cmd_fail_last();
		}
		printf("%s", i ? "\n" : "");
		print_header(list.v[i], now);
		out_lines(stdout, text);
		free(text);
	}
	kb_notices_clear(&list);
	cmd_warn_if_stale(cli->kb);
	return EXIT_OK;
}
