/*
 * What the screen writes to the usage log: answers used (once each per
 * search), flagged, customers not satisfied, and searches that ended
 * with no answer used, with how many of their hits were sure.  The last
 * action the agent logged can be undone for a minute.
 *
 * A write waits at most LOG_WAIT_MS for another writer; an event that
 * could not be written yet stays queued here and is written when the
 * agent pauses, or when kb quits (waiting longer then), so that logging
 * never stalls a keystroke and nothing is lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/clock.h>
#include <kb/error.h>
#include <kb/usage.h>

#include "model.h"
#include "strlist.h"
#include "xmalloc.h"

#define LOG_WAIT_MS 10
#define QUIT_WAIT_MS 5000

struct tui_queued {
	struct kb_event e;
	char *owned[7];
	unsigned long seq;	/* which action it was (log->logged) */
};

static unsigned long next_seq = 1;

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static unsigned long
queue_event(struct tui_log *log, const struct kb_event *e)
{
	struct tui_queued *q;
	char now[KB_UTC_TIME_SIZE];

	log->queue = xreallocarray(log->queue, log->nqueued + 1,
	    sizeof(*log->queue));
	q = &log->queue[log->nqueued++];
	memset(q, 0, sizeof(*q));
	q->e = *e;
	q->seq = next_seq++;
	kb_now_utc(now);
	/* The time it happened, not the time it was finally written. */
	q->e.time = q->owned[0] = xstrdup(e->time ? e->time : now);
	q->e.agent = q->owned[1] = dup_or_null(e->agent);
	q->e.office = q->owned[2] = dup_or_null(e->office);
	q->e.answer = q->owned[3] = dup_or_null(e->answer);
	q->e.version = q->owned[4] = dup_or_null(e->version);
	q->e.query = q->owned[5] = dup_or_null(e->query);
	q->e.reason = q->owned[6] = dup_or_null(e->reason);
	return q->seq;
}

static void
queued_free(struct tui_queued *q)
{
	size_t i;

	for (i = 0; i < sizeof(q->owned) / sizeof(q->owned[0]); i++)
		free(q->owned[i]);
}

/* Drop queue entry i (never written). */
static void
unqueue(struct tui_log *log, size_t i)
{
	queued_free(&log->queue[i]);
	memmove(log->queue + i, log->queue + i + 1, (log->nqueued - i - 1) *
	    sizeof(*log->queue));
	log->nqueued--;
}

int
tui_log_flush(struct tui_log *log, struct kb *kb, int quitting)
{
	size_t done = 0, i;
	int rc = 0;

	while (done < log->nqueued && (rc = kb_usage_log(kb,
	    &log->queue[done].e, quitting ? QUIT_WAIT_MS : LOG_WAIT_MS)) == 0)
		done++;
	if (done == 0)
		return rc;
	for (i = 0; i < done; i++)
		queued_free(&log->queue[i]);
	memmove(log->queue, log->queue + done, (log->nqueued - done) *
	    sizeof(*log->queue));
	log->nqueued -= done;
	return rc;
}

static void
forget_ids(struct tui_log *log)
{
	strlist_free(&log->ids);
}

void
tui_log_free(struct tui_log *log)
{
	size_t i;

	for (i = 0; i < log->nqueued; i++)
		queued_free(&log->queue[i]);
	free(log->queue);
	log->queue = NULL;
	log->nqueued = 0;
	forget_ids(log);
}

/* Remember the action just queued, for U. */
static void
remember(struct tui_log *log, enum kb_event_kind kind, const char *id,
    unsigned long seq, const char *what)
{
	struct tui_logged *l;

	if (log->nlogged == TUI_LOGGED_MAX) {
		memmove(log->logged, log->logged + 1, (TUI_LOGGED_MAX - 1) *
		    sizeof(*log->logged));
		log->nlogged--;
	}
	l = &log->logged[log->nlogged++];
	l->kind = kind;
	snprintf(l->answer, sizeof(l->answer), "%s", id);
	snprintf(l->what, sizeof(l->what), "%s", what);
	l->when = time(NULL);
	l->seq = seq;
}

/* Log (or queue) an event about an answer, with the agent's identity. */
static int
answer_event(struct tui_log *log, struct kb *kb, enum kb_event_kind kind,
    const char *id, const char *version, const char *reason,
    enum kb_channel channel, const char *what)
{
	struct kb_event e = KB_EVENT_INIT;

