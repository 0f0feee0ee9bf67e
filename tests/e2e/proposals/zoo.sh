# zoo.sh: the KB and the proposal the proposal tests share; sourced after
# lib.sh.
#
#   zoo_kb DIR [LINE...]
#                 answers/zoo/walrus-feeding.md and penguin-parade.md, a
#                 REVIEWERS file naming Rita Reviewer (and any LINEs, as
#                 given), and Rita as the repository's git identity (the
#                 reviewer); further files, in make_kb's format, from
#                 standard input
#   walrus_text FOOD
#                 the walrus answer with the walruses fed FOOD
#   penguin_text HOUR
#                 the penguin answer with the parade at HOUR (three, four)
#   propose_walrus AGENT MESSAGE FOOD
#                 kb propose of walrus_text FOOD, which must succeed; the
#                 branch it made in $out
zoo_kb() {
	_dir=$1
	shift
	{
		printf '%s\n' "=== answers/zoo/walrus-feeding.md"
		walrus_text clams
		printf '%s\n' "=== answers/zoo/penguin-parade.md"
		penguin_text three
		cat <<'EOF_ZOO'
=== REVIEWERS
# Who may approve or reject proposals: a git user.name or user.email.
Rita Reviewer
EOF_ZOO
		for _line in "$@"; do
			printf '%s\n' "$_line"
		done
		cat
	} | make_kb "$_dir"
	git -C "$_dir" config user.name "Rita Reviewer"
	git -C "$_dir" config user.email "rita@example.invalid"
}

walrus_text() {
	printf '%s\n' "---" "title: Walrus feeding times" "tags: zoo, animals" \
	    "related: penguin-parade" "---" \
	    "The walruses are fed $1 at noon every day."
}

penguin_text() {
	printf '%s\n' "---" "title: Penguin parade schedule" \
	    "tags: zoo, animals" "related: walrus-feeding" "---" \
	    "The penguin parade starts at $1 in the afternoon."
}

propose_walrus() {
	walrus_text "$3" >"$tmp/walrus-$3.md"
	expect_status 0 kb --agent "$1" propose walrus-feeding --message "$2" \
	    --file "$tmp/walrus-$3.md"
}
