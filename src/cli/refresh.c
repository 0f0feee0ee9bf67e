/*
 * Before a reviewer's command in a clone of the centre: the centre's
 * main and proposals, so that what is listed and decided is the
 * centre's, with no git command (kb(1), The centre for reviewers).
 */
#include <stdio.h>

#include <kb/centre.h>
#include <kb/error.h>

#include "cmd.h"

void
cmd_centre_refresh(struct kb *kb)
{
	struct kb_centre_fetch f;

	if (kb == NULL || !kb_centre_clone(kb))
		return;		/* kb review --help; or no clone */
	if (kb_centre_fetch(&f, kb) < 0)
		out_line(stderr, "kb: the centre's proposals could not be "
		    "fetched: %s; showing them as last fetched",
		    kb_error_last());
	else if (f.kept)
		out_line(stderr, "kb: %s", f.kept);
	kb_centre_fetch_clear(&f);
}

void
cmd_centre_pushed(const struct kb_centre_push *p)
{
	out_line(stdout, "pushed to %s", p->url ? p->url : "the centre");
	if (p->tries > 1)
		out_line(stderr, "kb: the centre's main moved meanwhile (another "
		    "reviewer?): done again on the centre's new main (%u tries)",
		    p->tries);
	if (p->earlier)
		out_line(stderr, "kb: main here had %zu commit%s the centre's "
		    "lacked (decided here, not pushed then): they went with "
		    "it", p->earlier, p->earlier == 1 ? "" : "s");
	if (p->note)
		out_line(stderr, "kb: warning: %s", p->note);
}

void
cmd_centre_unpushed(struct kb *kb, const char *what, const char *refs)
{
	if (kb_centre_clone(kb))
		out_line(stderr, "kb: %s in this clone only: the centre has it "
		    "once pushed (--push does it; now: git push origin %s)",
		    what, refs);
}
