/*
 * The terminal: curses set up and torn down, the terminal given back on
 * every way out (signals included), and the attribute of each role in
 * colour, monochrome (NO_COLOR) and high contrast.
 */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "tui_private.h"

/* Last: term.h defines macros (lines, columns) that clash with names. */
#include <term.h>

static struct termios saved_tty;
static int have_saved_tty;
static int started;
static int use_color;
static volatile sig_atomic_t interrupted;
static attr_t attrs[ROLE_COUNT];

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
term_interrupted(void)
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
	term_stop();
}

static int
no_color_requested(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}

enum { PAIR_TAGS = 1, PAIR_MATCH, PAIR_OVERDUE, PAIR_CHANNEL, PAIR_LINK,
	PAIR_BANNER, PAIR_HEADING, PAIR_PROMPT, PAIR_ERROR, PAIR_HC };

static void
set_colors(void)
{
	use_default_colors();
	init_pair(PAIR_TAGS, COLOR_CYAN, -1);
	init_pair(PAIR_MATCH, COLOR_YELLOW, -1);
	init_pair(PAIR_OVERDUE, COLOR_RED, -1);
	init_pair(PAIR_CHANNEL, COLOR_BLUE, -1);
	init_pair(PAIR_LINK, COLOR_BLUE, -1);
	init_pair(PAIR_BANNER, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_HEADING, COLOR_GREEN, -1);
	init_pair(PAIR_PROMPT, COLOR_GREEN, -1);
	init_pair(PAIR_ERROR, COLOR_RED, -1);
	init_pair(PAIR_HC, COLOR_WHITE, COLOR_BLACK);
}

/*
 * Every role has a non-colour cue (bold, underline, reverse, or text on
 * screen such as "OVERDUE"), so colour only ever adds to it.
 */
void
term_set_contrast(int high)
{
	attr_t base = 0;
	int i;

	for (i = 0; i < ROLE_COUNT; i++)
		attrs[i] = A_NORMAL;
	attrs[ROLE_TITLE] = A_BOLD;
	attrs[ROLE_MATCH] = A_BOLD | A_UNDERLINE;
	attrs[ROLE_SELECTED] = A_REVERSE;
	attrs[ROLE_STATUS] = A_REVERSE;
	attrs[ROLE_BANNER] = A_REVERSE | A_BOLD;
	attrs[ROLE_OVERDUE] = A_BOLD | A_REVERSE;
	attrs[ROLE_HEADING] = A_BOLD | A_UNDERLINE;
	attrs[ROLE_EMPH] = A_UNDERLINE;
	attrs[ROLE_STRONG] = A_BOLD;
	attrs[ROLE_LINK] = A_UNDERLINE;
	attrs[ROLE_CHANNEL] = A_BOLD;
	attrs[ROLE_DIM] = A_DIM;
	attrs[ROLE_ERROR] = A_BOLD;
	attrs[ROLE_PROMPT] = A_BOLD;
	attrs[ROLE_ADDED] = A_BOLD;
	attrs[ROLE_REMOVED] = A_DIM;
	if (high) {
		/* No dim text, no colour pairs of low contrast. */
		if (use_color)
			base = COLOR_PAIR(PAIR_HC);
		for (i = 0; i < ROLE_COUNT; i++)
			attrs[i] |= base;
		attrs[ROLE_NORMAL] = base | A_BOLD;
		attrs[ROLE_TAGS] = base | A_BOLD;
		attrs[ROLE_DIM] = base | A_BOLD;
		attrs[ROLE_MATCH] = A_REVERSE | A_BOLD | A_UNDERLINE;
		attrs[ROLE_SELECTED] = A_REVERSE | A_BOLD;
		bkgdset(' ' | base);
		return;
	}
	bkgdset(' ');
	if (!use_color)
		return;
	attrs[ROLE_TAGS] |= COLOR_PAIR(PAIR_TAGS);
	attrs[ROLE_MATCH] |= COLOR_PAIR(PAIR_MATCH);
	attrs[ROLE_OVERDUE] = A_BOLD | COLOR_PAIR(PAIR_OVERDUE);
	attrs[ROLE_CHANNEL] |= COLOR_PAIR(PAIR_CHANNEL);
	attrs[ROLE_LINK] |= COLOR_PAIR(PAIR_LINK);
	attrs[ROLE_BANNER] = A_BOLD | COLOR_PAIR(PAIR_BANNER);
	attrs[ROLE_HEADING] |= COLOR_PAIR(PAIR_HEADING);
	attrs[ROLE_PROMPT] |= COLOR_PAIR(PAIR_PROMPT);
	attrs[ROLE_ERROR] |= COLOR_PAIR(PAIR_ERROR);
	attrs[ROLE_ADDED] |= COLOR_PAIR(PAIR_PROMPT);
	attrs[ROLE_REMOVED] = COLOR_PAIR(PAIR_ERROR);
}

attr_t
term_attr(enum tui_role role)
{
	return attrs[role];
}

/*
 * Answers are UTF-8 whatever the agent's locale says; curses must count
 * and send characters as such.
 */
static void
use_utf8_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

int
term_start(void)
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
	define_key("\033[200~", TUI_KEY_PASTE_START);
	define_key("\033[201~", TUI_KEY_PASTE_END);
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
		term_stop();
		return -1;
	}
	write_all("\033[?2004h", 8);
	use_color = has_colors() && !no_color_requested();
	if (use_color) {
		start_color();
		set_colors();
	}
	return 0;
}

void
term_stop(void)
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
term_suspend(void)
{
	mousemask(0, NULL);
	write_all("\033[?2004l", 8);
	def_prog_mode();
	endwin();
}

void
term_resume(void)
{
	reset_prog_mode();
	write_all("\033[?2004h", 8);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED |
	    BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	clearok(curscr, TRUE);
	refresh();
}
