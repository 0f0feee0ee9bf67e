/*
 * A diff that hides nothing: which words changed in a changed line, and
 * a unified diff's lines in rows of a screen's width, for every front end
 * that shows a proposal (kb review's diff, kb diff on a terminal).
 *
 * A change (removed lines followed by added lines) pairs each removed
 * line with the added line most like it, by the words they share, not by
 * position: the old "tags:" line is compared with the new "tags:" line
 * wherever each one is.  A line nothing resembles stays unpaired: it is
 * a whole removal or addition.  In a pair, the words that differ (by a
 * longest common subsequence of words) are the marks.
 *
 * The work is bounded whatever the input: a side of a change longer than
 * KB_WORDDIFF_MAX_LINES is not paired, a line of more than
 * KB_WORDDIFF_MAX_WORDS words (or a pair too costly to compare word by
 * word) is marked from its first to its last difference, a change and a
 * whole diff each have a fixed budget of comparisons (what is left
 * unpaired when it is spent has no marks), and a diff gets at most
 * KB_DIFF_MARKS_MAX marks.
 */
#ifndef KB_WORDDIFF_H
#define KB_WORDDIFF_H

#include <stddef.h>

#include "render.h"

#define KB_WORDDIFF_MAX_LINES 1000
#define KB_WORDDIFF_MAX_WORDS 20000
#define KB_DIFF_MARKS_MAX (1u << 20)

/* --- a unified diff's lines ----------------------------------------------- */

enum kb_diff_kind {
	KB_DIFF_FILE,		/* "diff --git", "index", "---", "+++", and
				 * any other line outside a hunk */
	KB_DIFF_HUNK,		/* "@@ -1,3 +1,4 @@" */
	KB_DIFF_CONTEXT,	/* " unchanged" */
	KB_DIFF_REMOVED,	/* "-old" */
	KB_DIFF_ADDED,		/* "+new" */
	KB_DIFF_NOTE		/* "\ No newline at end of file" */
};

/*
 * What line s[0..len) (without its newline) of a unified diff is.  The
 * state between lines is *in_hunk, 0 before the first line: in a hunk a
 * line "--- x" is a removed line, elsewhere a file's header.
 */
enum kb_diff_kind kb_diff_kind(const char *s, size_t len, int *in_hunk);

/* --- the words that changed ----------------------------------------------- */

struct kb_wordline {
	const char *text;	/* in: the line, without its '-' or '+' */
	size_t len;
	long pair;		/* out: the line of the other side it is
				 * paired with, or -1 */
	struct kb_span *marks;	/* out: the words that differ from its pair
				 * (KB_STYLE_MARK, offsets in text), sorted;
				 * none when unpaired */
	size_t nmarks;
};

/*
 * Pair the removed lines of a change with its added lines and mark the
 * words that changed in each pair.  Never fails (out of memory aborts).
 * Free the marks with kb_wordlines_clear() on both sides.
 */
void kb_worddiff(struct kb_wordline *removed, size_t nremoved,
    struct kb_wordline *added, size_t nadded);
void kb_wordlines_clear(struct kb_wordline *v, size_t n);

/* A changed word in a diff: bytes [start, start + len) of line `line`
 * (0-based; the offsets count the line's '-' or '+'). */
struct kb_diff_mark {
	size_t line, start, len;
};

struct kb_diff_marks {
	struct kb_diff_mark *v;	/* sorted by line, then start */
	size_t n;
};

/*
 * Every change of the unified diff diff[0..len) through kb_worddiff():
 * the marks of all its lines.  Free with kb_diff_marks_clear().
 */
void kb_diff_marks(struct kb_diff_marks *out, const char *diff, size_t len);
void kb_diff_marks_clear(struct kb_diff_marks *m);

/* --- rows of a screen's width --------------------------------------------- */

/*
 * The diff as a terminal shows it: made safe by the one rule for text
 * (kb/text.h; its newlines kept) and each tab spaces to the next multiple
 * of 8 columns of its line, so that a column on the screen is a column
 * here.  Caller frees.
 */
char *kb_diff_for_screen(const char *diff, size_t len);

/*
 * Where the row that starts s[0..len) ends when rows are `cols` columns
 * wide: the bytes of the characters that fit (one at least, however wide)
 * and, when a blank is in the row's second half, after the last one, so
 * that a word is not cut.  Every byte is in some row.
 */
size_t kb_diff_row_end(const char *s, size_t len, size_t cols);

#endif
