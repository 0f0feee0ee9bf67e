/* Parsing command options from a table, and their values by name; see
 * opt.h. */
#include "opt.h"

#include <stdlib.h>
#include <string.h>

#include <kb/text.h>

static int
find_long(const struct opt *opts, const char *name, size_t n)
{
	int i;

	for (i = 0; opts[i].name; i++)
		if (strlen(opts[i].name) == n &&
		    strncmp(opts[i].name, name, n) == 0)
			return i;
	return -1;
}

static int
find_short(const struct opt *opts, char c)
{
	int i;

	for (i = 0; opts[i].name; i++)
		if (opts[i].short_name && opts[i].short_name == c)
			return i;
	return -1;
}

int
opt_parse(const char *cmd, const struct opt *opts, int argc, char **argv,
    const char **values, char **operands, int *noperands)
{
	int i, k, only_operands = 0;

	*noperands = 0;
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *eq = NULL;

		if (only_operands || arg[0] != '-' || arg[1] == '\0') {
			operands[(*noperands)++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_operands = 1;
			continue;
		}
		if (arg[1] == '-') {
			eq = strchr(arg + 2, '=');
			k = find_long(opts, arg + 2, eq ? (size_t)(eq - arg - 2) :
			    strlen(arg + 2));
		} else {
			k = arg[2] == '\0' ? find_short(opts, arg[1]) : -1;
		}
		if (k < 0) {
			/* What was typed, made safe (kb/text.h). */
			char *safe = kb_text_sanitize(arg, strlen(arg), 0);

			fprintf(stderr, "%s: unknown option '%s' "
			    "(see %s --help)\n", cmd, safe, cmd);
			free(safe);
			return -1;
		}
		if (opts[k].kind == OPT_FLAG) {
			if (eq) {
				fprintf(stderr, "%s: --%s takes no value\n",
				    cmd, opts[k].name);
				return -1;
			}
			values[k] = "";
		} else if (eq) {
			values[k] = eq + 1;
		} else if (i + 1 < argc) {
			values[k] = argv[++i];
		} else {
			fprintf(stderr, "%s: --%s needs a value (%s)\n", cmd,
			    opts[k].name, opts[k].value_name);
			return -1;
		}
	}
	return 0;
}

int
opt_index(const struct opt *opts, const char *name)
{
	int k = find_long(opts, name, strlen(name));

	if (k < 0) {
		fprintf(stderr, "opt_index: no option --%s in the table\n",
		    name);
		abort();
	}
	return k;
}

const char *
opt_value(const struct opt *opts, const char *const *values,
    const char *name)
{
	return values[opt_index(opts, name)];
}

void
opt_print_help(FILE *out, const struct opt *opts)
{
	char left[64];
	int i;

	for (i = 0; opts[i].name; i++) {
		if (opts[i].kind == OPT_VALUE)
			snprintf(left, sizeof(left), "%s%c%s--%s %s",
			    opts[i].short_name ? "-" : "",
			    opts[i].short_name ? opts[i].short_name : ' ',
			    opts[i].short_name ? ", " : "  ", opts[i].name,
			    opts[i].value_name);
		else
			snprintf(left, sizeof(left), "%s%c%s--%s",
			    opts[i].short_name ? "-" : "",
			    opts[i].short_name ? opts[i].short_name : ' ',
			    opts[i].short_name ? ", " : "  ", opts[i].name);
		fprintf(out, "  %-22s %s\n", left + (opts[i].short_name ? 0 : 1),
		    opts[i].help);
	}
}
