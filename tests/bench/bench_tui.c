/*
 * bench_tui KB_DIR QUERIES [COLS ROWS]: the TUI's keystroke-to-frame time.
 *
 * The real TUI code (src/tui) runs on a curses screen whose output goes
 * to /dev/null: every character of every query is one key, and each
 * sample is the time from the key to the frame written (search, preview,
 * drawing, curses' update), with Ctrl-U between queries.  Prints
 * "frame_p50", "frame_p99", "frame_max" and "frames" lines for
 * run-bench.sh.  A benchmark, never a test.
 */
#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <kb/index.h>
#include <kb/kb.h>

#include "tui.h"

#define MAX_FRAMES 20000

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return 0.0;
	qsort(v, n, sizeof(*v), cmp_double);
	return v[(size_t)(p * (double)(n - 1) + 0.5)];
}

static double
key_to_frame(struct tui *t, wint_t key)
{
	double start = now_ms();

	tui_key(t, key, 0);
	tui_frame(t);
	return now_ms() - start;
}

int
main(int argc, char **argv)
{
	static double ms[MAX_FRAMES];
	struct tui_options opts = { .channel = KB_CHANNEL_PHONE,
	    .agent = "bench" };
	char line[1024];
	size_t n = 0;
	FILE *in, *null_out, *null_in;
	SCREEN *screen;
	struct tui *t;
	struct kb *kb;

	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: bench_tui KB_DIR QUERIES [COLS ROWS]\n");
		return 2;
	}
	setlocale(LC_ALL, "C.UTF-8");
	if ((in = fopen(argv[2], "r")) == NULL || kb_global_init() < 0 ||
	    kb_open(&kb, argv[1]) < 0 ||
	    kb_index_update(NULL, kb, 0, NULL, NULL) < 0) {
		fprintf(stderr, "bench_tui: cannot open %s or %s\n", argv[1],
		    argv[2]);
		return 1;
	}
	null_out = fopen("/dev/null", "w");
	null_in = fopen("/dev/null", "r");
	if ((screen = newterm("xterm-256color", null_out, null_in)) == NULL)
		screen = newterm("vt100", null_out, null_in);
	if (screen == NULL) {
		fprintf(stderr, "bench_tui: no terminal description\n");
		return 1;
	}
	resizeterm(argc == 5 ? atoi(argv[4]) : 40, argc == 5 ?
	    atoi(argv[3]) : 130);
	t = tui_new(kb, &opts);
	tui_frame(t);
	while (fgets(line, sizeof(line), in) && n < MAX_FRAMES) {
		const char *p = line;
		mbstate_t st;
		wchar_t wc;
		size_t k;

		line[strcspn(line, "\n")] = '\0';
		key_to_frame(t, 'U' & 0x1f);	/* Ctrl-U: a new caller */
		memset(&st, 0, sizeof(st));
		while (*p && n < MAX_FRAMES &&
		    (k = mbrtowc(&wc, p, strlen(p), &st)) > 0 &&
		    k < (size_t)-2) {
			ms[n++] = key_to_frame(t, (wint_t)wc);
			p += k;
		}
	}
	tui_free(t);
	endwin();
	delscreen(screen);
	fclose(null_out);
	fclose(null_in);
	fclose(in);
	kb_close(kb);
	kb_global_shutdown();
	printf("frames %zu\n", n);
	printf("frame_p50 %.2f\n", percentile(ms, n, 0.50));
	printf("frame_p99 %.2f\n", percentile(ms, n, 0.99));
	printf("frame_max %.2f\n", percentile(ms, n, 1.0));
	return 0;
}
