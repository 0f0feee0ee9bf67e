/*
 * The spelling of answer ids, language tags and dates (valid.c): the
 * public rules of kb/answer.h, and the one the core shares.
 */
#ifndef KB_VALID_H
#define KB_VALID_H

#include "kb/answer.h"

/*
 * 1 and the answer's id in `id` when `path` is an answer's file
 * (answers/.../<id>.md, the id valid), else 0.
 */
int kb_valid__path_id(char id[KB_ID_MAX + 1], const char *path);

#endif
