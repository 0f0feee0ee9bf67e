/*
 * Proposals and review from the command line: kb propose, proposals,
 * diff, approve, reject, history (see kb(1), PROPOSALS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kb/identity.h>
#include <kb/kb.h>
#include <kb/proposal.h>

#include "cmd.h"

const struct opt cmd_propose_opts[] = {
	{ "file", 0, OPT_VALUE, "F", "the answer's new Markdown (- for "
	  "standard input; default: standard input)" },
	{ "message", 0, OPT_VALUE, "M", "why, in one line (required)" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

const struct opt cmd_proposals_opts[] = {
	{ "mine", 0, OPT_FLAG, NULL, "only the agent's own proposals" },
	{ "all", 0, OPT_FLAG, NULL, "decided ones too (merged, rejected)" },
	{ "json", 0, OPT_FLAG, NULL, "a JSON array" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

const struct opt cmd_diff_opts[] = {
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

const struct opt cmd_approve_opts[] = {
	{ "message", 0, OPT_VALUE, "M", "a note on the approval" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

const struct opt cmd_reject_opts[] = {
	{ "reason", 0, OPT_VALUE, "R", "why, for the proposer (required)" },
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

const struct opt cmd_history_opts[] = {
	{ NULL, 0, OPT_FLAG, NULL, NULL }
};

static char *
read_all(FILE *f, size_t *len)
{
	char *data = NULL;
	size_t cap = 0, n;

	*len = 0;
	do {
		if (*len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		n = fread(data + *len, 1, cap - *len - 1, f);
		*len += n;
	} while (n > 0);
	data[*len] = '\0';
	return data;
}

int
cmd_propose(struct cli *cli, int argc, char **argv)
{
	struct args args;
	const char *file;
	char *text = NULL, *agent = NULL, *email = NULL, *branch = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	file = args.values[0];
	if (args.n != 1) {
		rc = cmd_usage_error("give one answer id");
		goto done;
	}
	if (args.values[1] == NULL) {
		rc = cmd_usage_error("give the reason: --message 'one line'");
		goto done;
	}
	f = file == NULL || strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
	if (f == NULL) {
		rc = cmd_fail("%s: cannot read it", file);
		goto done;
	}
	text = read_all(f, &len);
	if (f != stdin)
		fclose(f);
	agent = kb_agent_name(cli->kb, cli->agent);
	email = kb_agent_email(cli->kb, agent);
	if (kb_propose(cli->kb, args.operands[0], text, len, agent, email,
	    args.values[1], &branch, cmd_print_diag_cb, NULL) < 0)
		rc = cmd_fail_last();
	else {
		printf("%s\n", branch);
		rc = EXIT_OK;
	}
done:
	free(branch);
	free(email);
	free(agent);
	free(text);
	cmd_args_free(&args);
	return rc;
}

/* A field of a TAB-separated line: no TAB, newline or control in it. */
static void
field(const char *s)
{
	for (; s && *s; s++)
		putchar((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s);
}

static const char *
state_name(enum kb_proposal_state s)
{
	return s == KB_PROPOSAL_PENDING ? "pending" : s == KB_PROPOSAL_MERGED ?
	    "merged" : "rejected";
}

static void
date_of(long long t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int
cmd_proposals(struct cli *cli, int argc, char **argv)
{
	struct kb_proposal *v = NULL;
	struct args args;
	char *agent = NULL;
	size_t n = 0, i, shown = 0;
	int rc = EXIT_OK, mine, all, json;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	mine = args.values[0] != NULL;
	all = args.values[1] != NULL;
	json = args.values[2] != NULL;
	if (args.n != 0) {
		cmd_args_free(&args);
		return cmd_usage_error("takes no operands");
	}
	cmd_args_free(&args);
	if (kb_proposals_list(cli->kb, &v, &n) < 0)
		return cmd_fail_last();
	agent = kb_agent_name(cli->kb, cli->agent);
	if (json)
		printf("[");
	for (i = 0; i < n; i++) {
		char date[11];

		if ((!all && v[i].state != KB_PROPOSAL_PENDING) ||
		    (mine && strcmp(v[i].author, agent) != 0))
			continue;
		date_of(v[i].time, date);
		if (json) {
			printf("%s\n  {\"branch\": ", shown ? "," : "");
			json_string(stdout, v[i].branch);
			printf(", \"answer\": ");
			json_string(stdout, v[i].answer);
			printf(", \"author\": ");
			json_string(stdout, v[i].author);
			printf(", \"date\": \"%s\", \"reason\": ", date);
			json_string(stdout, v[i].reason);
			printf(", \"state\": \"%s\"", state_name(v[i].state));
			if (v[i].decision) {
				printf(", \"rejected_by\": ");
				json_string(stdout, v[i].decided_by);
				printf(", \"rejection\": ");
				json_string(stdout, v[i].decision);
			}
			printf("}");
		} else {
			field(v[i].branch);
			putchar('\t');
			field(v[i].answer);
			putchar('\t');
			field(v[i].author);
			printf("\t%s\t", date);
			field(v[i].reason);
			if (all) {
				printf("\t%s%s", state_name(v[i].state),
				    v[i].decision ? ": " : "");
				field(v[i].decision);
			}
			printf("\n");
		}
		shown++;
	}
	if (json)
		printf("%s]\n", shown ? "\n" : "");
	free(agent);
	kb_proposals_free(v, n);
	return rc;
}

int
cmd_diff(struct cli *cli, int argc, char **argv)
{
	struct args args;
	char *text = NULL;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	if (args.n != 1)
		rc = cmd_usage_error("give one proposal (see kb proposals)");
	else if (kb_proposal_diff(cli->kb, args.operands[0], &text) < 0)
		rc = cmd_fail_last();
	else {
		fputs(text, stdout);
		rc = EXIT_OK;
	}
	free(text);
	cmd_args_free(&args);
	return rc;
}

int
cmd_approve(struct cli *cli, int argc, char **argv)
{
	struct args args;
	int rc, ff;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	if (args.n != 1)
		rc = cmd_usage_error("give one proposal (see kb proposals)");
	else if (kb_proposal_approve(cli->kb, args.operands[0],
	    args.values[0], &ff) < 0)
		rc = cmd_fail_last();
	else {
		printf("approved %s (%s)\n", args.operands[0], ff ?
		    "fast-forward" : "merge commit");
		rc = EXIT_OK;
	}
	cmd_args_free(&args);
	return rc;
}

int
cmd_reject(struct cli *cli, int argc, char **argv)
{
	struct args args;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	if (args.n != 1)
		rc = cmd_usage_error("give one proposal (see kb proposals)");
	else if (args.values[0] == NULL)
		rc = cmd_usage_error("give the reason: --reason 'for the "
		    "proposer'");
	else if (kb_proposal_reject(cli->kb, args.operands[0],
	    args.values[0]) < 0)
		rc = cmd_fail_last();
	else {
		printf("rejected %s\n", args.operands[0]);
		rc = EXIT_OK;
	}
	cmd_args_free(&args);
	return rc;
}

int
cmd_history(struct cli *cli, int argc, char **argv)
{
	struct kb_version *v = NULL;
	struct args args;
	size_t n = 0, i;
	int rc = EXIT_OK;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	if (args.n != 1) {
		cmd_args_free(&args);
		return cmd_usage_error("give one answer id");
	}
	if (kb_answer_history(cli->kb, args.operands[0], &v, &n) < 0)
		rc = cmd_fail_last();
	for (i = 0; i < n; i++) {
		char date[11];

		date_of(v[i].time, date);
		printf("%.12s\t%s\t", v[i].version[0] ? v[i].version :
		    "(deleted)", date);
		field(v[i].author);
		putchar('\t');
		field(v[i].approver ? v[i].approver : "(direct commit)");
		putchar('\t');
		field(v[i].reason);
		putchar('\n');
	}
	kb_versions_free(v, n);
	cmd_args_free(&args);
	return rc;
}
