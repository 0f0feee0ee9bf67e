/* Reading, parsing and rendering answers, on a worker thread if asked. */
#include "prepare.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "fts.h"
#include "kb/error.h"
#include "kb/render.h"
#include "store.h"
#include "strlist.h"
#include "xmalloc.h"

#define QUEUE_SIZE 256		/* answers prepared ahead of the inserts */

struct prepare {
	struct kb_store *store;
	struct db *scratch;		/* an in-memory database: the */
	struct fts_tokenizer *tok;	/* worker's own tokenizer */
	struct vocab_delta counts;	/* of every answer prepared */
	const struct prepare_item *items;
	size_t nitems;
	size_t next_in;			/* next item the worker prepares */
	size_t next_out;		/* next item handed to the caller */
	int threaded;

	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct prepared *queue[QUEUE_SIZE];
	int worker_waits;		/* each side wakes the other only */
	int caller_waits;		/* when it is asleep */
	int stop;
	int failed;			/* worker could not read: code */
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

static void
count_answer(struct prepare *p, const struct prepared *r)
{
	char *tags = strlist_join(r->answer->tags, r->answer->ntags, ", ");

	vocab_delta_answer(&p->counts, p->tok, r->answer->title, tags, r->text,
	    +1);
	free(tags);
}

/* One answer: never fails for bad content, only for an unreadable repo. */
static int
prepare_one(struct prepare *p, const struct prepare_item *it,
    struct prepared **out)
{
	struct kb_store *store = p->store;
	struct prepared *r = xcalloc(1, sizeof(*r));
	struct kb_doc *doc = NULL;
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = kb_store__read_blob(store, it->oid, &data, &len)) < 0) {
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
	if (r->answer)
		count_answer(p, r);
	*out = r;
	return 0;
}

static void *
worker(void *arg)
{
	struct prepare *p = arg;

	for (;;) {
		struct prepared *r;
		size_t i;
		int rc;

		pthread_mutex_lock(&p->lock);
		while (!p->stop && p->next_in < p->nitems &&
		    p->next_in - p->next_out >= QUEUE_SIZE) {
			p->worker_waits = 1;
			pthread_cond_wait(&p->changed, &p->lock);
			p->worker_waits = 0;
		}
		if (p->stop || p->next_in >= p->nitems) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		i = p->next_in;
		pthread_mutex_unlock(&p->lock);

		rc = prepare_one(p, &p->items[i], &r);

		pthread_mutex_lock(&p->lock);
		if (rc < 0) {
			p->failed = rc;
			strncpy(p->message, kb_error_last(),
			    sizeof(p->message) - 1);
		} else {
			p->queue[i % QUEUE_SIZE] = r;
			p->next_in++;
		}
		if (p->caller_waits || rc < 0)
			pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		if (rc < 0)
			return NULL;
	}
}

int
prepare_start(struct prepare **out, const char *repo_dir,
    const struct prepare_item *items, size_t nitems, int threaded)
{
	struct prepare *p = xcalloc(1, sizeof(*p));
	int rc;

	*out = NULL;
	if ((rc = kb_store__open(&p->store, repo_dir)) < 0 ||
	    (rc = db_open(&p->scratch, ":memory:", DB_BULK)) < 0 ||
	    (rc = fts_tokenizer_open(&p->tok, p->scratch->h)) < 0) {
		kb_store__close(p->store);
		db_close(p->scratch);
		free(p);
		return rc;
	}
	p->items = items;
	p->nitems = nitems;
	p->threaded = threaded && nitems > 1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	if (p->threaded && pthread_create(&p->thread, NULL, worker, p) != 0)
		p->threaded = 0;
	*out = p;
	return 0;
}

int
prepare_next(struct prepare *p, struct prepared **out)
{
	size_t i = p->next_out;

	*out = NULL;
	if (i >= p->nitems)
		return 0;
	if (!p->threaded) {
		int rc = prepare_one(p, &p->items[i], out);

		p->next_out += rc == 0;
		return rc;
	}
	pthread_mutex_lock(&p->lock);
	while (p->next_in <= i && !p->failed) {
		p->caller_waits = 1;
		pthread_cond_wait(&p->changed, &p->lock);
		p->caller_waits = 0;
	}
	if (p->next_in <= i) {
		int rc = kb_error_set(p->failed, "%s", p->message);

		pthread_mutex_unlock(&p->lock);
		return rc;
	}
	*out = p->queue[i % QUEUE_SIZE];
	p->queue[i % QUEUE_SIZE] = NULL;
	p->next_out++;
	if (p->worker_waits)
		pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void
prepared_free(struct prepared *r)
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
	free(r->text);
	free(r);
}

void
prepare_take_counts(struct prepare *p, struct vocab_delta *into)
{
	vocab_delta_merge(into, &p->counts);
}

void
prepare_finish(struct prepare *p)
{
	size_t i;

	if (p == NULL)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->lock);
		p->stop = 1;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
		pthread_join(p->thread, NULL);
	}
	for (i = 0; i < QUEUE_SIZE; i++)
		prepared_free(p->queue[i]);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->changed);
	vocab_delta_clear(&p->counts);
	fts_tokenizer_close(p->tok);
	db_close(p->scratch);
	kb_store__close(p->store);
	free(p);
}
