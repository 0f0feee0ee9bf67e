/*
 * kbsync: keep a field office's KB in step with the central repository.
 * The work is libkb's kb_sync(); this file reads options, shows progress
 * and prints what changed.  Exit statuses are a contract (kbsync(1)).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kb/error.h>
#include <kb/kb.h>
#include <kb/sync.h>
#include <kb/text.h>

#include "opt.h"
#include "progress.h"
#include "xmalloc.h"

enum {
	SYNC_OK = 0,
	SYNC_FAIL = 1,
	SYNC_USAGE = 2,
	SYNC_OFFLINE = 3,	/* the centre cannot be reached */
	SYNC_DIVERGED = 4,	/* rewritten history, or a ref refused */
	SYNC_BUSY = 5,		/* another kbsync runs (--no-wait) */
	SYNC_FULL = 6		/* the disk is full here */
};

static const struct opt opts[] = {
	OPT_ARG("kb", 0, "DIR",
	  "the office KB (default: $KB_DIR, else ~/.local/share/kb)"),
	OPT_ARG("remote", 0, "NAME|URL",
	  "the centre (default: git config kb.remote, else origin)"),
	OPT_BOOL("quiet", 'q', "print nothing but errors; offline, "
	  "only once out of step for kb.syncWarnHours"),
	OPT_BOOL("dry-run", 'n',
	  "say what would change; change nothing here or there"),
	OPT_BOOL("reset-to-remote", 0,
	  "after a rewritten central history: take the centre's main, "
	  "keeping the office's under refs/kb/backup/"),
	OPT_BOOL("no-wait", 0,
	  "if another kbsync is running, exit 5 instead of waiting"),
	OPT_BOOL("help", 'h', "show this help"),
	OPT_BOOL("version", 0, "print the version"),
	OPT_END
};

static const char synopsis[] = "kbsync [--kb DIR] [--remote NAME|URL] "
    "[--quiet] [--dry-run] [--reset-to-remote] [--no-wait]";

static void
help(void)
{
	printf("usage: %s\n\n"
	    "Fetch the centre's approved answers, send this office's "
	    "proposals and usage.\n\nOptions:\n", synopsis);
	opt_print_help(stdout, opts);
	printf("\nExit status: 0 synced, 1 error, 2 usage, 3 the centre "
	    "cannot be reached,\n4 the centre's history was rewritten or it "
	    "refused something, 5 busy,\n6 the disk is full.\n"
	    "See kbsync(1).\n");
}

static void
waiting(long pid, void *payload)
{
	(void)payload;
	fprintf(stderr, "kbsync: waiting for another kbsync (pid %ld) to "
	    "finish\n", pid);
}

