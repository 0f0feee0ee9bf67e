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
	KB_PRESENT_STANDING = 1 << 5,	/* a line when it is not in use
					 * today (not yet, expired, replaced) */
	KB_PRESENT_STAFF = 1 << 6	/* its staff-only notes, labelled
					 * (for staff: kb show --staff) */
};

/* Columns of the short version in references and on screen. */
#define KB_SHORT_VERSION 12

/* Columns of an answer printed or saved for a walk-in customer. */
#define KB_PRINT_WIDTH 72

/*
 * The answer for `channel` (KB_CHANNEL_NONE: every section), wrapped at
 * `width` columns (0: not wrapped), titled and with what `flags` ask for.
 * Staff-only notes only with KB_PRESENT_STAFF.  Never a control
 * character but newlines.  Caller frees *out.
 */
int kb_answer_present(char **out, struct kb *kb, const struct kb_answer *a,
    enum kb_channel channel, unsigned width, unsigned flags);

/*
 * The answer as a customer receives it on `channel`: what the screen's
 * y copies (KB_CHANNEL_EMAIL, width 0: the mail program wraps it) and
 * p and s print and save (KB_CHANNEL_WALKIN, width KB_PRINT_WIDTH).
 *
 * - Email: the answer's Email section alone when it has one (written
 *   as the message, greeting to signature), else its common text; no
 *   title.  Other channels: the title, the service standard, then the
 *   common text and the channel's section, without its heading.
 * - The lines as the answer's author broke them (a greeting, each line
 *   of a signature), wrapped only where longer than `width`.
 * - Each link's address written once (KB_RENDER_LINKS_ONCE).
 * - No staff-only note, ever.
 * - The active notices for it first, and the reference line last
 *   (kb_answer_reference()).
 *
 * Whether it may go to a customer at all is kb_answer_customer_warning()'s
 * question: ask it first.  Caller frees *out.
 */
int kb_answer_for_customer(char **out, struct kb *kb,
    const struct kb_answer *a, enum kb_channel channel, unsigned width);

/*
 * Before an answer is copied, printed or saved for a customer: a
 * warning to show the agent (and have them confirm) when the answer is
 * not written for customers (`audience:` other than public, such as
 * internal), else NULL.  Caller frees.
 */
char *kb_answer_customer_warning(const struct kb_answer *a);

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
