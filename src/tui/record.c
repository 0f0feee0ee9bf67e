/*
 * What the agent logs from an answer (u used, x not satisfied, f flag,
 * U undo), and the use a copy, a print or a save logs: done at once,
 * with nothing extra to confirm, and said on the status line, with how
 * to undo it.  The usage log itself is the model's (model_log.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <kb/error.h>
#include <kb/usage.h>

#include "tui_private.h"

/* "(logged; U undoes)", and the cases where it was not written (yet). */
static void
say_recorded(struct tui *t, int rc, const char *what)
{
	if (rc == 1)
		tui_say(t, 0, "%s (already logged for this search: one "
		    "use)", what);
	else if (rc == 0)
		tui_say(t, 0, "%s (logged; U undoes it)",
		    what);
	else if (rc == KB_ELOCKED)
		tui_say(t, 0, "%s (the log is busy: it will be written "
		    "shortly; U undoes it)", what);
	else	/* kept, and tried again when the agent pauses */
		tui_say(t, 1, "%s, but the usage log cannot be written: "
		    "%s", what, kb_error_last());
}

void
record_used(struct tui *t, const struct kb_answer *a)
{
	char what[200];

	if (t->set.channel == KB_CHANNEL_NONE) {
		tui_say(t, 1, "Choose the channel first (F2 or c): a use "
		    "is logged per channel");
		return;
	}
	snprintf(what, sizeof(what), "Marked as used: %s on %s", a->id,
	    kb_channel_name(t->set.channel));
	say_recorded(t, tui_log_use(&t->log, t->kb, a, t->set.channel), what);
}

void
record_unsatisfied(struct tui *t, const struct kb_answer *a)
{
	char what[200];

	snprintf(what, sizeof(what), "Customer not satisfied: %s", a->id);
	say_recorded(t, tui_log_unsatisfied(&t->log, t->kb, a,
	    t->set.channel), what);
}

static void
flag_done(struct tui *t, const char *reason)
{
	char what[400];

	snprintf(what, sizeof(what), "Flagged %s: %s", t->prompt.id, reason);
	say_recorded(t, tui_log_flag(&t->log, t->kb, t->prompt.id,
	    t->prompt.version, reason, t->set.channel), what);
}

/* 1-3: a reason offered; 4: the agent's own words. */
static int
flag_choice(struct tui *t, int key)
{
	char q[300];

	if (key >= '1' && key <= '3') {
		t->prompt.kind = PROMPT_NONE;
		flag_done(t, kb_flag_reasons[key - '1']);
		return 1;
	}
	if (key == '4') {
		snprintf(q, sizeof(q), "Flag %s, why? (Enter: done, Esc: "
		    "cancel)", t->prompt.id);
		prompt_text(t, q, flag_done);
		return 1;
	}
	return 0;
}

void
record_flag(struct tui *t, const struct kb_answer *a)
{
	char q[300];

	snprintf(t->prompt.id, sizeof(t->prompt.id), "%s", a->id);
	snprintf(t->prompt.version, sizeof(t->prompt.version), "%s",
	    a->version);
	snprintf(q, sizeof(q), "Flag %s: 1 outdated  2 wrong  3 unclear  "
	    "4 say why  (Esc: cancel)", a->id);
	prompt_choice(t, q, flag_choice);
}

void
record_undo(struct tui *t)
{
	char what[200];
	int rc = tui_log_undo(&t->log, t->kb, time(NULL), what, sizeof(what));

	if (rc == 0)
		tui_say(t, 0, "Undone: %s (the log keeps the undo)", what);
	else if (rc == KB_ENOTFOUND)
		tui_say(t, 0, "Nothing to undo: only the last use, flag "
		    "or \"not satisfied\" logged, within a minute");
	else
		tui_say(t, 1, "Cannot undo: %s", kb_error_last());
}

/*
 * The confirmation stays the export's; the use is added to it, and a log
 * that cannot be written says so (the event is kept and tried again).
 */
void
record_given(struct tui *t, const struct kb_answer *a,
    enum kb_channel channel)
{
	int rc = tui_log_use(&t->log, t->kb, a, channel);

	if (rc == 1)
		tui_message_add(&t->message, 0, "; already logged as used for "
		    "this search");
	else if (rc == 0 || rc == KB_ELOCKED)
		tui_message_add(&t->message, 0, "; logged as used (U undoes "
		    "it)");
	else
		tui_message_add(&t->message, 1, "; the use is not logged yet: "
		    "%s", kb_error_last());
}
