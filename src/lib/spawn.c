/*
 * A helper program run with a pipe each way (spawn.h).  Its input and
 * output may hold a password: both are written and read here only, and
 * the output is wiped when freed.
 */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xmalloc.h"

extern char **environ;

/* 1 when `entry` ("NAME=VALUE") is for the variable `change` names. */
static int
same_name(const char *entry, const char *change)
{
	size_t n = strcspn(change, "=");

	return strncmp(entry, change, n) == 0 && entry[n] == '=';
}

/* The environment with sp->env applied: built before fork. */
static char **
child_env(const char *const *changes)
{
	size_t n = 0, m = 0, i, j, k = 0;
	char **env;

	while (environ[n])
		n++;
	while (changes && changes[m])
		m++;
	env = xcalloc(n + m + 1, sizeof(*env));
	for (i = 0; i < n; i++) {
		for (j = 0; j < m && !same_name(environ[i], changes[j]); j++)
			;
		if (j == m)
			env[k++] = environ[i];
	}
	for (j = 0; j < m; j++)
		if (strchr(changes[j], '='))
			env[k++] = (char *)changes[j];
	return env;
}

/* In the child: only calls that are safe after fork. */
static void
child(const struct spawn *sp, int in, int out, char **env)
{
	int null = open("/dev/null", O_WRONLY);

	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    (null >= 0 && dup2(null, 2) < 0))
		_exit(127);
	if (sp->dir && chdir(sp->dir) < 0)
		_exit(127);
	environ = env;
	execvp(sp->argv[0], (char *const *)sp->argv);
	_exit(127);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct pump {
	const char *in;
	size_t in_left;
	char *out;		/* max + 1 bytes: never moved, so a secret
				   read is in one place to wipe */
	size_t len, max;
	int too_much;
};

/* Feed the input and read the output until both ends close. */
static int
pump(struct pump *p, int wfd, int rfd, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	char buf[4096];

	while (rfd >= 0) {
		struct pollfd fds[2] = { { rfd, POLLIN, 0 }, { wfd, POLLOUT, 0 } };
		long long left = deadline - now_ms();
		ssize_t n;

		if (left <= 0)
			return -1;
		if (poll(fds, wfd >= 0 ? 2 : 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (wfd >= 0 && fds[1].revents) {
			n = p->in_left ? write(wfd, p->in, p->in_left) : 0;
			if (n > 0) {
				p->in += n;
				p->in_left -= (size_t)n;
			}
			if (n <= 0 || p->in_left == 0) {
				close(wfd);
				wfd = -1;
			}
		}
		if (fds[0].revents == 0)
			continue;
		if ((n = read(rfd, buf, sizeof(buf))) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			rfd = -1;
		} else if (p->len + (size_t)n > p->max) {
			p->too_much = 1;
			rfd = -1;
		} else {
			memcpy(p->out + p->len, buf, (size_t)n);
			p->len += (size_t)n;
		}
	}
	if (wfd >= 0)
		close(wfd);
	return p->too_much ? -1 : 0;
}

static int
wait_for(pid_t pid, int killed)
{
	int st;

	if (killed)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (killed || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/*
 * A helper that exits before reading its input must not kill us with
 * SIGPIPE: the signal is blocked while we write, and taken back after.
 */
static void
sigpipe_block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void
sigpipe_restore(const sigset_t *old)
{
	sigset_t set;
	struct timespec zero = { 0, 0 };

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	while (sigtimedwait(&set, NULL, &zero) > 0)
		;
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Two pipes, closed in this process on exec (not the child's ends:
 * dup2 clears the flag on the copies it makes). */
static int
pipes(int in[2], int out[2])
{
	if (pipe(in) < 0)
		return -1;
	if (pipe(out) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	fcntl(in[0], F_SETFD, FD_CLOEXEC);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(out[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

int
kb_spawn__run(char **out, size_t *len, int *status, const struct spawn *sp)
{
	struct pump p = { sp->input ? sp->input : "", 0, NULL, 0,
	    sp->max_output, 0 };
	int in[2], outp[2], failed;
	char **env;
	sigset_t old;
	pid_t pid;

	p.in_left = strlen(p.in);
	*status = -1;
	*len = 0;
	*out = xcalloc(1, 1);
	if (pipes(in, outp) < 0)
		return -1;
	env = child_env(sp->env);
	if ((pid = fork()) == 0)
		child(sp, in[0], outp[1], env);
	free(env);
	close(in[0]);
	close(outp[1]);
	if (pid < 0) {
		close(in[1]);
		close(outp[0]);
		return -1;
	}
	free(*out);
	p.out = xmalloc(p.max + 1);
	sigpipe_block(&old);
	failed = pump(&p, in[1], outp[0], sp->timeout_ms) < 0;
	sigpipe_restore(&old);
	close(outp[0]);
	*status = wait_for(pid, failed);
	*out = p.out;
	(*out)[p.len] = '\0';
	*len = p.len;
	return 0;
}

void
kb_spawn__free_output(char *out, size_t len)
{
	if (out == NULL)
		return;
	explicit_bzero(out, len);
	free(out);
}
