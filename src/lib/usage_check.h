/*
 * Checking an event that came from outside: a line of another office's
 * usage ref, read at the centre.  Whoever can push a ref can write any
 * bytes into it, so every field is held to the form kb itself writes
 * (kbsync(1), USAGE EVENTS) before it may enter offices.db.
 */
#ifndef KB_USAGE_CHECK_H
#define KB_USAGE_CHECK_H

#include <stddef.h>

#include "json.h"

/* A longer line is skipped unread: kb writes lines of a few hundred. */
#define USAGE_CHECK_LINE_MAX 8192
#define USAGE_CHECK_UID_MAX 64
#define USAGE_CHECK_NAME_MAX 200	/* agent, office */
#define USAGE_CHECK_TEXT_MAX 1000	/* query, reason */
/* A day file larger than this is skipped unread: a busy office writes a
 * few MiB a day, and the centre must not read a hostile gigabyte. */
#define USAGE_CHECK_DAY_MAX (64u * 1024 * 1024)
#define USAGE_CHECK_DAY_MAX_TEXT "64 MiB"

/*
 * NULL when the fields of a line (in kb_usage_ref__fields order) are an
 * event kb could have written, else what is wrong with them, as a
 * phrase that quotes none of the data.
 */
const char *kb_usage_check__event(const struct json_field *f);

/*
 * 1 when the office name `name` (as kb.office gives it, e.g. "North
 * Side") is the one whose usage ref is named `office` ("north-side"): an
 * event's own office field is shown only when it names its ref's office.
 */
int kb_usage_check__names_office(const char *name, const char *office);

#endif
