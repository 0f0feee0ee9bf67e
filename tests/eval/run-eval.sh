#!/bin/sh
# make eval: score `kb search` beside plain OR ranking on
#
#   - the sample set: tests/eval/queries.tsv on the bundled sample KB
#     (kb init, with its synonyms.txt);
#   - the dev set: ../shared/eval beside the repository, where it exists,
#     on a fresh repository of its answers made as its score.sh makes it
#     (no synonyms.txt), with learning from use cross-validated.
#
# EVAL_DETAILS=DIR writes one line per query to DIR/sample.tsv and
# DIR/dev.tsv (see tests/eval/eval.c).
#
# usage: tests/eval/run-eval.sh BUILD
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
kb=$build/kb
scorer=$build/tests/eval
work=$build/eval
details=${EVAL_DETAILS:-}

rm -rf "$work"
mkdir -p "$work/home"
# Nothing from the user's environment changes what kb finds.
export HOME="$work/home" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LANG=C.UTF-8
export GIT_CONFIG_GLOBAL="$work/gitconfig" KB_SAMPLE_DIR="$top/kb"
unset LC_ALL KB_DIR KB_LANG KB_AGENT KB_NOW KB_SEARCH_TRACE GIT_DIR \
    GIT_WORK_TREE 2>/dev/null || true
: > "$GIT_CONFIG_GLOBAL"
[ -z "$details" ] || mkdir -p "$details"

# A repository of the answers in $1 at $2, as the dev set's score.sh
# makes it: answers/<topic>/<id>.md, one commit, fixed identity and date.
dev_repo() {
	mkdir -p "$2/answers"
	cp -R "$1/." "$2/answers/"
	git -C "$2" init -q -b main
	git -C "$2" add -A
	GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" \
	GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
	git -C "$2" -c user.name="kb eval" -c user.email="kb-eval@example.invalid" \
	    -c commit.gpgsign=false -c core.hooksPath=/dev/null \
	    commit -q -m "dev-set answers"
}

status=0
"$kb" init --quiet "$work/sample" >/dev/null
"$scorer" --name "sample set (tests/eval/queries.tsv, sample KB)" \
    ${details:+--details "$details/sample.tsv"} \
    "$kb" "$work/sample" "$work/sample/answers" "$top/tests/eval/queries.tsv" ||
    status=1

dev="$top/../shared/eval"
echo
if [ ! -f "$dev/QUERIES.tsv" ] || [ ! -d "$dev/answers" ]; then
	echo "dev set: $dev not found (QUERIES.tsv and answers/); skipped"
	exit $status
fi
dev=$(cd "$dev" && pwd)
dev_repo "$dev/answers" "$work/dev"
cp -R "$work/dev" "$work/dev-learn-a"
cp -R "$work/dev" "$work/dev-learn-b"
"$scorer" --name "dev set ($dev)" \
    ${details:+--details "$details/dev.tsv"} \
    --learn "$work/dev-learn-a" "$work/dev-learn-b" \
    "$kb" "$work/dev" "$dev/answers" "$dev/QUERIES.tsv" || status=1
exit $status
