/*
 * kb init that failed part-way must not block the next one: what it made
 * is removed when it fails, and what a killed one left (a repository with
 * no commit, holding only the beginnings of the sample's files) is
 * recognised and started again.
 */
#ifndef KB_CLI_INIT_UNDO_H
#define KB_CLI_INIT_UNDO_H

/* What was at DIR before kb init: what a failed init may remove. */
enum init_before { INIT_NOTHING, INIT_EMPTY, INIT_SOMETHING };

enum init_before init_look_before(const char *dir);

/*
 * After a failed kb init: remove what it made in DIR, given what was
 * there before; a folder that was there empty stays (its group and
 * set-group-id bit may be the point of it).  1 when something was
 * removed and DIR is as it was, 0 when there was nothing to remove, -1
 * when some of it could not be removed.
 */
int init_undo(const char *dir, enum init_before before);

/*
 * 1 when DIR is what a kb init from SAMPLE that was killed leaves: a git
 * repository with no branch yet, and beside it nothing but files that
 * are the sample's or the beginning of one.  Nothing there is anyone's
 * work, so it may be emptied (init_undo(dir, INIT_EMPTY)) and made again.
 */
int init_half_made(const char *dir, const char *sample);

#endif
