/* Modes of the files kb makes beside the repository (perm.h). */
#include "perm.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kb/error.h"
#include "xmalloc.h"

#define PERM_GROUP 0660
#define PERM_EVERYBODY 0664

int
kb_perm__shared_parse(const char *value)
{
	static const struct {
		const char *name;
		int shared;
	} names[] = {
		{ "umask", 0 }, { "false", 0 }, { "no", 0 }, { "off", 0 },
		{ "group", PERM_GROUP }, { "true", PERM_GROUP },
		{ "yes", PERM_GROUP }, { "on", PERM_GROUP },
		{ "all", PERM_EVERYBODY }, { "world", PERM_EVERYBODY },
		{ "everybody", PERM_EVERYBODY },
	};
	char *end;
	size_t i;
	long mode;

	if (value == NULL || *value == '\0')
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(value, names[i].name) == 0)
			return names[i].shared;
	errno = 0;
	mode = strtol(value, &end, 8);
	if (errno || *end != '\0' || mode < 0 || mode > 0777)
		return 0;
	if (mode == 1)
		return PERM_GROUP;
	if (mode == 2)
		return PERM_EVERYBODY;
	/* Git refuses a mode its owner cannot read and write: so do we. */
	if ((mode & 0600) != 0600)
		return 0;
	return -(int)(mode & 0666);
}

mode_t
kb_perm__shared_mode(mode_t mode, int shared, int is_dir)
{
	mode_t tweak = (mode_t)(shared < 0 ? -shared : shared);

	if (shared == 0)
		return mode;
	if (!(mode & S_IWUSR))
		tweak &= ~(mode_t)0222;
	if (is_dir || (mode & S_IXUSR))
		tweak |= (tweak & 0444) >> 2;	/* search where read */
	mode = shared < 0 ? (mode & ~(mode_t)0777) | tweak : mode | tweak;
	return is_dir ? mode | S_ISGID : mode;
}

int
kb_perm__mkdir(const char *dir, int shared)
{
	struct stat st;
	mode_t want;

	if (mkdir(dir, 0777) < 0) {
		if (errno == EEXIST)
			return 0;
		return kb_perm__fail(dir, "making the folder", errno);
	}
	/* The umask has had its say; the shared bits come on top. */
	if (shared == 0 || stat(dir, &st) < 0)
		return 0;
	want = kb_perm__shared_mode(st.st_mode & 07777, shared, 1);
	if (want != (st.st_mode & 07777))
		chmod(dir, want);
	return 0;
}

void
kb_perm__apply(int fd, int shared, const char *like)
{
	struct stat st, old;

	if (fstat(fd, &st) < 0)
		return;
	if (like && stat(like, &old) == 0) {
		/* Keep what the replaced file had: its group may have been
		 * chosen by hand (chgrp), its mode too (chmod). */
		if (old.st_gid != st.st_gid)
			(void)fchown(fd, (uid_t)-1, old.st_gid);
		fchmod(fd, old.st_mode & 07777);
		return;
	}
	if (shared)
		fchmod(fd, kb_perm__shared_mode(st.st_mode & 07777, shared, 0));
}

int
kb_perm__create(const char *path, int shared, const char *like)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);

	if (fd < 0)
		return errno == EEXIST ? 0 :
		    kb_perm__fail(path, "creating", errno);
	kb_perm__apply(fd, shared, like);
	close(fd);
	return 0;
}

static void
user_name(uid_t uid, char *out, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw && pw->pw_name)
		snprintf(out, size, "%s", pw->pw_name);
	else
		snprintf(out, size, "uid %lu", (unsigned long)uid);
}

static void
group_name(gid_t gid, char *out, size_t size)
{
	struct group *gr = getgrgid(gid);

	if (gr && gr->gr_name)
		snprintf(out, size, "%s", gr->gr_name);
	else
		snprintf(out, size, "gid %lu", (unsigned long)gid);
}

static int
in_group(gid_t gid)
{
	gid_t groups[NGROUPS_MAX];
	int i, n;

	if (getegid() == gid)
		return 1;
	n = getgroups(NGROUPS_MAX, groups);
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return 1;
	return 0;
}

void
kb_perm__describe(char *out, size_t size, const char *path)
{
	char owner[64], group[64], me[64], *dir = NULL, *slash;
	const char *what = path;
	struct stat st;

	if (stat(path, &st) < 0) {
		dir = xstrdup(path);
		slash = strrchr(dir, '/');
		if (slash && slash != dir)
			*slash = '\0';
		what = dir;
		if (stat(dir, &st) < 0) {
			snprintf(out, size, "%s", strerror(errno));
			free(dir);
			return;
		}
	}
	user_name(st.st_uid, owner, sizeof(owner));
	group_name(st.st_gid, group, sizeof(group));
	user_name(geteuid(), me, sizeof(me));
	snprintf(out, size, "%s%s%sowned by %s, group %s, mode %04o; you are "
	    "%s, %s group %s", dir ? "its folder " : "", dir ? what : "",
	    dir ? " is " : "", owner, group, (unsigned)(st.st_mode & 07777),
	    me, in_group(st.st_gid) ? "in" : "not in", group);
	free(dir);
}

int
kb_perm__not_mine(char *owner, char *me, size_t size, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || st.st_uid == geteuid())
		return 0;
	user_name(st.st_uid, owner, size);
	user_name(geteuid(), me, size);
	return 1;
}

int
kb_perm__is_full(int err)
{
	return err == ENOSPC || err == EDQUOT;
}

int
kb_perm__fail(const char *path, const char *what, int err)
{
	char who[400];

	if (kb_perm__is_full(err))
		return kb_error_set(KB_EFULL, "the disk is full (%s): free "
		    "space", path);
	if (err == EACCES || err == EPERM) {
		kb_perm__describe(who, sizeof(who), path);
		return kb_error_set(KB_ERROR, "%s: %s: permission denied (%s): "
		    "its owner can make it group-writable (chmod g+w); see "
		    "README 'Several users on one KB'", path, what, who);
	}
	return kb_error_set(KB_ERROR, "%s: %s: %s", path, what, strerror(err));
}
