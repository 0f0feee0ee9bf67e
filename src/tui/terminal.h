/*
 * The terminal (terminal.c): curses set up and torn down, the terminal
 * given back on every way out (signals included), and left to another
 * program (the editor) or to the shell (Ctrl-Z) for a while.
 */
#ifndef KB_TUI_TERMINAL_H
#define KB_TUI_TERMINAL_H

/* Keys of our own, as curses codes (KEY_*: only input.c reads them). */
#define TERMINAL_KEY_PASTE_START (KEY_MAX + 1)
#define TERMINAL_KEY_PASTE_END (KEY_MAX + 2)

int terminal_start(void);
void terminal_stop(void);
/* 1 when colour pairs were set up (a colour terminal, no NO_COLOR). */
int terminal_color(void);
/* 1 when the agent's own locale is UTF-8: line-drawing characters show. */
int terminal_utf8(void);
/* Around another program using the terminal (the editor). */
void terminal_suspend(void);
void terminal_resume(void);
/*
 * Ctrl-Z: stop kb and give the terminal to the shell until fg.  0 after
 * it came back; -1 when no shell with job control started kb (nothing
 * could bring it back), and nothing was done.
 */
int terminal_stop_job(void);
/* Set by signal handlers: quit at the next chance. */
int terminal_interrupted(void);

#endif
