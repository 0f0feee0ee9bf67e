/*
 * A long text (a pasted email) searched by what it is about.  Greetings,
 * thanks and signatures are stop words or words the KB does not have;
 * of the rest, the FOCUS_TERMS most telling words (the rarest in the KB)
 * make the search, each once, so that a 300-word email costs what a
 * twelve-word question costs.
 */
#ifndef KB_FOCUS_H
#define KB_FOCUS_H

#include "query.h"

struct kb;

#define FOCUS_TERMS 12

/* Leave only the FOCUS_TERMS most telling terms of a long query active. */
int kb_focus__query(struct kb *kb, struct query *q);

#endif
