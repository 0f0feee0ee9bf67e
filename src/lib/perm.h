/*
 * Modes of what kb makes beside the repository (the state folder, the
 * index, the usage log, lock files), so that a KB shared by a group on
 * one host stays usable by every member.
 *
 * New files and folders follow the umask, as git's own do, and
 * core.sharedRepository on top of it; a file that replaces another keeps
 * the mode and group of the one it replaces.
 */
#ifndef KB_PERM_H
#define KB_PERM_H

#include <stddef.h>
#include <sys/types.h>

/*
 * core.sharedRepository as git reads it: 0 (umask, false, unset or not
 * understood), 0660 (group, true), 0664 (all, world, everybody), or the
 * negated mode an octal value gives (-0640 for "0640").
 */
int kb_perm__shared_parse(const char *value);

/* The mode git gives a new file or folder of `mode` under `shared`. */
mode_t kb_perm__shared_mode(mode_t mode, int shared, int is_dir);

/*
 * Make a folder unless it exists, with the umask's mode and `shared` on
 * top (and set-group-id, as git does, when shared).
 */
int kb_perm__mkdir(const char *dir, int shared);

/*
 * Create `path` empty unless it exists (0 either way).  It takes the mode
 * and group of `like` when that file exists, else the umask's mode and
 * `shared` on top.
 */
int kb_perm__create(const char *path, int shared, const char *like);

/* The same for a file just opened as `fd`, created by the caller. */
void kb_perm__apply(int fd, int shared, const char *like);

/*
 * "owned by alice, group staff, mode 0644; you are bob": what an IT
 * person needs to see about a file kb could not use.  A missing file is
 * described by its folder.
 */
void kb_perm__describe(char *out, size_t size, const char *path);

/*
 * 1 when `path` belongs to another user than the one running kb; then
 * `owner` and `me` hold their names.
 */
int kb_perm__not_mine(char *owner, char *me, size_t size, const char *path);

/*
 * Record a failed system call on `path` (errno `err`): the disk is full,
 * permission denied (with kb_perm__describe()), or the system's message.
 * Returns KB_EFULL or KB_ERROR.
 */
int kb_perm__fail(const char *path, const char *what, int err);

/* 1 when `err` says the disk (or the user's quota) is full. */
int kb_perm__is_full(int err);

#endif
