/*
 * The kb command line: global settings shared by every command, and the
 * table of commands (main.c) each implemented in its own cmd_*.c.
 */
#ifndef KB_CMD_H
#define KB_CMD_H

#include <stdio.h>

#include <kb/kb.h>
#include <kb/render.h>

#include "opt.h"

/* Exit statuses, as kb(1) documents them. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_APPROVED_INCOMPLETE = 3	/* kb approve: merged, then a step failed */
};

/* The options every command accepts, before or after its name. */
struct cli {
	const char *kb_dir;	/* --kb, else kb_locate()'s */
	struct kb_location where;	/* where kb_dir came from */
	const char *agent;
	const char *office;
	const char *channel_name;
	enum kb_channel channel;
	struct kb *kb;		/* open when the command needs a KB */
};

struct cmd {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	int needs_kb;
	const char *usage;	/* after "kb ": the synopsis line */
	const char *summary;
	const struct opt *opts;
};

int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_index(struct cli *cli, int argc, char **argv);
int cmd_search(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_tui(struct cli *cli, int argc, char **argv);
int cmd_use(struct cli *cli, int argc, char **argv);
int cmd_flag(struct cli *cli, int argc, char **argv);
int cmd_undo(struct cli *cli, int argc, char **argv);
int cmd_flags(struct cli *cli, int argc, char **argv);
/* kb flag --close ID --reason R, once parsed (cmd_flags.c). */
int cmd_flag_close(struct cli *cli, const char *id, const char *reason);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_learn(struct cli *cli, int argc, char **argv);
int cmd_propose(struct cli *cli, int argc, char **argv);
int cmd_proposals(struct cli *cli, int argc, char **argv);
int cmd_diff(struct cli *cli, int argc, char **argv);
int cmd_approve(struct cli *cli, int argc, char **argv);
int cmd_reject(struct cli *cli, int argc, char **argv);
int cmd_history(struct cli *cli, int argc, char **argv);
int cmd_reviewers(struct cli *cli, int argc, char **argv);
int cmd_review(struct cli *cli, int argc, char **argv);
int cmd_status(struct cli *cli, int argc, char **argv);
int cmd_notices(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_prune(struct cli *cli, int argc, char **argv);

extern const struct opt cmd_init_opts[], cmd_index_opts[], cmd_search_opts[],
    cmd_show_opts[], cmd_check_opts[], cmd_tui_opts[], cmd_use_opts[],
    cmd_flag_opts[], cmd_flags_opts[], cmd_undo_opts[], cmd_report_opts[], cmd_learn_opts[], cmd_propose_opts[],
    cmd_proposals_opts[], cmd_diff_opts[], cmd_approve_opts[],
    cmd_reject_opts[], cmd_history_opts[], cmd_review_opts[],
    cmd_status_opts[], cmd_notices_opts[], cmd_reviewers_opts[],
    cmd_import_opts[],
    cmd_export_opts[], cmd_prune_opts[];

/* For library calls that report problems: cmd_print_diag on stderr. */
void cmd_print_diag_cb(const struct kb_diag *d, void *payload);

/* The command being run, for messages and --help. */
extern const struct cmd *cmd_current;

#define CMD_MAX_OPTS 16

/* A command's parsed arguments: values[i] belongs to opts[i]. */
struct args {
	const struct opt *opts;	/* the command's table */
	const char *values[CMD_MAX_OPTS];
	char **operands;
	int n;
};

/* The value of the command's option `name` (opt_value()): NULL when it
 * was not given, "" for a flag that was. */
const char *cmd_opt(const struct args *a, const char *name);

/*
 * Parse the command's options from its table.  Returns 0; 1 after
 * printing --help; -1 after printing a usage error.  Free with
 * cmd_args_free() in every case.
 */
int cmd_parse(struct args *a, int argc, char **argv);
void cmd_args_free(struct args *a);

/* Parse, turning --help and usage errors into the exit status to use. */
#define CMD_PARSE_OR_RETURN(a, argc, argv) do {				\
	int parse_rc_ = cmd_parse((a), (argc), (argv));			\
	if (parse_rc_ != 0) {						\
		cmd_args_free(a);					\
		return parse_rc_ > 0 ? EXIT_OK : EXIT_USAGE;		\
	}								\
} while (0)

/* "kb: message" on stderr, made safe as out_line() does; returns
 * EXIT_FAIL. */
int cmd_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The library's last error as "kb: message"; returns EXIT_FAIL. */
int cmd_fail_last(void);
/* Print a usage error and the synopsis; returns EXIT_USAGE. */
int cmd_usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* For kb_index_update(): an answer skipped, as "kb: path:line: message". */
void cmd_print_skipped(const struct kb_diag *d, void *payload);

/* Print a diagnostic as "path:line: severity: message". */
void cmd_print_diag(FILE *out, const struct kb_diag *d);

/*
 * An office KB not synced within kb.syncWarnHours: a one-line warning on
 * stderr, for commands that show answers.
 */
void cmd_warn_if_stale(struct kb *kb);
/* Every active critical notice, a line each on stderr (kb search): what
 * an agent at the command line must not miss. */
void cmd_warn_critical_notices(struct kb *kb);

/* --width N: 0 (never cut or wrap) or CMD_MIN_WIDTH to max columns;
 * -1 when s is anything else (width.c). */
#define CMD_MIN_WIDTH 20
int cmd_parse_width(const char *s, unsigned max, unsigned *out);
/* The columns of the terminal on stdout, 80 when it says none. */
unsigned cmd_terminal_width(void);

/*
 * Which KB (locate.c).  cmd_fail_no_kb: the KB could not be opened, and
 * when none was given, where kb looked (the current folder, the
 * default); returns EXIT_FAIL.  cmd_kb_source: for kb status, how the
 * KB was chosen when not by --kb ("" then).
 */
int cmd_fail_no_kb(const struct cli *cli);
const char *cmd_kb_source(const struct cli *cli);

/*
 * A reviewer's clone of the centre (refresh.c): bring the centre's main
 * and proposals first (kb_centre_fetch), saying on stderr what could
 * not be brought; nothing in any other KB.
 */
void cmd_centre_refresh(struct kb *kb);
/* After a decision pushed to the centre: "pushed to URL" on stdout, and
 * on stderr what else to know (tries, earlier commits, a note). */
struct kb_centre_push;
void cmd_centre_pushed(const struct kb_centre_push *p);
/* A decision made without --push in a reviewer's clone: say that only
 * this clone has it, and the git push (of `refs`) that sends it. */
void cmd_centre_unpushed(struct kb *kb, const char *what, const char *refs);

/*
 * Output.  Whatever a command prints that came from a file, git, the
 * usage log or a user goes through these, so that it follows kb/text.h's
 * one rule (kb(1), TEXT SAFETY): no control character, bidirectional
 * control or invalid UTF-8 reaches a terminal raw.
 */

/* s on one line: a newline or tab in it is U+FFFD too.  NULL: nothing. */
void out_text(FILE *out, const char *s);
/* s shown line by line: its newlines and tabs are kept.  NULL: nothing. */
void out_lines(FILE *out, const char *s);
/* s as a JSON string, quotes included ("null" for NULL). */
void out_json(FILE *out, const char *s);
/* Formatted, made safe as out_text() does (so the format has no tab or
 * newline), then a newline. */
void out_line(FILE *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
