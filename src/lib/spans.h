/*
 * Style spans as front ends want them: sorted, not overlapping, adjacent
 * runs of the same style merged.  kb_render collects spans as md4c closes
 * them (inner before outer, nested or overlapping); this turns them into
 * runs whose style is every style in force over their bytes.
 */
#ifndef KB_SPANS_H
#define KB_SPANS_H

#include <stddef.h>

#include "kb/render.h"

/*
 * The runs of spans[0..n) into *runs (NULL when there are none; caller
 * frees) and their number, at most `max`: the runs past it are dropped,
 * their text shows unstyled.  Time O(n log n), memory O(n).
 */
size_t kb_spans__to_runs(struct kb_span **runs, const struct kb_span *spans,
    size_t n, size_t max);

#endif
