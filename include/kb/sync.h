/*
 * kbsync: a field office's KB kept in step with the central repository,
 * and an office that keeps working when the centre cannot be reached.
 *
 * One sync: fetch the centre's main and fast-forward the office's (the
 * index follows); receive the decisions the centre made on the office's
 * proposals; push the office's proposals; append the new usage events
 * of this copy of the KB (a station: one PC, or one office server) to
 * its own ref, refs/kb/station-usage/<office>/<station>, and push that.  Each
 * step can be interrupted (a lost connection, a killed process) and the
 * next sync finishes it: refs only move forward, each after the data
 * they name is safely written.
 *
 * The usage ref is append-only: each commit adds the events logged since
 * the previous one as JSON lines, one file per UTC day (YYYY-MM-DD.jsonl),
 * and records the last event it holds in its message (Kb-Usage-Last), so
 * every event is sent exactly once.  kbsync(1) documents the format.
 *
 * What the centre learned from use (kb/learn.h) is fetched from its
 * refs/kb/learned into refs/kb/central/learned, never sent.
 */
#ifndef KB_SYNC_H
#define KB_SYNC_H

#include "kb.h"
#include "transfer.h"

struct kb_sync_options {
	const char *remote;	/* a remote's name or an address; NULL:
				   git config kb.remote, else "origin" */
	int dry_run;		/* fetch and say what would change; change
				   nothing here or there */
	int reset_to_remote;	/* a rewritten central history: move main
				   to the centre's, keeping a backup ref */
	int no_wait;		/* another sync is running: KB_ELOCKED now */
	kb_transfer_cb progress;	/* may be NULL */
	void *payload;
	/* Called once when waiting for another sync (may be NULL). */
	void (*waiting)(long pid, void *payload);
};

struct kb_sync_result {
	char *url;			/* the centre's address */
	char office[128];		/* the names the usage ref carries: */
	char station[128];		/* ... the office's and this copy's */
	char old_main[KB_OID_HEX + 1];	/* the office's main before */
	char new_main[KB_OID_HEX + 1];	/* and after ("" if unchanged) */
	unsigned added, changed, removed;	/* answers */
	unsigned proposals_sent;
	unsigned decisions_received;	/* proposals the centre decided */
	unsigned long events_sent;
	size_t local_only;	/* commits on main the centre has not */
	size_t central_only;	/* when diverged: the centre's side */
	int diverged;		/* the centre's main was rewritten */
	char backup_ref[160];	/* --reset-to-remote: the old main */
	char **refused;		/* refs the centre refused, with why */
	size_t nrefused;
	char *usage_note;	/* the usage ref was moved at the centre by
				   someone else and joined again, or NULL */
	char **warnings;	/* lines skipped in the centre's learned
				   words ("path:line: why") */
	size_t nwarnings;
	char **said;		/* what the centre said taking the push
				   (its hook's reasons), safe to show */
	size_t nsaid;
};

/*
 * Sync the KB with the centre.  KB_EOFFLINE when the centre cannot be
 * reached (or the connection is lost): nothing half-done is visible, and
 * the office works on as it was.  KB_ECONFLICT when the centre's history
 * was rewritten (r->diverged; see reset_to_remote) or it refused a ref
 * (r->refused).  KB_ELOCKED with no_wait while another sync runs.  The
 * result is filled as far as the sync got; clear it in every case.
 */
int kb_sync(struct kb_sync_result *r, struct kb *kb,
    const struct kb_sync_options *o);
void kb_sync_result_clear(struct kb_sync_result *r);

/*
 * Make an office KB in `dir` from the centre at `url` (kb init
 * --remote): a clone with main checked out, remote "origin", git config
 * kb.remote, kb.office (`office`, else the host's name) and kb.station
 * (`station`, else the host's name, as its slug).  The index is left to
 * the caller.  A station name the centre has usage under already is
 * another copy's: KB_ECONFLICT.  A main with a path unsafe to check out
 * is refused (KB_EINVALID, as kbsync refuses it), a full disk is
 * KB_EFULL; on any failure what was made in `dir` goes (when `dir` was
 * absent or empty), so that the same call works once the cause is fixed.
 */
int kb_init_remote(const char *dir, const char *url, const char *office,
    const char *station, kb_transfer_cb progress, void *payload);

/*
 * The names this KB's usage ref carries, as slugs: the office's
 * (kb.office, else the host name) and this copy's, the station's
 * (kb.station, else the host name).
 */
int kb_sync_office(char out[128], struct kb *kb);
int kb_sync_station(char out[128], struct kb *kb);

struct kb_sync_status {
	int office;		/* 1: a KB made by kb init --remote, or
				   synced by kbsync */
	long long last;		/* UTC seconds of the last complete sync,
				   0 for never */
	long long age;		/* seconds since then */
	unsigned warn_hours;	/* git config kb.syncWarnHours, default 24 */
	int stale;		/* office and (never synced or age over
				   warn_hours): answers may be out of date */
};

/* Cheap (a small file and the config): fine on every screen refresh. */
int kb_sync_status(struct kb_sync_status *st, struct kb *kb);

/* "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
void kb_sync_age_text(char *out, size_t size, long long seconds);

#endif
