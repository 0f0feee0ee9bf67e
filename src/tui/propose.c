/*
 * Proposing from the screen: the answer's Markdown opens in the agent's
 * editor ($VISUAL, else $EDITOR, else vi); on save it is checked as kb
 * check would (problems shown: edit again or abandon); the agent gives a
 * one-line reason; kb_propose() makes the proposal branch.  Main is
 * never touched.  A new answer, or a notice (notices/ID), starts from a
 * template.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kb/answer.h>
#include <kb/identity.h>
#include <kb/notice.h>
#include <kb/proposal.h>

#include "terminal.h"
#include "tui_private.h"
#include "xmalloc.h"

static const char template[] =
    "---\n"
    "title: \n"
    "tags: \n"
    "lang: en\n"
    "review-by: \n"
    "standard: \n"
    "---\n"
    "Text every channel gives.\n"
    "\n"
    "## Phone\n"
    "\n"
    "## Email\n"
    "\n"
    "## Walk-in\n";

/* A notice (kb-answer(5), NOTICES): proposed as notices/<id>. */
static const char notice_template[] =
    "---\n"
    "title: \n"
    "starts: YYYY-MM-DD\n"
    "ends: YYYY-MM-DD\n"
    "severity: warning\n"
    "tags: \n"
    "---\n"
    "What every customer asking about these answers must be told.\n";

static int
is_notice(const char *id)
{
	return strncmp(id, "notices/", 8) == 0;
}

static void
draft_forget(struct tui *t)
{
	if (t->draft.path) {
		unlink(t->draft.path);
		free(t->draft.path);
	}
	t->draft.path = NULL;
	t->draft.id[0] = '\0';
}

void
propose_free(struct tui *t)
{
	draft_forget(t);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	*len = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1))) {
		*len = fread(data, 1, (size_t)n, f);
		data[*len] = '\0';
	}
	fclose(f);
	return data;
}

