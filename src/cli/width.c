/*
 * --width, as kb show, kb diff and kb report take it, and the width of
 * the terminal a command prints to.
 */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"

int
cmd_parse_width(const char *s, unsigned max, unsigned *out)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 0 ||
	    (n > 0 && n < CMD_MIN_WIDTH) || n > (long)max)
		return -1;
	*out = (unsigned)n;
	return 0;
}

unsigned
cmd_terminal_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= CMD_MIN_WIDTH)
		return ws.ws_col;
	return 80;
}
