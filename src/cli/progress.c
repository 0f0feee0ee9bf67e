/* Transfer progress on a terminal (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
progress_init(struct progress *p, const char *prog, int quiet)
{
	p->prog = prog;
	p->on = !quiet && isatty(STDERR_FILENO);
	p->drawn = 0;
	p->last_ms = 0;
}

static void
size_text(size_t bytes, char *out, size_t n)
{
	if (bytes >= 1024 * 1024)
		snprintf(out, n, "%.1f MiB", (double)bytes / (1024 * 1024));
	else
		snprintf(out, n, "%.1f KiB", (double)bytes / 1024);
}

void
progress_show(const struct kb_transfer *t, void *payload)
{
	struct progress *p = payload;
	long long now;
	char size[32];
	unsigned done = t->objects_done, total = t->objects_total;
	const char *what = t->pushing ? "Sending objects" :
	    "Receiving objects";

	if (!p->on || total == 0)
		return;
	/* Redraw ten times a second, and always at the end of a stage. */
	now = now_ms();
	if (now - p->last_ms < 100 && done < total &&
	    !(t->deltas_total && t->deltas_done == t->deltas_total))
		return;
	p->last_ms = now;
	if (!t->pushing && done == total && t->deltas_total > 0) {
		what = "Resolving deltas";
		done = t->deltas_done;
		total = t->deltas_total;
	}
	size_text(t->bytes, size, sizeof(size));
	fprintf(stderr, "\r%s: %s: %3u%% (%u/%u), %s  ", p->prog, what,
	    (unsigned)(100ULL * done / total), done, total, size);
	p->drawn = 1;
}

void
progress_done(struct progress *p)
{
	if (p->drawn)
		fputc('\n', stderr);
	p->drawn = 0;
}
