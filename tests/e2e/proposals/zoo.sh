# zoo.sh: the KB the proposal tests share; sourced after lib.sh.
#
#   zoo_kb DIR    answers/zoo/walrus-feeding.md and penguin-parade.md, a
#                 REVIEWERS file naming Rita Reviewer, and Rita as the
#                 repository's git identity (the reviewer); further files,
#                 in make_kb's format, from standard input
zoo_kb() {
	{
		cat <<'EOF_ZOO'
=== answers/zoo/walrus-feeding.md
---
title: Walrus feeding times
tags: zoo, animals
related: penguin-parade
---
The walruses are fed clams at noon every day.
=== answers/zoo/penguin-parade.md
---
title: Penguin parade schedule
tags: zoo, animals
related: walrus-feeding
---
The penguin parade starts at three in the afternoon.
=== REVIEWERS
# Who may approve or reject proposals: a git user.name or user.email.
Rita Reviewer
EOF_ZOO
		cat
	} | make_kb "$1"
	git -C "$1" config user.name "Rita Reviewer"
	git -C "$1" config user.email "rita@example.invalid"
}
