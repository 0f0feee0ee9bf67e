/*
 * util's allocation: out of memory runs the hook (the screen gives the
 * terminal back) once, then says so on stderr and aborts.  The failure is
 * made by an array size that overflows, so no allocator is involved and
 * the test means the same under ASan and valgrind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "xmalloc.h"

static int hook_fd = -1;

static void
hook_writes(void)
{
	if (write(hook_fd, "hook\n", 5) != 5)
		_exit(3);
}

/* Run fn in a child with stderr (and the hook's output) into one pipe;
 * return what it wrote and its wait status. */
static char *
run_child(void (*fn)(void), int *status)
{
	static char out[512];
	int fds[2];
	pid_t pid;
	size_t len = 0;
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 2);
		hook_fd = fds[1];
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (len < sizeof(out) - 1 &&
	    (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
	return out;
}

static void
overflow_with_hook(void)
{
	xalloc_set_oom_hook(hook_writes);
	(void)xreallocarray(NULL, SIZE_MAX / 2, 4);
}

static void
overflow_without_hook(void)
{
	(void)xreallocarray(NULL, SIZE_MAX / 2, 4);
}

static void
xmalloc__oom_runs_hook_then_message_then_abort(void **state)
{
	int status;
	const char *out = run_child(overflow_with_hook, &status);

	(void)state;
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	/* The hook first: the terminal is back before the message. */
	assert_non_null(strstr(out, "hook\nkb: out of memory"));
	assert_null(strstr(strstr(out, "hook\n") + 5, "hook\n"));
}

static void
xmalloc__oom_without_hook_still_says_so(void **state)
{
	int status;
	const char *out = run_child(overflow_without_hook, &status);

	(void)state;
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(out, "kb: out of memory"));
	assert_null(strstr(out, "hook"));
}

static void
xmalloc__strdup_and_asprintf(void **state)
{
	char *a = xstrdup("caller's words"), *b = xstrndup("abcdef", 3);
	char *c = xasprintf("%s/%d", "x", 42);

	(void)state;
	assert_string_equal(a, "caller's words");
	assert_string_equal(b, "abc");
	assert_string_equal(c, "x/42");
	free(a);
	free(b);
	free(c);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(xmalloc__oom_runs_hook_then_message_then_abort),
		cmocka_unit_test(xmalloc__oom_without_hook_still_says_so),
		cmocka_unit_test(xmalloc__strdup_and_asprintf),
	};

	th_env_setup();
	return th_run(argc, argv, "xmalloc", tests, NULL, NULL);
}
