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
#include <kb/centre.h>

#include "buf.h"
#include "cmd.h"
#include "diff_out.h"
#include "xmalloc.h"

const struct opt cmd_propose_opts[] = {
	OPT_ARG("file", 0, "F", "the answer's new Markdown (- for "
	  "standard input; default: standard input)"),
	OPT_ARG("message", 0, "M", "why, in one line (required)"),
	OPT_END
};

const struct opt cmd_proposals_opts[] = {
	OPT_BOOL("mine", 0, "only the agent's own proposals"),
	OPT_BOOL("all", 0, "decided ones too (merged, rejected)"),
	OPT_BOOL("json", 0, "a JSON array"),
	OPT_END
};

const struct opt cmd_diff_opts[] = {
	OPT_ARG("width", 0, "N", "wrap at N columns (default: the "
	  "terminal's width on a terminal; 0: no wrapping)"),
	OPT_END
};

const struct opt cmd_approve_opts[] = {
	OPT_ARG("message", 0, "M", "a note on the approval"),
	OPT_ARG("allow-path", 0, "PATH", "merge this other file the "
	  "proposal changes too (repeat for each; see kb diff)"),
	OPT_BOOL("push", 0, "a reviewer's clone: approve on the "
	  "centre's main and push it there (all or nothing)"),
	OPT_END
};

const struct opt cmd_reject_opts[] = {
	OPT_ARG("reason", 0, "R", "why, for the proposer (required)"),
	OPT_BOOL("push", 0, "a reviewer's clone: push the rejection "
	  "to the centre (all or nothing)"),
	OPT_END
};

const struct opt cmd_history_opts[] = {
	OPT_END
};

static char *
read_all(FILE *f, size_t *len)
{
	struct buf data = BUF_INIT;
	char chunk[8192];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&data, chunk, n);
	*len = data.len;
	return buf_detach(&data);
}

