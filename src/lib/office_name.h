/*
 * An office's name as its refs carry it: what kb.office ("North Side")
 * becomes in refs/kb/usage/<office> ("north-side").  One rule, used by the
 * office that names its refs and by the centre that checks them.
 */
#ifndef KB_OFFICE_NAME_H
#define KB_OFFICE_NAME_H

#define OFFICE_NAME_MAX 100	/* bytes of a slug */

/*
 * `name` in lower-case letters, digits, '_' and '-' (any other run of
 * bytes becomes one '-'), with no '-' at the end, at most
 * OFFICE_NAME_MAX bytes; "" when nothing is left.
 */
void kb_office_name__slug(char out[OFFICE_NAME_MAX + 1], const char *name);

/* 1 when `slug` is what kb_office_name__slug() makes of some name, else 0. */
int kb_office_name__valid(const char *slug);

#endif
