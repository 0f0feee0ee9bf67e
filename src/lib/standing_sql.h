/* The standing of answers as SQL, for queries over the index's answer
 * table (standing.c). */
#ifndef KB_STANDING_SQL_H
#define KB_STANDING_SQL_H

/*
 * A condition true when the answer row `alias` is in use on the date
 * bound to parameter ?today_param (effective, not expired, not
 * replaced).  Caller frees.
 */
char *kb_standing_sql__in_use(const char *alias, int today_param);

#endif
