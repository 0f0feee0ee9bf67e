/*
 * The answer leaves kb: copied into an email (OSC 52, which works over
 * ssh and inside tmux, plus wl-copy or xclip when there is a desktop),
 * printed (lpr) or saved for a walk-in customer; and what the agent
 * says about it: used, flagged, customer not satisfied (record.c).
 * The text is kb_answer_present()'s, with its reference line.
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
#include <wchar.h>
#include <wctype.h>

#include <kb/clock.h>
#include <kb/present.h>
#include <kb/usage.h>

#include "tui_private.h"

#define PRINT_WIDTH 72		/* columns on paper and in saved files */

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
	char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	if (out == NULL)
		abort();
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

static char *
text_for(struct tui *t, const struct kb_answer *a, enum kb_channel channel,
    unsigned width)
{
	char *text = NULL;

	if (kb_answer_present(&text, t->kb, a, channel, width,
	    KB_PRESENT_STANDARD | KB_PRESENT_NOTICES |
	    KB_PRESENT_REFERENCE) < 0) {
		app_set_message(t, 1, "%s", kb_error_last());
		return NULL;
	}
	return text;
}

static const struct kb_answer *
answer_or_say(struct tui *t)
{
	const struct kb_answer *a = app_current_answer(t);

	if (a == NULL)
		app_set_message(t, 1, "No answer chosen");
	return a;
}

void
export_copy(struct tui *t)
{
	const struct kb_answer *a = answer_or_say(t);
	enum kb_channel ch = t->channel ? t->channel : KB_CHANNEL_EMAIL;
	char *text;
	const char *also = "";

	if (a == NULL || (text = text_for(t, a, ch, 0)) == NULL)
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
	app_set_message(t, 0, "Copied %s (%s wording): sent to the terminal's "
	    "clipboard (OSC 52)%s", a->id, kb_channel_name(ch), also);
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
		app_set_message(t, 1, "Cannot save %s: %s", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	ok = fputs(text, f) >= 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		app_set_message(t, 1, "Cannot write %s", path);
	return ok ? 0 : -1;
}

void
export_save(struct tui *t)
{
	const struct kb_answer *a = answer_or_say(t);
	enum kb_channel ch = t->channel ? t->channel : KB_CHANNEL_WALKIN;
	char path[4096], *text;

	if (a == NULL || (text = text_for(t, a, ch, PRINT_WIDTH)) == NULL)
		return;
	if (save_file(t, a, text, path, sizeof(path)) == 0)
		app_set_message(t, 0, "Saved %s (%s wording) to %s", a->id,
		    kb_channel_name(ch), path);
	free(text);
}

void
export_print(struct tui *t)
{
	const struct kb_answer *a = answer_or_say(t);
	enum kb_channel ch = t->channel ? t->channel : KB_CHANNEL_WALKIN;
	char path[4096], *text;

	if (a == NULL || (text = text_for(t, a, ch, PRINT_WIDTH)) == NULL)
		return;
	if (on_path("lpr")) {
		char title[300];
		char *argv[] = { "lpr", "-T", title, NULL };

		snprintf(title, sizeof(title), "kb: %s", a->title);
		if (pipe_to(argv, text) == 0)
			app_set_message(t, 0, "Sent %s (%s wording) to the "
			    "printer", a->id, kb_channel_name(ch));
		else
			app_set_message(t, 1, "lpr failed: the answer was not "
			    "printed (s saves it to a file)");
	} else if (save_file(t, a, text, path, sizeof(path)) == 0) {
		app_set_message(t, 0, "No printer here (lpr): saved %s to %s",
		    a->id, path);
	}
	free(text);
}

static void
say_recorded(struct tui *t, int rc, const char *what, const char *id)
{
	if (rc == 0)
		app_set_message(t, 0, "%s: %s (logged)", what, id);
	else if (rc == KB_ELOCKED)
		app_set_message(t, 0, "%s: %s (the log is busy: it will be "
		    "written shortly)", what, id);
	else	/* kept, and tried again when the agent pauses */
		app_set_message(t, 1, "%s: %s, but the usage log cannot be "
		    "written: %s", what, id, kb_error_last());
}

void
export_mark_used(struct tui *t)
{
	const struct kb_answer *a = answer_or_say(t);

	if (a == NULL)
		return;
	if (t->channel == KB_CHANNEL_NONE) {
		app_set_message(t, 1, "Choose the channel first (F2 or c): "
		    "use is logged per channel");
		return;
	}
	say_recorded(t, record_use(t, a), "Marked as used", a->id);
}

void
export_not_satisfied(struct tui *t)
{
	const struct kb_answer *a = answer_or_say(t);

	if (a != NULL)
		say_recorded(t, record_unsatisfied(t, a),
		    "Customer not satisfied", a->id);
}

static void
flag_done(struct tui *t, const char *reason)
{
	say_recorded(t, record_flag(t, t->prompt_id, t->prompt_version,
	    reason), "Flagged", t->prompt_id);
}

/* 1-3: a reason offered; 4: the agent's own words. */
static int
flag_choice(struct tui *t, wint_t key)
{
	char q[300];

	if (key >= '1' && key <= '3') {
		t->prompt = PROMPT_NONE;
		flag_done(t, kb_flag_reasons[key - '1']);
		return 1;
	}
	if (key == '4') {
		snprintf(q, sizeof(q), "Flag %s, why? (Enter: done, Esc: "
		    "cancel)", t->prompt_id);
		prompt_text(t, q, flag_done);
		return 1;
	}
	return 0;
}

void
export_flag_start(struct tui *t)
{
	const struct kb_answer *a = answer_or_say(t);
	char q[300];

	if (a == NULL)
		return;
	snprintf(t->prompt_id, sizeof(t->prompt_id), "%s", a->id);
	snprintf(t->prompt_version, sizeof(t->prompt_version), "%s",
	    a->version);
	snprintf(q, sizeof(q), "Flag %s: 1 outdated  2 wrong  3 unclear  "
	    "4 say why  (Esc: cancel)", a->id);
	prompt_choice(t, q, flag_choice);
}
