/*
 * An answer as plain text, the same wherever it goes: `kb show` prints
 * it, the TUI copies it into an email or prints it for a walk-in
 * customer.  Text handed to a customer ends with a reference line (answer
 * id, short version, date) so that what they received can be traced.
 */
#ifndef KB_PRESENT_H
#define KB_PRESENT_H

#include "kb.h"
#include "render.h"

enum kb_present_flags {
	KB_PRESENT_META = 1 << 0,	/* tags, standard, review date,
					 * language, audience, channel, version */
	KB_PRESENT_STANDARD = 1 << 1,	/* only the service standard */
	KB_PRESENT_RELATED = 1 << 2,	/* the related answers' titles */
	KB_PRESENT_REFERENCE = 1 << 3,	/* the closing reference line */
	KB_PRESENT_NOTICES = 1 << 4,	/* the active notices for it, first */
	KB_PRESENT_STANDING = 1 << 5	/* a line when it is not in use
					 * today (not yet, expired, replaced) */
};

/* Columns of the short version in references and on screen. */
#define KB_SHORT_VERSION 12

/*
 * The answer for `channel` (KB_CHANNEL_NONE: every section), wrapped at
 * `width` columns (0: not wrapped), titled and with what `flags` ask for.
 * Never a control character but newlines.  Caller frees *out.
 */
int kb_answer_present(char **out, struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel, unsigned width, unsigned flags);

/*
 * "Reference: kb answer ID, version 0123456789ab, 2026-11-22" (the date
 * is today, see kb_today()).  Caller frees.
 */
char *kb_answer_reference(const struct kb_answer *a);

/*
 * A notice as text, the same wherever it is shown: "CRITICAL: title
 * (from ... to ...)" and its body indented by two, wrapped at `width`
 * (0: not wrapped).  Caller frees.
 */
struct kb_notice;
int kb_notice_present(char **out, const struct kb_notice *n, unsigned width);

/* "CRITICAL", "WARNING" or "NOTICE": how a severity is labelled. */
const char *kb_notice_label(const struct kb_notice *n);

/* A line telling an agent an answer is not in use today, or NULL. */
struct kb_standing;
char *kb_standing_text(const struct kb_standing *s);

/* 1 when the answer's review-by date has passed. */
int kb_answer_overdue(const struct kb_answer *a);

#endif