	e.kind = kind;
	e.agent = log->agent;
	e.office = log->office;
	e.channel = channel;
	e.answer = id;
	e.version = version;
	e.query = log->query[0] ? log->query : NULL;
	e.reason = reason;
	remember(log, kind, id, queue_event(log, &e), what);
	return tui_log_flush(log, kb, 0);
}

/*
 * u, copying, printing and saving the same answer in one search are one
 * use of it: the report counts answers given, not keys.
 */
static int
used_in_search(const struct tui_log *log, const char *id)
{
	return strlist_has(&log->ids, id);
}

int
tui_log_use(struct tui_log *log, struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel)
{
	char what[160];

	log->used = 1;
	if (used_in_search(log, a->id))
		return 1;
	strlist_push(&log->ids, xstrdup(a->id));
	snprintf(what, sizeof(what), "use of %s (%s)", a->id,
	    kb_channel_name(channel));
	return answer_event(log, kb, KB_EVENT_USE, a->id, a->version, NULL,
	    channel, what);
}

int
tui_log_flag(struct tui_log *log, struct kb *kb, const char *id,
    const char *version, const char *reason, enum kb_channel channel)
{
	char what[160];

	snprintf(what, sizeof(what), "flag of %s (%s)", id, reason);
	return answer_event(log, kb, KB_EVENT_FLAG, id, version, reason,
	    channel, what);
}

int
tui_log_unsatisfied(struct tui_log *log, struct kb *kb,
    const struct kb_answer *a, enum kb_channel channel)
{
	char what[160];

	snprintf(what, sizeof(what), "\"not satisfied\" for %s", a->id);
	return answer_event(log, kb, KB_EVENT_UNSATISFIED, a->id, a->version,
	    NULL, channel, what);
}

void
tui_log_query(struct tui_log *log, struct kb *kb, const char *query,
    const struct kb_results *r, enum kb_channel channel)
{
	if (*query == '\0') {
		tui_log_search_end(log, kb, channel);
		return;
	}
	snprintf(log->query, sizeof(log->query), "%s", query);
	log->hits = r ? (long)r->nhits : 0;
	/* Never more than the hits: the log refuses that. */
	log->sure = r && r->nsure < r->nhits ? (long)r->nsure : log->hits;
}

void
tui_log_search_end(struct tui_log *log, struct kb *kb,
    enum kb_channel channel)
{
	struct kb_event e = KB_EVENT_INIT;

	if (log->query[0] && !log->used) {
		e.kind = KB_EVENT_SEARCH;
		e.agent = log->agent;
		e.office = log->office;
		e.channel = channel;
		e.query = log->query;
		e.hits = log->hits;
		e.sure = log->sure;
		queue_event(log, &e);
		tui_log_flush(log, kb, 0);
	}
	log->query[0] = '\0';
	log->used = 0;
	log->hits = log->sure = 0;
	forget_ids(log);
}

/* An undone use no longer counts for the search: u logs it again. */
static void
forget_use(struct tui_log *log, const char *id)
{
	size_t i;

	for (i = 0; i < log->ids.n; i++)
		if (strcmp(log->ids.v[i], id) == 0) {
			free(log->ids.v[i]);
			log->ids.v[i] = log->ids.v[--log->ids.n];
			break;
		}
	log->used = log->ids.n > 0;
}

int
tui_log_undo(struct tui_log *log, struct kb *kb, time_t now, char *what,
    size_t size)
{
	struct tui_logged *last;
	char *done = NULL;
	size_t i;
	int rc;

	/* Older ones cannot be undone any more. */
	while (log->nlogged && now - log->logged[0].when >= TUI_UNDO_SECONDS) {
		memmove(log->logged, log->logged + 1, (log->nlogged - 1) *
		    sizeof(*log->logged));
		log->nlogged--;
	}
	if (log->nlogged == 0)
		return KB_ENOTFOUND;
	last = &log->logged[log->nlogged - 1];
	for (i = 0; i < log->nqueued; i++)
		if (log->queue[i].seq == last->seq)
			break;
	if (i < log->nqueued)
		unqueue(log, i);	/* it never reached the log */
	else if ((rc = kb_usage_undo_last(&done, kb, log->agent)) < 0)
		return rc;
	snprintf(what, size, "%s", done ? done : last->what);
	free(done);
	if (last->kind == KB_EVENT_USE)
		forget_use(log, last->answer);
	log->nlogged--;
	return 0;
}
