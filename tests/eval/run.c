/*
 * Run a program as score.sh does (stdin closed) and keep what it prints:
 * stdout up to CAPTURE_MAX bytes, the start of stderr for the message.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "eval.h"

#define CAPTURE_MAX (1 << 20)

static void
child(char *const argv[], int out[2], int err[2])
{
	int fds[4] = { out[0], out[1], err[0], err[1] }, i;

	if (dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
		_exit(127);
	for (i = 0; i < 4; i++)
		if (fds[i] > 2)
			close(fds[i]);
	close(0);
	execvp(argv[0], argv);
	fprintf(stderr, "eval: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Read what is ready on fd into the capture; 0 at end of file. */
static ssize_t
drain(int fd, struct capture *c, int is_err, size_t *nerr)
{
	char buf[8192];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n <= 0)
		return n < 0 && errno == EINTR ? 1 : n;
	if (is_err) {
		size_t room = sizeof(c->err) - 1 - *nerr;
		size_t take = (size_t)n < room ? (size_t)n : room;

		memcpy(c->err + *nerr, buf, take);
		*nerr += take;
		c->err[*nerr] = '\0';
	} else if (c->nout < CAPTURE_MAX) {
		size_t take = (size_t)n;

		if (take > CAPTURE_MAX - c->nout)
			take = CAPTURE_MAX - c->nout;
		memcpy(c->out + c->nout, buf, take);
		c->nout += take;
		c->out[c->nout] = '\0';
	}
	return n;
}

/* Both pipes read to their end, so that the child never blocks on one. */
static void
collect(int out_fd, int err_fd, struct capture *c)
{
	struct pollfd p[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	size_t nerr = 0;
	int open_fds = 2, i;

	while (open_fds > 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (p[i].fd < 0 || p[i].revents == 0)
				continue;
			if (drain(p[i].fd, c, i == 1, &nerr) <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (i = 0; i < 2; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
}

/*
 * The program's exit status (128 + N when signal N ended it), or -1 when
 * it could not be started.
 */
int
run_capture(char *const argv[], struct capture *c)
{
	int out[2], err[2], status;
	pid_t pid;

	memset(c, 0, sizeof(*c));
	if ((c->out = malloc(CAPTURE_MAX + 1)) == NULL) {
		fprintf(stderr, "eval: out of memory\n");
		exit(1);
	}
	c->out[0] = '\0';
	if (pipe(out) < 0)
		return -1;
	if (pipe(err) < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	if ((pid = fork()) == 0)
		child(argv, out, err);
	close(out[1]);
	close(err[1]);
	if (pid < 0) {
		close(out[0]);
		close(err[0]);
		return -1;
	}
	collect(out[0], err[0], c);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

void
capture_free(struct capture *c)
{
	free(c->out);
	c->out = NULL;
}
