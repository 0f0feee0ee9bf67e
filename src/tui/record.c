/*
 * What the TUI writes to the usage log: answers used, flagged, customers
 * not satisfied, and searches that ended with no answer used.
 *
 * A write waits at most RECORD_WAIT_MS for another writer; an event that
 * could not be written yet stays queued here and is written when the
 * agent pauses, or when kb quits (waiting longer then), so that logging
 * never stalls a keystroke and nothing is lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/clock.h>
#include <kb/usage.h>

#include "tui_private.h"

#define RECORD_WAIT_MS 10
#define QUIT_WAIT_MS 5000

struct queued {
	struct kb_event e;
	char *owned[7];
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
queue_event(struct tui *t, const struct kb_event *e)
{
	struct queued *q;
	char now[KB_UTC_TIME_SIZE];

	t->queue = realloc(t->queue, (t->nqueued + 1) * sizeof(*t->queue));
	if (t->queue == NULL)
		abort();
	q = &t->queue[t->nqueued++];
	memset(q, 0, sizeof(*q));
	q->e = *e;
	kb_now_utc(now);
	/* The time it happened, not the time it was finally written. */
	q->e.time = q->owned[0] = strdup(e->time ? e->time : now);
	q->e.agent = q->owned[1] = dup_or_null(e->agent);
	q->e.office = q->owned[2] = dup_or_null(e->office);
	q->e.answer = q->owned[3] = dup_or_null(e->answer);
	q->e.version = q->owned[4] = dup_or_null(e->version);
	q->e.query = q->owned[5] = dup_or_null(e->query);
	q->e.reason = q->owned[6] = dup_or_null(e->reason);
}

static void
queued_free(struct queued *q)
{
	size_t i;

	for (i = 0; i < sizeof(q->owned) / sizeof(q->owned[0]); i++)
		free(q->owned[i]);
}

/* Write what is queued, oldest first; stop at the first that fails. */
int
record_flush(struct tui *t, int quitting)
{
	size_t done = 0, i;
	int rc = 0;

	while (done < t->nqueued && (rc = kb_usage_log(t->kb,
	    &t->queue[done].e, quitting ? QUIT_WAIT_MS : RECORD_WAIT_MS)) == 0)
		done++;
	if (done == 0)
		return rc;
	for (i = 0; i < done; i++)
		queued_free(&t->queue[i]);
	memmove(t->queue, t->queue + done, (t->nqueued - done) *
	    sizeof(*t->queue));
	t->nqueued -= done;
	return rc;
}

void
record_free(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->nqueued; i++)
		queued_free(&t->queue[i]);
	free(t->queue);
	t->queue = NULL;
	t->nqueued = 0;
}

/* Log (or queue) an event about an answer, with the agent's identity. */
static int
record_answer_event(struct tui *t, enum kb_event_kind kind, const char *id,
    const char *version, const char *reason)
{
	struct kb_event e = KB_EVENT_INIT;

	e.kind = kind;
	e.agent = t->opt.agent;
	e.office = t->opt.office;
	e.channel = t->channel;
	e.answer = id;
	e.version = version;
	e.query = t->session_query[0] ? t->session_query : NULL;
	e.reason = reason;
	queue_event(t, &e);
	return record_flush(t, 0);
}

int
record_use(struct tui *t, const struct kb_answer *a)
{
	t->session_used = 1;
	return record_answer_event(t, KB_EVENT_USE, a->id, a->version, NULL);
}

int
record_flag(struct tui *t, const char *id, const char *version,
    const char *reason)
{
	return record_answer_event(t, KB_EVENT_FLAG, id, version, reason);
}

int
record_unsatisfied(struct tui *t, const struct kb_answer *a)
{
	return record_answer_event(t, KB_EVENT_UNSATISFIED, a->id, a->version,
	    NULL);
}

/*
 * The query changed: a search "session" runs from the first key typed
 * until the query is empty again (or kb quits).  If no answer was used
 * in it, it is logged with its last query and how many answers that
 * found: the content gaps of the report.
 */
void
record_query_changed(struct tui *t)
{
	if (t->qlen > 0) {
		snprintf(t->session_query, sizeof(t->session_query), "%s",
		    t->query);
		t->session_hits = t->results ? (long)t->results->nhits : 0;
		return;
	}
	record_search_end(t);
}

void
record_search_end(struct tui *t)
{
	struct kb_event e = KB_EVENT_INIT;

	if (t->session_query[0] && !t->session_used) {
		e.kind = KB_EVENT_SEARCH;
		e.agent = t->opt.agent;
		e.office = t->opt.office;
		e.channel = t->channel;
		e.query = t->session_query;
		e.hits = t->session_hits;
		queue_event(t, &e);
		record_flush(t, 0);
	}
	t->session_query[0] = '\0';
	t->session_used = 0;
	t->session_hits = 0;
}
