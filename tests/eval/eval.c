/*
 * make eval: search relevance on the sample KB.
 *
 * Reads labelled queries (query TAB expected ids, or "-" when the KB does
 * not cover the question) and prints hit@1, hit@3 and MRR over the
 * covered queries, and how often an uncovered one correctly finds nothing.
 * Lines starting with '#' name the category of the lines after them.
 *
 * usage: eval [-v] KB_DIR QUERIES.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kb/index.h>
#include <kb/kb.h>
#include <kb/search.h>

#define MAX_CATEGORIES 32

struct tally {
	char name[80];
	unsigned covered, hit1, hit3, uncovered, empty;
	double rr;
};

/* Rank (1-based) of the first expected id among the hits, 0 if absent. */
static unsigned
rank_of(const struct kb_results *r, const char *expected)
{
	char ids[512], *id, *save;
	size_t i;

	for (i = 0; i < r->nhits; i++) {
		snprintf(ids, sizeof(ids), "%s", expected);
		for (id = strtok_r(ids, ",", &save); id;
		    id = strtok_r(NULL, ",", &save))
			if (strcmp(id, r->hits[i].id) == 0)
				return (unsigned)i + 1;
	}
	return 0;
}

static void
add(struct tally *t, const struct kb_results *r, const char *expected,
    const char *query, int verbose)
{
	unsigned rank;

	if (strcmp(expected, "-") == 0) {
		t->uncovered++;
		t->empty += r->nhits == 0;
		if (verbose && r->nhits)
			printf("  not empty: %-45s -> %s\n", query,
			    r->hits[0].id);
		return;
	}
	rank = rank_of(r, expected);
	t->covered++;
	t->hit1 += rank == 1;
	t->hit3 += rank >= 1 && rank <= 3;
	t->rr += rank ? 1.0 / rank : 0.0;
	if (verbose && rank != 1)
		printf("  rank %-2u    %-45s -> %s (want %s)\n", rank, query,
		    r->nhits ? r->hits[0].id : "nothing", expected);
}

static void
print_row(const struct tally *t)
{
	printf("%-34s %4u %7.3f %7.3f %7.3f", t->name, t->covered,
	    t->covered ? (double)t->hit1 / t->covered : 0.0,
	    t->covered ? (double)t->hit3 / t->covered : 0.0,
	    t->covered ? t->rr / t->covered : 0.0);
	if (t->uncovered)
		printf("   %u/%u", t->empty, t->uncovered);
	printf("\n");
}

int
main(int argc, char **argv)
{
	struct tally cats[MAX_CATEGORIES], total;
	struct kb_search_options opts = KB_SEARCH_OPTIONS_INIT;
	char line[1024];
	struct kb *kb;
	FILE *in;
	int ncat = 0, verbose = 0, i;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: eval [-v] KB_DIR QUERIES.tsv\n");
		return 2;
	}
	if (kb_global_init() < 0 || kb_open(&kb, argv[1]) < 0 ||
	    kb_index_update(kb, 0, NULL, NULL, NULL) < 0) {
		fprintf(stderr, "eval: %s\n", kb_error_last());
		return 1;
	}
	if ((in = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	memset(cats, 0, sizeof(cats));
	memset(&total, 0, sizeof(total));
	snprintf(total.name, sizeof(total.name), "all");
	opts.limit = 10;
	opts.snippets = 0;
	while (fgets(line, sizeof(line), in)) {
		struct kb_results *r;
		char *tab;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#') {
			if (ncat < MAX_CATEGORIES) {
				const char *name = line + 1;

				while (*name == ' ')
					name++;
				snprintf(cats[ncat].name, sizeof(cats[ncat].name),
				    "%.33s", name);
				ncat++;
				if (verbose)
					printf("%s\n", cats[ncat - 1].name);
			}
			continue;
		}
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		if (kb_search(&r, kb, line, &opts) < 0) {
			fprintf(stderr, "eval: %s: %s\n", line, kb_error_last());
			return 1;
		}
		if (ncat == 0) {
			snprintf(cats[0].name, sizeof(cats[0].name), "queries");
			ncat = 1;
		}
		add(&cats[ncat - 1], r, tab + 1, line, verbose);
		add(&total, r, tab + 1, line, 0);
		kb_results_free(r);
	}
	fclose(in);
	printf("%-34s %4s %7s %7s %7s   %s\n", "category", "n", "hit@1",
	    "hit@3", "MRR", "uncovered->none");
	for (i = 0; i < ncat; i++)
		print_row(&cats[i]);
	print_row(&total);
	kb_close(kb);
	kb_global_shutdown();
	return 0;
}