static int
write_draft(struct tui *t, const char *text, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	path = xmalloc(4096);
	/* "notices/x" names the file kb-notice-x-... */
	snprintf(path, 4096, "%s/kb-%s%s-XXXXXX.md", dir && *dir ? dir : "/tmp",
	    is_notice(t->draft.id) ? "notice-" : "", is_notice(t->draft.id) ?
	    t->draft.id + 8 : t->draft.id);
	if ((fd = mkstemps(path, 3)) < 0 || write(fd, text, len) !=
	    (ssize_t)len) {
		tui_say(t, 1, "Cannot write a draft in %s: %s",
		    dir && *dir ? dir : "/tmp", strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		return -1;
	}
	close(fd);
	t->draft.path = path;
	return 0;
}

/* The agent's editor on the draft; 0 when it exited 0. */
static int
run_editor(struct tui *t)
{
	int status = -1;
	pid_t pid;

	terminal_suspend();
	if ((pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c",
		    "exec ${VISUAL:-${EDITOR:-vi}} \"$1\"", "kb-editor",
		    t->draft.path, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	terminal_resume();
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ?
	    0 : -1;
}

struct problems {
	int n;
	char first[200];
};

static void
count_problem(const struct kb_diag *d, void *payload)
{
	struct problems *p = payload;

	if (d->severity != KB_SEVERITY_ERROR)
		return;
	if (p->n++ == 0)
		snprintf(p->first, sizeof(p->first), "line %u: %s", d->line,
		    d->message);
}

static void edit_draft(struct tui *t);

static int
fix_choice(struct tui *t, int key)
{
	if (key != 'e')
		return 0;
	t->prompt.kind = PROMPT_NONE;
	edit_draft(t);
	return 1;
}

static void
reason_done(struct tui *t, const char *reason)
{
	char *text, *branch = NULL, *email;
	size_t len;

	if ((text = read_file(t->draft.path, &len)) == NULL) {
		tui_say(t, 1, "The draft is gone: nothing proposed");
		draft_forget(t);
		return;
	}
	email = kb_agent_email(t->kb, t->opt.agent);
	if (kb_propose(&branch, t->kb, t->draft.id, text, len, t->opt.agent,
	    email, reason, NULL, NULL) < 0)
		tui_say(t, 1, "%s", kb_error_last());
	else
		tui_say(t, 0, "Proposed as %s: a reviewer will see it "
		    "(main is unchanged)", branch);
	free(branch);
	free(email);
	free(text);
	draft_forget(t);
}

/* Edit, then check; ask for a reason or to fix what is wrong. */
static void
edit_draft(struct tui *t)
{
	struct kb_answer *a = NULL;
	struct kb_notice *n = NULL;
	struct problems p = { 0, "" };
	char path[300], q[400];
	char *text;
	size_t len;

	if (run_editor(t) < 0) {
		tui_say(t, 1, "The editor failed: nothing proposed "
		    "(set VISUAL or EDITOR)");
		draft_forget(t);
		return;
	}
	if ((text = read_file(t->draft.path, &len)) == NULL) {
		tui_say(t, 1, "The draft is gone: nothing proposed");
		draft_forget(t);
		return;
	}
	if (is_notice(t->draft.id)) {
		snprintf(path, sizeof(path), "%s.md", t->draft.id);
		kb_notice_parse(&n, path, text, len, count_problem, &p);
		kb_notice_free(n);
	} else {
		snprintf(path, sizeof(path), "answers/%s.md", t->draft.id);
		kb_answer_parse(&a, path, text, len, count_problem, &p);
		kb_answer_free(a);
	}
	free(text);
	if (p.n > 0) {
		snprintf(q, sizeof(q), "%d problem%s, %s.  e: edit again, "
		    "Esc: abandon", p.n, p.n == 1 ? "" : "s", p.first);
		prompt_choice(t, q, fix_choice);
		return;
	}
	snprintf(q, sizeof(q), "Propose %s: why, in one line? (Esc: abandon)",
	    t->draft.id);
	prompt_text(t, q, reason_done);
}

static void
start(struct tui *t, const char *id, const char *text, size_t len)
{
	draft_forget(t);
	snprintf(t->draft.id, sizeof(t->draft.id), "%s", id);
	if (write_draft(t, text, len) == 0)
		edit_draft(t);
}

void
propose_edit(struct tui *t, const struct kb_answer *a)
{
	char *text = NULL;
	size_t len;

	if (kb_blob_read(&text, &len, t->kb, a->version) < 0) {
		tui_say(t, 1, "%s", kb_error_last());
		return;
	}
	start(t, a->id, text, len);
	free(text);
}

char *
propose_edit_text(struct tui *t, const char *name, const char *text,
    size_t len, size_t *out_len)
{
	char *result = NULL;

	draft_forget(t);
	snprintf(t->draft.id, sizeof(t->draft.id), "%s", name);
	if (write_draft(t, text, len) == 0 && run_editor(t) == 0)
		result = read_file(t->draft.path, out_len);
	draft_forget(t);
	return result;
}

static void
new_id_done(struct tui *t, const char *id)
{
	struct kb_answer *a = NULL;

	if (is_notice(id) && kb_answer_id_valid(id + 8)) {
		start(t, id, notice_template, sizeof(notice_template) - 1);
		return;
	}
	if (!kb_answer_id_valid(id)) {
		tui_say(t, 1, "'%s' is not an answer id: a-z, 0-9 and "
		    "'-', up to 64 (or notices/ID for a notice)", id);
		return;
	}
	if (kb_answer_load(&a, t->kb, id) == 0) {
		tui_say(t, 1, "%s exists already: open it and press e "
		    "to propose a change", id);
		kb_answer_free(a);
		return;
	}
	start(t, id, template, sizeof(template) - 1);
}

void
propose_new(struct tui *t)
{
	prompt_text(t, "New answer's id (a-z, 0-9, -; notices/ID for a "
	    "notice; Esc: cancel):", new_id_done);
}
