/* Spanish -> English cognate spellings; see cognate.h. */
#include "cognate.h"

#include <string.h>

/*
 * A Spanish ending and the English ones it becomes, longest first so
 * that "-ciones" is tried before "-es".  Only what is left of the word
 * must be at least BASE_MIN letters: "casa" has no ending to take off.
 */
static const struct {
	const char *spanish;
	const char *english[3];
} endings[] = {
	{ "ificada", { "ified" } }, { "ificado", { "ified" } },
	{ "ciones", { "tions" } }, { "siones", { "sions" } },
	{ "encias", { "ences" } }, { "dades", { "ties" } },
	{ "encia", { "ence", "ense" } }, { "ancia", { "ance" } },
	{ "mente", { "ly" } }, { "cion", { "tion" } }, { "sion", { "sion" } },
	{ "ismo", { "ism" } }, { "ista", { "ist" } }, { "icos", { "ics" } },
	{ "ario", { "ary" } }, { "aria", { "ary" } }, { "orio", { "ory" } },
	{ "arse", { "er", "e", "" } }, { "dad", { "ty" } }, { "ado", { "ed",
	"ate" } }, { "ada", { "ed", "ate" } }, { "ico", { "ic" } },
	{ "ica", { "ic" } }, { "ulo", { "le" } }, { "aje", { "age" } },
	{ "ivo", { "ive" } }, { "iva", { "ive" } }, { "oso", { "ous" } },
	{ "osa", { "ous" } }, { "ar", { "e", "" } }, { "er", { "e", "" } },
	{ "ir", { "e", "" } }, { "ia", { "y" } }, { "os", { "s" } },
	{ "as", { "s" } }, { "es", { "s", "es" } }, { "o", { "", "e" } },
	{ "a", { "", "e" } }, { "e", { "" } },
};

#define BASE_MIN 3		/* letters left once the ending is off */
#define ENGLISH_MIN 4		/* shorter spellings match too much */

static int
already(char out[COGNATE_MAX][COGNATE_WORD], size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(out[i], w) == 0)
			return 1;
	return 0;
}

size_t
kb_cognate__english(const char *word, char out[COGNATE_MAX][COGNATE_WORD])
{
	size_t len = strlen(word), n = 0, i, j;

	if (len < COGNATE_MIN || len >= COGNATE_WORD)
		return 0;
	for (i = 0; i < sizeof(endings) / sizeof(endings[0]); i++) {
		size_t elen = strlen(endings[i].spanish), base = len - elen;

		if (elen > len || base < BASE_MIN ||
		    strcmp(word + base, endings[i].spanish) != 0)
			continue;
		for (j = 0; j < 3 && endings[i].english[j]; j++) {
			const char *e = endings[i].english[j];
			char w[COGNATE_WORD];

			if (base + strlen(e) >= sizeof(w) ||
			    base + strlen(e) < ENGLISH_MIN || n == COGNATE_MAX)
				continue;
			memcpy(w, word, base);
			strcpy(w + base, e);
			if (strcmp(w, word) != 0 && !already(out, n, w))
				strcpy(out[n++], w);
		}
	}
	return n;
}
