/*
 * The answer leaves kb, ready to send: copied for an email (OSC 52,
 * which works over ssh and inside tmux, plus wl-copy or xclip when there
 * is a desktop) in the email wording, printed (lpr) or saved in the
 * walk-in wording; each logged as a use on that channel (record.c).
 * The text is kb_answer_for_customer()'s: the customer's wording with
 * its line breaks, links written once, no staff-only note, and the
 * reference line.  An answer not written for customers (audience:
 * internal) asks first.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kb/clock.h>
#include <kb/present.h>

#include "tui_private.h"
#include "xmalloc.h"

/* Is `name` an executable somewhere on $PATH? */
static int
on_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[4096];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, name);
		if (n > 0 && access(buf, X_OK) == 0)
			return 1;
		path += n + (path[n] == ':');
	}
	return 0;
}

/*
 * Run argv with `text` on its standard input, its output thrown away (it
 * must not write over the screen).  0 when it exits 0.
 */
static int
pipe_to(char *const argv[], const char *text)
{
	int fds[2], status, devnull;
	size_t len = strlen(text), off = 0;
	void (*old_pipe)(int);
	pid_t pid;

	if (pipe(fds) < 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		devnull = open("/dev/null", O_WRONLY);
		dup2(fds[0], STDIN_FILENO);
		if (devnull >= 0) {
			dup2(devnull, STDOUT_FILENO);
			dup2(devnull, STDERR_FILENO);
		}
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[0]);
	old_pipe = signal(SIGPIPE, SIG_IGN);
	while (off < len) {
		ssize_t w = write(fds[1], text + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fds[1]);
	signal(SIGPIPE, old_pipe);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return off == len && WIFEXITED(status) && WEXITSTATUS(status) == 0 ?
	    0 : -1;
}

static char *
base64(const char *s, size_t len)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i < len; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;

		if (i + 1 < len)
			v |= (unsigned char)s[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)s[i + 2];
		*o++ = digits[(v >> 18) & 63];
		*o++ = digits[(v >> 12) & 63];
		*o++ = i + 1 < len ? digits[(v >> 6) & 63] : '=';
		*o++ = i + 2 < len ? digits[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

/* OSC 52: the terminal (or tmux, or the ssh client's terminal) copies. */
static int
copy_osc52(const char *text)
{
	char *b64 = base64(text, strlen(text));
	int ok;

	ok = printf("\033]52;c;%s\a", b64) > 0 && fflush(stdout) == 0;
	free(b64);
	return ok ? 0 : -1;
}

enum give { GIVE_COPY, GIVE_PRINT, GIVE_SAVE };

static char *
text_for(struct tui *t, const struct kb_answer *a, enum kb_channel channel)
{
	char *text = NULL;

	if (kb_answer_for_customer(&text, t->kb, a, channel, channel ==
	    KB_CHANNEL_EMAIL ? 0 : KB_PRINT_WIDTH) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return NULL;
	}
	return text;
}

static void
copy(struct tui *t, const struct kb_answer *a)
{
	char *text = text_for(t, a, KB_CHANNEL_EMAIL);
	const char *also = "";

	if (text == NULL)
		return;
	copy_osc52(text);
	if (getenv("WAYLAND_DISPLAY") && on_path("wl-copy")) {
		char *argv[] = { "wl-copy", NULL };

		if (pipe_to(argv, text) == 0)
			also = " and wl-copy";
	} else if (getenv("DISPLAY") && on_path("xclip")) {
		char *argv[] = { "xclip", "-selection", "clipboard", NULL };

		if (pipe_to(argv, text) == 0)
			also = " and xclip";
	}
	tui_say(t, 0, "Copied %s (email wording): sent to the terminal's "
	    "clipboard (OSC 52)%s", a->id, also);
	record_given(t, a, KB_CHANNEL_EMAIL);
	free(text);
}

/*
 * Into $KB_SAVE_DIR, else $HOME, else the current directory, as
 * kb-ID-DATE.txt (-2, -3 ... when that exists: a save never replaces an
 * earlier one).
 */
static int
save_file(struct tui *t, const struct kb_answer *a, const char *text,
    char *path, size_t size)
{
	const char *dir = getenv("KB_SAVE_DIR");
	char today[11];
	FILE *f = NULL;
	int fd = -1, n, ok;

	if (dir == NULL || *dir == '\0')
		dir = getenv("HOME");
	if (dir == NULL || *dir == '\0')
		dir = ".";
	kb_today(today);
	for (n = 1; n < 100 && fd < 0; n++) {
		if (n == 1)
			snprintf(path, size, "%s/kb-%s-%s.txt", dir, a->id,
			    today);
		else
			snprintf(path, size, "%s/kb-%s-%s-%d.txt", dir, a->id,
			    today, n);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		tui_say(t, 1, "Cannot save %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ok = fputs(text, f) >= 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		tui_say(t, 1, "Cannot write %s", path);
	return ok ? 0 : -1;
}

static void
save(struct tui *t, const struct kb_answer *a)
{
	char path[4096], *text = text_for(t, a, KB_CHANNEL_WALKIN);

	if (text == NULL)
		return;
	if (save_file(t, a, text, path, sizeof(path)) == 0) {
		tui_say(t, 0, "Saved %s (walk-in wording) to %s", a->id,
		    path);
		record_given(t, a, KB_CHANNEL_WALKIN);
	}
	free(text);
}

static void
print(struct tui *t, const struct kb_answer *a)
{
	char path[4096], *text = text_for(t, a, KB_CHANNEL_WALKIN);

	if (text == NULL)
		return;
	if (on_path("lpr")) {
		char title[300];
		char *argv[] = { "lpr", "-T", title, NULL };

		snprintf(title, sizeof(title), "kb: %s", a->title);
		if (pipe_to(argv, text) == 0) {
			tui_say(t, 0, "Sent %s (walk-in wording) to the "
			    "printer", a->id);
			record_given(t, a, KB_CHANNEL_WALKIN);
		} else {
			tui_say(t, 1, "lpr failed: the answer was not "
			    "printed (s saves it to a file)");
		}
	} else if (save_file(t, a, text, path, sizeof(path)) == 0) {
		tui_say(t, 0, "No printer here (lpr): saved %s to %s",
		    a->id, path);
		record_given(t, a, KB_CHANNEL_WALKIN);
	}
	free(text);
}

static void
give(struct tui *t, const struct kb_answer *a, enum give how)
{
	switch (how) {
	case GIVE_COPY: copy(t, a); break;
	case GIVE_PRINT: print(t, a); break;
	case GIVE_SAVE: save(t, a); break;
	}
}

static int
confirm_choice(struct tui *t, int key)
{
	struct kb_answer *a = NULL;

	if (key != 'y')
		return 0;
	t->prompt.kind = PROMPT_NONE;
	if (kb_answer_load(&a, t->kb, t->prompt.id) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return 1;
	}
	give(t, a, (enum give)t->prompt.arg);
	kb_answer_free(a);
	return 1;
}

/*
 * An answer not written for customers goes to one only when the agent
 * says so: the warning, then y or Esc.
 */
static void
give_or_ask(struct tui *t, const struct kb_answer *a, enum give how)
{
	static const char *const verbs[] = { "Copy", "Print", "Save" };
	char *warning = kb_answer_customer_warning(a), q[400];

	if (warning == NULL) {
		give(t, a, how);
		return;
	}
	snprintf(t->prompt.id, sizeof(t->prompt.id), "%s", a->id);
	t->prompt.arg = (int)how;
	snprintf(q, sizeof(q), "%s.  %s it anyway? y: yes  Esc: no", warning,
	    verbs[how]);
	free(warning);
	prompt_choice(t, q, confirm_choice);
}

void
export_copy(struct tui *t, const struct kb_answer *a)
{
	give_or_ask(t, a, GIVE_COPY);
}

void
export_print(struct tui *t, const struct kb_answer *a)
{
	give_or_ask(t, a, GIVE_PRINT);
}

void
export_save(struct tui *t, const struct kb_answer *a)
{
	give_or_ask(t, a, GIVE_SAVE);
}