static void say(FILE *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A line that quotes the centre, git or the user: formatted, made safe
 * (kb/text.h: no control character reaches the terminal), then a newline.
 */
static void
say(FILE *out, const char *fmt, ...)
{
	va_list ap;
	char *text, *safe;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	safe = kb_text_sanitize(text, strlen(text), 0);
	fprintf(out, "%s\n", safe);
	free(safe);
	free(text);
}

static void
short_id(char out[8], const char *oid)
{
	snprintf(out, 8, "%.7s", *oid ? oid : "-");
}

static void
print_result(const struct kb_sync_result *r, int dry_run)
{
	char a[8], b[8];

	if (dry_run)
		printf("dry run: nothing was changed here or at the centre\n");
	say(stdout, "centre     %s (office %s, station %s)",
	    r->url ? r->url : "?", r->office, r->station);
	printf("answers    %u added, %u changed, %u removed\n", r->added,
	    r->changed, r->removed);
	if (r->new_main[0]) {
		short_id(a, r->old_main);
		short_id(b, r->new_main);
		printf("main       %s..%s\n", a, b);
	}
	printf("proposals  %u sent, %u decided at the centre\n",
	    r->proposals_sent, r->decisions_received);
	printf("usage      %lu event%s sent\n", r->events_sent,
	    r->events_sent == 1 ? "" : "s");
	if (r->backup_ref[0])
		say(stdout, "backup     %s (the office's main before the reset)",
		    r->backup_ref);
}

/* What is not an error but someone should know. */
static void
print_warnings(const struct kb_sync_result *r)
{
	size_t i;

	if (r->local_only && !r->diverged && !r->backup_ref[0])
		fprintf(stderr, "kbsync: warning: this office's main has %zu "
		    "commit%s the centre does not have; answers are approved "
		    "at the centre\n", r->local_only,
		    r->local_only == 1 ? "" : "s");
	if (r->usage_note)
		say(stderr, "kbsync: warning: %s", r->usage_note);
	for (i = 0; i < r->nrefused; i++)
		say(stderr, "kbsync: %s", r->refused[i]);
	for (i = 0; i < r->nwarnings; i++)
		say(stderr, "kbsync: warning: %s", r->warnings[i]);
}

/*
 * What the centre said taking the push, as git shows it ("remote: ..."):
 * a hook's reasons for refusing are its own words.  Made safe and
 * bounded by the library; with --quiet only when something went wrong.
 */
static void
print_said(const struct kb_sync_result *r, int hide)
{
	size_t i;

	for (i = 0; !hide && i < r->nsaid; i++)
		say(stderr, "kbsync: remote: %s", r->said[i]);
}

/*
 * Offline with --quiet: cron mails whatever is printed, and an office
 * is often offline for a while.  Nothing is said until the office has
 * been out of step for longer than kb.syncWarnHours; then one line a
 * run, so that the mail is the alarm.
 */
static void
say_offline_quietly(struct kb *kb, const char *why)
{
	struct kb_sync_status st;
	char since[160] = "never synced with the centre";
	long long h;
	time_t t;
	struct tm tm;

	if (kb_sync_status(&st, kb) == 0 && st.office && !st.stale)
		return;
	if (st.last > 0) {
		t = (time_t)st.last;
		gmtime_r(&t, &tm);
		h = st.age / 3600;
		snprintf(since, sizeof(since), "out of step with the centre "
		    "for %lld %s (last sync ", h < 48 ? h : h / 24,
		    h < 48 ? (h == 1 ? "hour" : "hours") : "days");
		strftime(since + strlen(since), sizeof(since) - strlen(since),
		    "%Y-%m-%d %H:%M UTC", &tm);
		snprintf(since + strlen(since), sizeof(since) - strlen(since),
		    "; kb.syncWarnHours is %u)", st.warn_hours);
	}
	say(stderr, "kbsync: offline: %s: %s; check this machine's network, "
	    "and that the centre is up", since, why);
}

static int
exit_status(int rc)
{
	switch (rc) {
	case 0:
		return SYNC_OK;
	case KB_EOFFLINE:
		return SYNC_OFFLINE;
	case KB_ECONFLICT:
		return SYNC_DIVERGED;
	case KB_ELOCKED:
		return SYNC_BUSY;
	case KB_EFULL:
		return SYNC_FULL;
	default:
		return SYNC_FAIL;
	}
}

static int
sync_kb(const char *dir, const char **v)
{
	struct kb_sync_options o;
	struct kb_sync_result r;
	struct progress p;
	struct kb *kb = NULL;
	int rc, quiet = opt_value(opts, v, "quiet") != NULL;

	memset(&o, 0, sizeof(o));
	progress_init(&p, "kbsync", quiet);
	o.remote = opt_value(opts, v, "remote");
	o.dry_run = opt_value(opts, v, "dry-run") != NULL;
	o.reset_to_remote = opt_value(opts, v, "reset-to-remote") != NULL;
	o.no_wait = opt_value(opts, v, "no-wait") != NULL;
	o.progress = progress_show;
	o.payload = &p;
	o.waiting = quiet ? NULL : waiting;
	if ((rc = kb_open(&kb, dir)) < 0) {
		say(stderr, "kbsync: %s", kb_error_last());
		return SYNC_FAIL;
	}
	rc = kb_sync(&r, kb, &o);
	progress_done(&p);
	if (rc == KB_EOFFLINE && quiet) {
		char *why = xstrdup(kb_error_last());

		say_offline_quietly(kb, why);
		free(why);
	} else if (rc == KB_EOFFLINE) {
		/* One line: what cron mails, what a status bar shows. */
		say(stderr, "kbsync: offline: %s", kb_error_last());
	} else {
		/* What was done goes to standard output when the sync did
		 * its work (0) or the centre disagreed (4); after any other
		 * error nothing there looks like a result (kbsync(1)). */
		if (!quiet && r.url && (rc == 0 || rc == KB_ECONFLICT))
			print_result(&r, o.dry_run);
		print_said(&r, quiet && rc == 0);
		print_warnings(&r);
		if (rc < 0 && !(rc == KB_ECONFLICT && !r.diverged &&
		    r.nrefused > 0))
			say(stderr, "kbsync: %s", kb_error_last());
	}
	kb_sync_result_clear(&r);
	kb_close(kb);
	return exit_status(rc);
}

int
main(int argc, char **argv)
{
	const char *values[sizeof(opts) / sizeof(opts[0])] = { NULL };
	const char *kb_dir;
	char **operands = xcalloc((size_t)argc + 1, sizeof(char *));
	char *dir = NULL;
	int n = 0, status;

	if (opt_parse("kbsync", opts, argc - 1, argv + 1, values, operands,
	    &n) < 0 || n > 0) {
		if (n > 0)
			say(stderr, "kbsync: unexpected '%s'", operands[0]);
		fprintf(stderr, "usage: %s\n", synopsis);
		free(operands);
		return SYNC_USAGE;
	}
	free(operands);
	if (opt_value(opts, values, "help")) {
		help();
		return SYNC_OK;
	}
	if (opt_value(opts, values, "version")) {
		printf("kbsync %s\n", KB_VERSION);
		return SYNC_OK;
	}
	if (kb_global_init() < 0) {
		say(stderr, "kbsync: %s", kb_error_last());
		return SYNC_FAIL;
	}
	if ((kb_dir = opt_value(opts, values, "kb")) != NULL)
		dir = xstrdup(kb_dir);
	else {
		struct kb_location where;	/* found as kb finds it */

		if (kb_locate(&dir, &where) < 0)
			dir = NULL;
		kb_location_clear(&where);
	}
	status = dir ? sync_kb(dir, values) : SYNC_FAIL;
	if (dir == NULL)
		say(stderr, "kbsync: %s", kb_error_last());
	free(dir);
	kb_global_shutdown();
	return status;
}
