/* Reading, parsing and rendering answers, on worker threads if asked. */
#include "prepare.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "fts.h"
#include "kb/error.h"
#include "kb/render.h"
#include "store.h"
#include "strlist.h"
#include "xmalloc.h"

#define QUEUE_SIZE 256		/* answers prepared ahead of the inserts */
#define MAX_WORKERS 4
/*
 * Workers waiting for room are woken once this much is free, not at every
 * answer: waking a thread costs more than preparing an answer.
 */
#define WAKE_BATCH 32

/* What each worker has to itself. */
struct worker {
	struct prepare *p;
	pthread_t thread;
	int started;
	struct kb_store *store;
	struct db *scratch;		/* an in-memory database: the */
	struct fts_tokenizer *tok;	/* worker's own tokenizer */
	struct vocab_delta counts;	/* of every answer it prepared */
};

struct prepare {
	const struct prepare_item *items;
	size_t nitems;
	struct worker workers[MAX_WORKERS];
	int nworkers;
	struct worker caller;		/* the caller's own, when it helps */
	int threaded;

	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t next_claim;		/* next item a worker takes */
	size_t next_out;		/* next item handed to the caller */
	struct prepared *queue[QUEUE_SIZE];	/* item i at i % QUEUE_SIZE */
	int workers_waiting;		/* each side wakes the other only */
	int caller_waits;		/* when it is asleep */
	int stop;
	int failed;			/* a worker could not read: code */
	char message[512];
};

static void
collect_diag(const struct kb_diag *d, void *payload)
{
	struct prepared *r = payload;
	struct kb_diag *copy;

	r->diags = xreallocarray(r->diags, r->ndiags + 1, sizeof(*r->diags));
	copy = &r->diags[r->ndiags++];
	copy->path = xstrdup(d->path);
	copy->line = d->line;
	copy->severity = d->severity;
	copy->message = xstrdup(d->message);
}

static void
add_problem(struct prepared *r, const char *path, const char *message)
{
	struct kb_diag d = { path, 0, KB_SEVERITY_ERROR, message };

	collect_diag(&d, r);
}

/* One answer: never fails for bad content, only for an unreadable repo. */
static int
prepare_one(struct worker *w, const struct prepare_item *it,
    struct prepared **out)
{
	struct prepared *r = xcalloc(1, sizeof(*r));
	struct kb_doc *doc = NULL;
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = kb_store__read_blob(&data, &len, w->store, it->oid)) < 0) {
		free(r);
		return rc;
	}
	if (kb_answer_parse(&r->answer, it->path, data, len, collect_diag,
	    r) == 0) {
		memcpy(r->answer->version, it->oid, KB_OID_HEX + 1);
		if (kb_render(&doc, r->answer->body, r->answer->body_len) < 0) {
			add_problem(r, it->path, "cannot render the Markdown");
			kb_answer_free(r->answer);
			r->answer = NULL;
		} else {
			r->text = kb_doc_text(doc);
			kb_doc_free(doc);
		}
	}
	free(data);
	if (r->answer) {
		r->tags = strlist_join(r->answer->tags, r->answer->ntags, ", ");
		kb_vocab__delta_answer(&w->counts, &r->tape, w->tok,
		    r->answer->title, r->tags, r->text, +1);
	}
	*out = r;
	return 0;
}

/* Under the lock: the next item this worker may take, or nitems to quit. */
static size_t
claim(struct prepare *p)
{
	while (!p->stop && !p->failed && p->next_claim < p->nitems &&
	    p->next_claim - p->next_out >= QUEUE_SIZE) {
		p->workers_waiting++;
		pthread_cond_wait(&p->changed, &p->lock);
		p->workers_waiting--;
	}
	if (p->stop || p->failed || p->next_claim >= p->nitems)
		return p->nitems;
	return p->next_claim++;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct prepare *p = w->p;

	for (;;) {
		struct prepared *r;
		size_t i;
		int rc;

		pthread_mutex_lock(&p->lock);
		i = claim(p);
		pthread_mutex_unlock(&p->lock);
		if (i >= p->nitems)
			return NULL;

		rc = prepare_one(w, &p->items[i], &r);

		pthread_mutex_lock(&p->lock);
		if (rc < 0 && !p->failed) {
			p->failed = rc;
			strncpy(p->message, kb_error_last(),
			    sizeof(p->message) - 1);
		}
		if (rc == 0)
			p->queue[i % QUEUE_SIZE] = r;
		/* The caller sleeps only when it has nothing to take. */
		if (p->failed || p->caller_waits)
			pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		if (rc < 0)
			return NULL;
	}
}

static int
worker_open(struct worker *w, struct prepare *p, const char *repo_dir)
{
	int rc;

	w->p = p;
	if ((rc = kb_store__open(&w->store, repo_dir)) < 0 ||
	    (rc = kb_db__open(&w->scratch, ":memory:", DB_BULK)) < 0)
		return rc;
	return kb_fts__tokenizer_open(&w->tok, w->scratch->h);
}

