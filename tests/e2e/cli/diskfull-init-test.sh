#!/bin/sh
# A kb init that failed part-way (here: the disk filled up while it copied
# the sample) must not block the next one (kb(1), kb init): what it made
# is removed, a folder that was there empty stays as it was (its group
# and set-group-id bit are what a shared KB needs), and once there is
# space kb init simply works.  What a killed kb init leaves (a repository
# with no commit and part of the sample) is made again; anything else is
# never touched.
# Runs as root: the full disk is a small tmpfs, unmounted on exit.
. "$(dirname "$0")/../lib.sh"

m=$tmp/disk
small_disk "$m" 3m

# Leave about 200 KiB free: less than the sample needs, enough to start.
almost_fill() {
	free_kb=$(df -Pk "$m" | awk 'NR == 2 { print $4 }')
	dd if=/dev/zero of="$m/fill" bs=1024 count=$((free_kb - 200)) \
	    2>/dev/null || true
}

note "kb init into a new folder on a full disk: it fails, and leaves nothing"
almost_fill
expect_status 1 kb init "$m/kb"
expect_contains "$err" "removed what this kb init had made in $m/kb" "kb init says it cleaned up"
[ ! -e "$m/kb" ] || fail "kb init left $m/kb behind: $(ls -A "$m/kb")"
rm -f "$m/fill"
expect_status 0 kb init "$m/kb"
expect_contains "$out" "Created a KB in $m/kb" "the second kb init"
expect_status 0 kb --kb "$m/kb" search --limit 1 passport renew
expect_eq passport-renew-mail "$(ids_of "$out")" "the KB made on the second try"
rm -rf "$m/kb"

note "kb init into an empty shared folder: the folder stays, empty, as it was"
mkdir "$m/shared"
chmod 2775 "$m/shared"
almost_fill
expect_status 1 kb init "$m/shared"
expect_eq 2775 "$(stat -c %a "$m/shared")" "the folder's mode"
expect_eq "" "$(ls -A "$m/shared")" "the folder is empty again"
rm -f "$m/fill"
expect_status 0 kb init "$m/shared"
expect_status 0 kb --kb "$m/shared" search --limit 1 passport renew
expect_eq passport-renew-mail "$(ids_of "$out")" "the KB made in the shared folder"

# half_made DIR: a repository with no commit and one folder of the
# sample copied: what a kb init stopped part-way leaves.
half_made() {
	git init -q -b main "$1"
	mkdir -p "$1/answers"
	cp -R "$KB_SAMPLE_DIR/answers/passports" "$1/answers/"
}

note "what a killed kb init left (no commit, part of the sample) is made again"
h=$m/killed
half_made "$h"
first=$(find "$KB_SAMPLE_DIR/answers" -name '*.md' | sort | sed -n 1p)
rel=${first#"$KB_SAMPLE_DIR/"}
mkdir -p "$(dirname "$h/$rel")"
head -c 100 "$first" >"$h/$rel"	# the file being copied when it stopped
expect_status 0 kb init "$h"
expect_contains "$err" "what a kb init that was stopped left: starting again" "kb init says so"
expect_status 0 kb --kb "$h" search --limit 1 passport renew
expect_eq passport-renew-mail "$(ids_of "$out")" "the KB made again"

note "a repository without a commit holding someone's own file is left alone"
o=$m/own
half_made "$o"
echo "my own draft" >"$o/answers/passports/draft.md"
expect_status 1 kb init "$o"
expect_eq "my own draft" "$(cat "$o/answers/passports/draft.md")" "the user's file is kept"

note "kb init never removes what was there before"
mkdir "$m/busy"
echo precious >"$m/busy/notes.txt"
expect_status 1 kb init "$m/busy"
expect_eq precious "$(cat "$m/busy/notes.txt")" "a non-empty folder is left alone"

exit 0