int
cmd_propose(struct cli *cli, int argc, char **argv)
{
	struct args args;
	const char *file, *message;
	char *text = NULL, *agent = NULL, *email = NULL, *branch = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	file = cmd_opt(&args, "file");
	message = cmd_opt(&args, "message");
	if (args.n != 1) {
		rc = cmd_usage_error("give one answer id");
		goto done;
	}
	if (message == NULL) {
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
	if (kb_propose(&branch, cli->kb, args.operands[0], text, len, agent,
	    email, message, cmd_print_diag_cb, NULL) < 0)
		rc = cmd_fail_last();
	else {
		out_line(stdout, "%s", branch);
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
	out_text(stdout, s);
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
	mine = cmd_opt(&args, "mine") != NULL;
	all = cmd_opt(&args, "all") != NULL;
	json = cmd_opt(&args, "json") != NULL;
	if (args.n != 0) {
		cmd_args_free(&args);
		return cmd_usage_error("takes no operands");
	}
	cmd_args_free(&args);
	cmd_centre_refresh(cli->kb);
	if ((all ? kb_proposals_list_decided(&v, &n, cli->kb) :
	    kb_proposals_list(&v, &n, cli->kb)) < 0)
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
			out_json(stdout, v[i].branch);
			printf(", \"answer\": ");
			out_json(stdout, v[i].answer);
			printf(", \"author\": ");
			out_json(stdout, v[i].author);
			printf(", \"date\": \"%s\", \"reason\": ", date);
			out_json(stdout, v[i].reason);
			printf(", \"state\": \"%s\", \"other_files\": %zu",
			    state_name(v[i].state), v[i].other_files);
			if (v[i].decision) {
				printf(", \"rejected_by\": ");
				out_json(stdout, v[i].decided_by);
				printf(", \"rejection\": ");
				out_json(stdout, v[i].decision);
			}
			printf("}");
		} else {
			field(v[i].branch);
			putchar('\t');
			field(v[i].answer);
			putchar('\t');
			field(v[i].author);
			printf("\t%s\t", date);
			if (v[i].other_files)
				printf("[+%zu other file%s] ", v[i].other_files,
				    v[i].other_files == 1 ? "" : "s");
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

/* After kb diff: the files besides the proposal's own, which kb
 * approve refuses unless each is allowed by name. */
static void
warn_other_files(struct kb *kb, const char *branch)
{
	struct kb_proposal_files f;
	size_t i;

	if (kb_proposal_files(&f, kb, branch) < 0 || f.nother == 0) {
		kb_proposal_files_clear(&f);
		return;
	}
	out_line(stderr, "kb: %s changes %zu file%s besides %s; kb approve "
	    "refuses it unless each is given with --allow-path:", branch,
	    f.nother, f.nother == 1 ? "" : "s", f.own);
	for (i = 0; i < f.nother; i++) {
		fputs("kb:   ", stderr);
		out_text(stderr, f.other[i]);
		fputc('\n', stderr);
	}
	kb_proposal_files_clear(&f);
}

/*
 * For a person at a terminal: rows of its width and the changed words
 * in reverse video (not with NO_COLOR).  For a pipe or a file: the
 * unified diff as it is, which other programs read, unless --width asks
 * for rows.
 */
static void
print_diff(const char *text, const char *width_opt, unsigned width)
{
	const char *no_color = getenv("NO_COLOR");
	int tty = isatty(STDOUT_FILENO);

	if (width_opt == NULL)
		width = tty ? cmd_terminal_width() : 0;
	if (!tty && width == 0)
		out_lines(stdout, text);
	else
		diff_out_rows(stdout, text, width, tty && !(no_color &&
		    *no_color));
}

int
cmd_diff(struct cli *cli, int argc, char **argv)
{
	struct args args;
	const char *width_given;
	char *text = NULL;
	unsigned width = 0;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	width_given = cmd_opt(&args, "width");
	if (args.n != 1)
		rc = cmd_usage_error("give one proposal (see kb proposals)");
	else if (width_given && cmd_parse_width(width_given, 1000, &width) < 0)
		rc = cmd_usage_error("--width takes 0 or a number from 20 to "
		    "1000");
	else if (kb_proposal_diff(&text, cli->kb, args.operands[0]) < 0)
		rc = cmd_fail_last();
	else {
		print_diff(text, width_given, width);
		fflush(stdout);
		warn_other_files(cli->kb, args.operands[0]);
		rc = EXIT_OK;
	}
	free(text);
	cmd_args_free(&args);
	return rc;
}

/*
 * Every --allow-path (the option table keeps only the last): options
 * come before "--", and a value is the next word or after '='.
 */
static const char **
allowed_paths(int argc, char **argv, size_t *n)
{
	const char **v = xcalloc((size_t)argc + 1, sizeof(*v));
	int i;

	*n = 0;
	for (i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--allow-path") == 0 && i + 1 < argc)
			v[(*n)++] = argv[++i];
		else if (strncmp(argv[i], "--allow-path=", 13) == 0)
			v[(*n)++] = argv[i] + 13;
		else if (strcmp(argv[i], "--message") == 0)
			i++;	/* its value may be any word */
	}
	return v;
}

/* In a reviewer's clone: what git push would send an approval. */
static void
unpushed_approval(struct kb *kb, const char *branch, int fast_forward)
{
	char refs[512];

	/* A fast-forward put the approval commit on the branch too. */
	snprintf(refs, sizeof(refs), "%s%s%s", kb_branch(kb) ?
	    kb_branch(kb) : "main", fast_forward ? " " : "",
	    fast_forward ? branch : "");
	cmd_centre_unpushed(kb, "approved", refs);
}

/* kb approve; with --push, in a reviewer's clone, to the centre. */
static int
approve(struct cli *cli, const char *branch, struct kb_approval *a,
    int push)
{
	struct kb_centre_push p;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = push ? kb_centre_approve(&p, cli->kb, branch, a) :
	    kb_proposal_approve(cli->kb, branch, a);
	if (rc < 0 && a->merged[0] && (!push || p.sent))
		rc = (cmd_fail_last(), EXIT_APPROVED_INCOMPLETE);
	else if (rc < 0)
		rc = cmd_fail_last();
	else {
		out_line(stdout, "approved %s (%s)", branch, a->fast_forward ?
		    "fast-forward" : "merge commit");
		if (push)
			cmd_centre_pushed(&p);
		else
			unpushed_approval(cli->kb, branch, a->fast_forward);
		rc = EXIT_OK;
	}
	kb_centre_push_clear(&p);
	return rc;
}

int
cmd_approve(struct cli *cli, int argc, char **argv)
{
	struct kb_approval a;
	struct args args;
	const char **allow;
	size_t nallow;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	allow = allowed_paths(argc, argv, &nallow);
	memset(&a, 0, sizeof(a));
	a.message = cmd_opt(&args, "message");
	a.allow = allow;
	a.nallow = nallow;
	if (args.n != 1)
		rc = cmd_usage_error("give one proposal (see kb proposals)");
	else
		rc = approve(cli, args.operands[0], &a,
		    cmd_opt(&args, "push") != NULL);
	free(allow);
	cmd_args_free(&args);
	return rc;
}

/* kb reject --push, in a reviewer's clone. */
static int
reject_pushed(struct cli *cli, const char *branch, const char *reason)
{
	struct kb_centre_push p;
	int rc;

	if (kb_centre_reject(&p, cli->kb, branch, reason) < 0)
		rc = cmd_fail_last();
	else {
		out_line(stdout, "rejected %s", branch);
		cmd_centre_pushed(&p);
		rc = EXIT_OK;
	}
	kb_centre_push_clear(&p);
	return rc;
}

int
cmd_reject(struct cli *cli, int argc, char **argv)
{
	const char *reason;
	struct args args;
	int rc;

	CMD_PARSE_OR_RETURN(&args, argc, argv);
	reason = cmd_opt(&args, "reason");
	if (args.n != 1)
		rc = cmd_usage_error("give one proposal (see kb proposals)");
	else if (reason == NULL)
		rc = cmd_usage_error("give the reason: --reason 'for the "
		    "proposer'");
	else if (cmd_opt(&args, "push") != NULL)
		rc = reject_pushed(cli, args.operands[0], reason);
	else if (kb_proposal_reject(cli->kb, args.operands[0], reason) < 0)
		rc = cmd_fail_last();
	else {
		out_line(stdout, "rejected %s", args.operands[0]);
		cmd_centre_unpushed(cli->kb, "rejected", args.operands[0]);
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
	if (kb_answer_history(&v, &n, cli->kb, args.operands[0]) < 0)
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
		if (v[i].other_files)
			printf("[+%zu other file%s] ", v[i].other_files,
			    v[i].other_files == 1 ? "" : "s");
		field(v[i].reason);
		putchar('\n');
	}
	kb_versions_free(v, n);
	cmd_args_free(&args);
	return rc;
}
