/*
 * A frame: the view on top laid out (which loads what it shows), then
 * drawn, then the status line: a question, a message, or who and where
 * the agent is, how far the text goes on, and the keys that matter here
 * (from the key table, as many as fit).
 */
#include <stdio.h>
#include <string.h>

#include <kb/sync.h>

#include "draw.h"
#include "view.h"

static void
identity(const struct tui *t, char *out, size_t size)
{
	const struct tui_settings *s = &t->set;

	snprintf(out, size, "%s@%.7s | %s | %s%s%s%s%s%s", s->kb_name,
	    s->head[0] ? s->head : "empty", s->channel == KB_CHANNEL_NONE ?
	    "All channels" : kb_channel_heading(s->channel), s->lang[0] ?
	    "lang " : "", s->lang, s->lang[0] ? " | " : "", t->opt.agent,
	    t->opt.office ? "@" : "", t->opt.office ? t->opt.office : "");
}

/*
 * An office KB: when it last synced, so that an agent knows whether the
 * answers may be out of date; in capitals and in the error style when
 * older than kb.syncWarnHours (never in colour alone).
 */
static int
sync_label(const struct tui *t, char *out, size_t size)
{
	char age[64];

	out[0] = '\0';
	if (!t->set.sync.office)
		return 0;
	if (t->set.sync.last == 0) {
		snprintf(out, size, " NEVER SYNCED ");
		return 1;
	}
	kb_sync_age_text(age, sizeof(age), t->set.sync.age);
	if (t->set.sync.stale) {
		snprintf(out, size, " LAST SYNC %s ", age);
		return 1;
	}
	snprintf(out, size, "synced %s | ", age);
	return 0;
}

static void
status(const struct tui *t, struct view *v, int y, int cols)
{
	struct tui_pager *pager = v->ops->pager ? v->ops->pager(v) : NULL;
	char who[400], sync[96], position[64] = "", hints[256];
	struct draw_status s;
	int used;

	identity(t, who, sizeof(who));
	memset(&s, 0, sizeof(s));
	s.message = tui_message_current(&t->message, time(NULL));
	s.message_error = t->message.error;
	s.identity = who;
	s.sync_stale = sync_label(t, sync, sizeof(sync));
	s.sync = sync;
	if (pager)
		tui_scroll_position(&pager->scroll, position,
		    sizeof(position));
	s.position = position;
	s.hints = "";
	used = draw_status_width(&s);
	if (used < cols) {
		keymap_hints(v->ops->place(t, v), (size_t)(cols - used), hints,
		    sizeof(hints));
		s.hints = hints;
	}
	draw_status(y, cols, &s);
}

void
frame_draw(struct tui *t)
{
	struct view *v = view_top(t);
	int rows, cols, cy, cx;

	draw_size(&rows, &cols);
	if (rows < TUI_MIN_ROWS || cols < TUI_MIN_COLS) {
		draw_begin();
		draw_too_small(rows, cols, TUI_MIN_ROWS, TUI_MIN_COLS);
		draw_end(0, 0);
		return;
	}
	v->ops->layout(t, v, rows - 1, cols);
	draw_begin();
	v->ops->draw(t, v);
	cy = v->cursor_y;
	cx = v->cursor_x;
	if (t->prompt.kind != PROMPT_NONE) {
		cy = rows - 1;
		cx = draw_prompt(cy, cols, t->prompt.question, t->prompt.kind ==
		    PROMPT_TEXT ? &t->prompt.line : NULL);
	} else {
		status(t, v, rows - 1, cols);
	}
	draw_end(cy, cx);
}