static void
worker_close(struct worker *w)
{
	kb_vocab__delta_clear(&w->counts);
	kb_fts__tokenizer_close(w->tok);
	kb_db__close(w->scratch);
	kb_store__close(w->store);
}

/*
 * A worker per core but the caller's, whose inserts keep one core busy:
 * on two cores more workers only take turns with the inserts.
 */
static int
worker_count(size_t nitems)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN) - 1;

	if (n < 1)
		n = 1;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	return (size_t)n < nitems ? (int)n : (int)nitems;
}

static void
stop_workers(struct prepare *p)
{
	int i;

	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nworkers; i++)
		if (p->workers[i].started)
			pthread_join(p->workers[i].thread, NULL);
}

int
kb_prepare__start(struct prepare **out, const char *repo_dir,
    const struct prepare_item *items, size_t nitems, int threaded)
{
	struct prepare *p = xcalloc(1, sizeof(*p));
	int rc = 0, i;

	*out = NULL;
	p->items = items;
	p->nitems = nitems;
	p->threaded = threaded && nitems > 1;
	p->nworkers = p->threaded ? worker_count(nitems) : 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	for (i = 0; i < p->nworkers && rc == 0; i++)
		rc = worker_open(&p->workers[i], p, repo_dir);
	if (rc == 0 && p->threaded)
		rc = worker_open(&p->caller, p, repo_dir);
	for (i = 0; p->threaded && i < p->nworkers && rc == 0; i++) {
		struct worker *w = &p->workers[i];

		w->started = pthread_create(&w->thread, NULL, work, w) == 0;
		if (!w->started && i == 0)
			p->threaded = 0;	/* no threads: run inline */
	}
	if (rc < 0) {
		kb_prepare__finish(p);
		return rc;
	}
	*out = p;
	return 0;
}

/*
 * Under the lock, while the answer the caller needs is still being
 * prepared: prepare the next one not taken yet rather than sleep, so
 * that the caller's core is never idle.  1 when there was none to take.
 */
static int
help_workers(struct prepare *p)
{
	struct prepared *r;
	size_t j;
	int rc;

	if (p->next_claim >= p->nitems ||
	    p->next_claim - p->next_out >= QUEUE_SIZE)
		return 1;
	j = p->next_claim++;
	pthread_mutex_unlock(&p->lock);
	rc = prepare_one(&p->caller, &p->items[j], &r);
	pthread_mutex_lock(&p->lock);
	if (rc < 0 && !p->failed) {
		p->failed = rc;
		strncpy(p->message, kb_error_last(), sizeof(p->message) - 1);
	}
	if (rc == 0)
		p->queue[j % QUEUE_SIZE] = r;
	return 0;
}

int
kb_prepare__next(struct prepared **out, struct prepare *p)
{
	size_t i = p->next_out;
	struct prepared *r;

	*out = NULL;
	if (i >= p->nitems)
		return 0;
	if (!p->threaded) {
		int rc = prepare_one(&p->workers[0], &p->items[i], out);

		p->next_out += rc == 0;
		return rc;
	}
	pthread_mutex_lock(&p->lock);
	while ((r = p->queue[i % QUEUE_SIZE]) == NULL && !p->failed) {
		if (help_workers(p) == 0)
			continue;
		p->caller_waits = 1;
		pthread_cond_wait(&p->changed, &p->lock);
		p->caller_waits = 0;
	}
	if (r == NULL) {
		int rc = kb_error_set(p->failed, "%s", p->message);

		pthread_mutex_unlock(&p->lock);
		return rc;
	}
	*out = r;
	p->queue[i % QUEUE_SIZE] = NULL;
	p->next_out++;
	if (p->workers_waiting &&
	    p->next_claim - p->next_out <= QUEUE_SIZE - WAKE_BATCH)
		pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void
kb_prepare__prepared_free(struct prepared *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ndiags; i++) {
		free((char *)r->diags[i].path);
		free((char *)r->diags[i].message);
	}
	free(r->diags);
	kb_answer_free(r->answer);
	free(r->tags);
	free(r->text);
	kb_tape__free(&r->tape);
	free(r);
}

void
kb_prepare__take_counts(struct vocab_delta *into, struct prepare *p)
{
	int i;

	for (i = 0; i < p->nworkers; i++)
		kb_vocab__delta_merge(into, &p->workers[i].counts);
	kb_vocab__delta_merge(into, &p->caller.counts);
}

void
kb_prepare__finish(struct prepare *p)
{
	size_t i;
	int w;

	if (p == NULL)
		return;
	if (p->threaded)
		stop_workers(p);
	for (i = 0; i < QUEUE_SIZE; i++)
		kb_prepare__prepared_free(p->queue[i]);
	for (w = 0; w < p->nworkers; w++)
		worker_close(&p->workers[w]);
	worker_close(&p->caller);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
	free(p);
}
