/*
 * The terminal: curses set up and torn down, the terminal given back on
 * every way out (signals included), colours (unless NO_COLOR), and
 * leaving it to the agent's editor or to the shell (Ctrl-Z).
 */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "terminal.h"
#include "xmalloc.h"

/* Last: term.h defines macros (lines, columns) that clash with names. */
#include <term.h>

static struct termios saved_tty;
static int have_saved_tty;
static int started;
static int use_color;
static volatile sig_atomic_t interrupted;

/* What leaves the alternate screen and shows the cursor, written raw. */
static char leave_seq[128];
static size_t leave_len;

static void
write_all(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Async-signal-safe: give the terminal back without curses. */
static void
emergency_restore(void)
{
	write_all(leave_seq, leave_len);
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
}

static void
on_fatal(int sig)
{
	emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_quit_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

int
terminal_interrupted(void)
{
	return interrupted;
}

static void
add_leave(const char *cap)
{
	size_t n;

	if (cap == NULL || cap == (char *)-1)
		return;
	n = strlen(cap);
	if (leave_len + n < sizeof(leave_seq)) {
		memcpy(leave_seq + leave_len, cap, n);
		leave_len += n;
	}
}

static void
install_signals(void)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL,
	    SIGABRT };
	static const int quit[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	/* No SA_RESTART: a blocked read returns and the loop sees the flag. */
	sa.sa_handler = on_quit_signal;
	for (i = 0; i < sizeof(quit) / sizeof(quit[0]); i++)
		sigaction(quit[i], &sa, NULL);
}

static void
at_exit_restore(void)
{
	terminal_stop();
}

static int
no_color_requested(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}

/* The agent's own locale was UTF-8 (its terminal, most likely, too). */
static int utf8_locale;

/*
 * Answers are UTF-8 whatever the agent's locale says; curses must count
 * and send characters as such.
 */
static void
use_utf8_locale(void)
{
	setlocale(LC_ALL, "");
	utf8_locale = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (!utf8_locale)
		setlocale(LC_CTYPE, "C.UTF-8");
}

int
terminal_utf8(void)
{
	return utf8_locale;
}

int
terminal_start(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -1;
	use_utf8_locale();
	if (tcgetattr(STDIN_FILENO, &saved_tty) == 0)
		have_saved_tty = 1;
	/* Esc alone must not wait for the rest of an escape sequence. */
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(25);
	/* newterm, not initscr: an unknown TERM is an error, not an exit. */
	if (newterm(NULL, stdout, stdin) == NULL)
		return -1;
	started = 1;
	add_leave("\033[?1000l\033[?1002l\033[?1006l");	/* mouse off */
	add_leave("\033[?2004l");			/* bracketed paste off */
	add_leave(exit_ca_mode);
	add_leave(cursor_normal);
	add_leave(exit_attribute_mode);
	atexit(at_exit_restore);
	/* Out of memory: the terminal back first, so the message shows. */
	xalloc_set_oom_hook(terminal_stop);
	install_signals();
	/* Home and End as VT220-style terminals (and tmux) send them, even
	 * when TERM names a terminal that sends them otherwise. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[8~", KEY_END);
	/*
	 * Bracketed paste: the terminal marks pasted text, so that a pasted
	 * newline or letter is text for the search line, never a key.
	 */
	define_key("\033[200~", TERMINAL_KEY_PASTE_START);
	define_key("\033[201~", TERMINAL_KEY_PASTE_END);
	raw();			/* Ctrl-C, Ctrl-S and Ctrl-Q are keys here */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(1);		/* screen readers follow the real cursor */
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	/* A terminal that cannot place the cursor cannot show this screen. */
	if (cursor_address == NULL) {
		terminal_stop();
		return -1;
	}
	write_all("\033[?2004h", 8);
	use_color = has_colors() && !no_color_requested();
	if (use_color) {
		start_color();
		use_default_colors();
	}
	return 0;
}

int
terminal_color(void)
{
	return use_color;
}

void
terminal_stop(void)
{
	if (!started)
		return;
	started = 0;
	mousemask(0, NULL);
	write_all("\033[?2004l", 8);
	endwin();
}

/* Leave the screen to another program (the agent's editor). */
void
terminal_suspend(void)
{
	mousemask(0, NULL);
	write_all("\033[?2004l", 8);
	def_prog_mode();
	endwin();
}

void
terminal_resume(void)
{
	reset_prog_mode();
	write_all("\033[?2004h", 8);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	clearok(curscr, TRUE);
	refresh();
}

/*
 * A shell with job control put kb in a process group of its own, in the
 * foreground; without one (kb is the session's first process, as when a
 * terminal runs it directly) a stopped kb could never be brought back.
 */
static int
job_control(void)
{
	pid_t group = getpgrp();

	return group != getsid(0) && tcgetpgrp(STDIN_FILENO) == group;
}

int
terminal_stop_job(void)
{
	if (!job_control())
		return -1;
	terminal_suspend();
	/* The whole job stops, as if the terminal had sent Ctrl-Z. */
	kill(0, SIGTSTP);
	terminal_resume();
	return 0;
}
