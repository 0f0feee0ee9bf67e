/* The stack of views: the one on top is on the screen and gets the keys. */
#include <stdlib.h>

#include "view.h"
#include "xmalloc.h"

void
view_push(struct tui *t, const struct view_ops *ops, void *state)
{
	struct view *v;
	int i;

	/* Views open from each other only a few deep; a full stack drops
	 * the oldest above the first, which keeps its place. */
	if (t->views.n == TUI_VIEWS_MAX) {
		v = t->views.v[1];
		v->ops->done(v);
		free(v);
		for (i = 1; i < t->views.n - 1; i++)
			t->views.v[i] = t->views.v[i + 1];
		t->views.n--;
	}
	v = xcalloc(1, sizeof(*v));
	v->ops = ops;
	v->state = state;
	t->views.v[t->views.n++] = v;
}

void
view_pop(struct tui *t)
{
	struct view *v;

	if (t->views.n <= 1)
		return;
	v = t->views.v[--t->views.n];
	v->ops->done(v);
	free(v);
}

void
view_pop_to_first(struct tui *t)
{
	while (t->views.n > 1)
		view_pop(t);
}

struct view *
view_top(const struct tui *t)
{
	return t->views.n ? t->views.v[t->views.n - 1] : NULL;
}

void
view_free_all(struct tui *t)
{
	while (t->views.n > 0) {
		struct view *v = t->views.v[--t->views.n];

		v->ops->done(v);
		free(v);
	}
}

void
view_reload_all(struct tui *t)
{
	struct view *v;
	int i;

	for (i = t->views.n - 1; i >= 0; i--) {
		v = t->views.v[i];
		if (v->ops->reload && v->ops->reload(t, v) < 0 &&
		    i == t->views.n - 1)
			view_pop(t);
	}
}
