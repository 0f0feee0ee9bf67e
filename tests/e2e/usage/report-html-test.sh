#!/bin/sh
# kb report --format html in a real browser: a fixture log (filled with
# sqlite3, hostile strings included) is written as one HTML page, which
# headless Chromium renders to a PNG and dumps as its DOM.  Checked: the
# page is self-contained (no URL, no script), the PNG is a real picture
# with the charts' colours in it, the page's text holds the titles and
# the figures, and each chart has the bars or points the fixture gives
# (counted by hand below).  Then --all-offices at the centre, with a
# usage ref of an office made with plain git: a panel per office.
. "$(dirname "$0")/../lib.sh"

command -v sqlite3 >/dev/null 2>&1 ||
    fail "the sqlite3 command-line shell is needed to fill usage.db (apt-get install sqlite3)"
command -v python3 >/dev/null 2>&1 ||
    fail "python3 is needed to read the PNG and the DOM"
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
	# tests/run.sh has no skip status: this shows as a failure, saying
	# why.  `make test` installs chromium (as root) before running.
	echo "SKIP: chromium is not installed; make test installs it as root, else: sudo apt-get install chromium" >&2
	exit 77
fi

k=$tmp/kb
make_kb "$k" <<'EOF'
=== answers/travel/lost-passport.md
---
title: Report a lost passport
tags: passport, lost
review-by: 2026-02-01
---
Fill in form DS-64.
=== answers/animals/dog-license.md
---
title: License your dog <now> & "save"
tags: dog, license
review-by: 2026-02-12
---
Every dog needs a license tag.
=== answers/animals/cat-shelter.md
---
title: Cat shelter hours
tags: cat, shelter
review-by: 2026-03-01
---
Open from nine to five.
=== answers/trash/bins.md
---
title: Bins
tags: trash
---
Rinse the cans.
EOF
export KB_DIR="$k"
export KB_NOW=2026-02-10
db=$k/.git/kb/usage.db

# The log: 9 uses over 5 days (02-02 to 02-06) on 7 day-and-channel
# pairs (02-02 phone and email, 02-03 walk-in, 02-04 phone, 02-05 none,
# 02-06 email and phone); 3 answers used; 4 searches, 3 of them gaps on
# 3 days (02-02 not sure, 02-03 and 02-05 no results; "renew passport"
# found sure answers); 2 flags on 2 days, the first closed by a reviewer
# on 02-05 (a flag_close event: kb flag --close).  Searches per day, the
# uses included: 4, 2, 1, 3, 3, with no sure answer: 1, 1, 0, 1, 0 (3 of
# 13).
expect_status 0 kb use bins --channel phone
sqlite3 -batch "$db" <<'EOF' || fail "the fixture did not load"
DELETE FROM event;
INSERT INTO event(uid, time, kind, agent, office, channel, answer, query, hits, sure, reason) VALUES
('h-u01', '2026-02-02T09:00:00Z', 'use', 'ann', 'North', 'phone',   'lost-passport', NULL, NULL, NULL, NULL),
('h-u02', '2026-02-02T09:30:00Z', 'use', 'ann', 'North', 'phone',   'lost-passport', NULL, NULL, NULL, NULL),
('h-u03', '2026-02-02T10:00:00Z', 'use', 'ann', 'North', 'email',   'dog-license',   NULL, NULL, NULL, NULL),
('h-u04', '2026-02-03T11:00:00Z', 'use', 'cat', 'South', 'walk-in', 'cat-shelter',   NULL, NULL, NULL, NULL),
('h-u05', '2026-02-04T11:00:00Z', 'use', 'bob', 'North', 'phone',   'lost-passport', NULL, NULL, NULL, NULL),
('h-u06', '2026-02-05T11:00:00Z', 'use', 'dan', NULL,    NULL,      'dog-license',   NULL, NULL, NULL, NULL),
('h-u07', '2026-02-06T11:00:00Z', 'use', 'eve', 'South', 'email',   'dog-license',   NULL, NULL, NULL, NULL),
('h-u08', '2026-02-06T12:00:00Z', 'use', 'eve', 'South', 'email',   'cat-shelter',   NULL, NULL, NULL, NULL),
('h-u09', '2026-02-06T13:00:00Z', 'use', '<script>alert(1)</script>', 'South', 'phone', 'lost-passport', NULL, NULL, NULL, NULL),
('h-s01', '2026-02-02T15:00:00Z', 'search', 'ann', 'North', 'phone',   NULL, 'Fishing licence?', 2, 0, NULL),
('h-s02', '2026-02-03T15:00:00Z', 'search', 'cat', 'South', 'walk-in', NULL, 'parking permit',   0, 0, NULL),
('h-s03', '2026-02-05T15:00:00Z', 'search', 'bob', 'North', 'phone',   NULL, 'renew passport',   3, 2, NULL),
('h-s04', '2026-02-05T16:00:00Z', 'search', 'bob', 'North', 'phone',   NULL, '<img src=x onerror=alert(3)>', 0, 0, NULL),
('h-f01', '2026-02-03T16:00:00Z', 'flag', 'bob', 'North', 'phone', 'lost-passport', NULL, NULL, NULL, 'outdated'),
('h-f02', '2026-02-04T16:00:00Z', 'flag', 'eve', 'South', 'email', 'dog-license',   NULL, NULL, NULL, '</table><script>alert(2)</script>');
INSERT INTO event(uid, time, kind, agent, office, answer, reason, closes) VALUES
('h-c01', '2026-02-05T09:00:00Z', 'flag_close', 'rita', 'North', 'lost-passport', 'still right', 'h-f01');
EOF

# chrome ARGS... FILE: headless Chromium on file://FILE, its own profile,
# nothing fetched in the background.
chrome() {
	_file=$1
	shift
	"$chromium" --headless=new --no-sandbox --disable-gpu \
	    --user-data-dir="$tmp/chrome" --no-first-run \
	    --disable-extensions --disable-background-networking \
	    --disable-component-update --disable-sync "$@" \
	    "file://$_file" 2>>"$tmp/chrome.log"
}

# self_contained FILE: no URL, nothing that runs or is fetched.
self_contained() {
	! grep -qi 'http' "$1" || fail "$2: a URL in the page: $(grep -oi '.\{20\}http.\{30\}' "$1" | head -3)"
	! grep -qi '<script' "$1" || fail "$2: a <script> in the page"
	! grep -qiE '<(img|link|iframe|object|embed)[ >]' "$1" ||
	    fail "$2: an element that fetches something"
	! grep -qiE '@import|url\([^#]' "$1" || fail "$2: CSS that fetches something"
	expect_eq '<!DOCTYPE html>' "$(sed -n 1p "$1")" "$2: the first line"
	expect_eq '</html>' "$(tail -n 1 "$1")" "$2: the last line"
}

# png_ok FILE: a PNG of 1200 columns, and in its pixels the charts'
# blue (phone, solid) and other colours than the white of the page.
png_ok() {
	python3 - "$1" <<'EOF_PY' || fail "the screenshot is not the PNG expected"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "no PNG signature"
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, ctype = ihdr[:4]
assert (w, depth) == (1200, 8) and ctype in (2, 6), ihdr
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours = set()
blue = 0
for y in range(min(h, 1500)):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        px = bytes(line[x:x + 3])
        colours.add(px)
        blue += px == b"\x00\x72\xb2"
    prev = line
    if blue > 500 and len(colours) > 16:
        break
assert len(colours) > 16, "only %d colours" % len(colours)
assert blue > 500, "the phone's blue is on %d pixels" % blue
EOF_PY
}

# dom_marks DOM: "chart-id bars points" for each chart of the rendered
# page, then its text as one line (a line "TEXT ..."), and the number
# of script and img elements ("ELEMENTS n").
dom_marks() {
	python3 - "$1" <<'EOF_PY'
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.chart, self.counts, self.order, self.text = None, {}, [], []
        self.bad, self.skip = 0, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag in ("script", "img", "iframe", "object", "embed"):
            self.bad += 1
        if tag == "style":
            self.skip = 1
        if tag == "svg" and a.get("role") == "img":
            self.chart = a["aria-labelledby"][:-len("-title")]
            self.order.append(self.chart)
            self.counts[self.chart] = [0, 0]
        elif self.chart and tag == "rect" and "bar" in cls:
            self.counts[self.chart][0] += 1
        elif self.chart and tag == "circle" and "point" in cls:
            self.counts[self.chart][1] += 1
    def handle_endtag(self, tag):
        if tag == "svg":
            self.chart = None
        if tag == "style":
            self.skip = 0
    def handle_data(self, d):
        if not self.skip:
            self.text.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
for c in p.order:
    print(c, *p.counts[c])
print("ELEMENTS", p.bad)
print("TEXT", " ".join(" ".join(p.text).split()))
EOF_PY
}

# render FILE WHAT: the PNG and the DOM of FILE; the charts' marks in
# $marks, the page's text in $text.
render() {
	rm -f "$tmp/out.png"
	chrome "$1" --screenshot="$tmp/out.png" --window-size=1200,3000 ||
	    fail "$2: chromium could not take a screenshot: $(tail -n 5 "$tmp/chrome.log")"
	[ -s "$tmp/out.png" ] || fail "$2: chromium wrote no PNG"
	png_ok "$tmp/out.png"
	chrome "$1" --dump-dom >"$tmp/dom.html" ||
	    fail "$2: chromium could not dump the DOM: $(tail -n 5 "$tmp/chrome.log")"
	dom_marks "$tmp/dom.html" >"$tmp/marks" || fail "$2: the DOM did not parse"
	marks=$(grep -v '^TEXT \|^ELEMENTS ' "$tmp/marks")
	text=$(sed -n 's/^TEXT //p' "$tmp/marks")
	expect_eq "ELEMENTS 0" "$(grep '^ELEMENTS ' "$tmp/marks")" \
	    "$2: no script or image element in the rendered page"
}

note "kb report --format html --output FILE: a page, nothing printed"
expect_status 0 kb report --format html --output "$tmp/report.html"
expect_eq "" "$out$err" "kb report --format html --output: output"
self_contained "$tmp/report.html" "the page"
expect_status 0 kb report --format html
printf '%s\n' "$out" | cmp -s - "$tmp/report.html" ||
    fail "the page on standard output differs from the file"

note "headless Chromium renders it"
render "$tmp/report.html" "the page"
# chart, bars, points: the uses (7 day-channel pairs), the 3 answers
# used, the gaps (3 days), a point per day with searches (5), the flags
# opened (2 days) and closed (1), the review dates (overdue, the week
# from 02-10, the week from 02-24), and each office's panels (North
# and South; the use with no office is "(none)"), the flag closed in
# North's.
expect_eq "uses-chart 7 0
top-chart 3 0
gaps-chart 3 0
share-chart 0 5
flags-chart 3 0
review-chart 3 0
office-uses 5 0
office-gaps 3 0
office-share 0 6
office-flags 3 0" "$marks" "the charts' bars and points"

for want in "Knowledge base report" \
    "2026-02-02 to 2026-02-06 | every channel | offices: (none), North, South" \
    "Uses per day by channel" \
    "9 uses from 2026-02-02 to 2026-02-06: phone 4, email 3, walk-in 1, no channel 1. The most: 3, in 2026-02-02." \
    "Top answers" "The most used answers: Report a lost passport (4 uses), License your dog <now> & \"save\" (3 uses), Cat shelter hours (2 uses)" \
    "Content gaps per day" \
    "3 content gaps from 2026-02-02 to 2026-02-06: no results 2, not sure 1." \
    "Searches with no sure answer, per day" \
    "Of 13 searches from 2026-02-02 to 2026-02-06, 3 found no sure answer (23.1%). The highest: 50%, in 2026-02-03." \
    "Flags opened and closed per day" \
    "3 flags from 2026-02-02 to 2026-02-06: opened 2, closed 1." \
    "Flags opened and closed, by office: (none) (opened 0, closed 0), North (opened 1, closed 1), South (opened 1, closed 0) in the period." \
    "Answers coming due for review, by week from today" \
    "Answers overdue for review: 1; coming due in the next 13 weeks: 2." \
    "Each office" "Uses, by office: (none) 1, North 4, South 4 in the period." \
    "Every section of the report" "Content gaps: searches with no answer used" \
    "<script>alert(1)</script>" "</table><script>alert(2)</script>" \
    "img src x onerror alert 3"; do
	expect_contains "$text" "$want" "the rendered page's text"
done

note "a period: --since and --until, one channel"
expect_status 0 kb report --format html --channel phone --since 2026-02-01 --until 2026-02-04 --output "$tmp/phone.html"
self_contained "$tmp/phone.html" "the phone page"
render "$tmp/phone.html" "the phone page"
# Phone uses on 02-02 and 02-04 only, so a point on those 2 of the 4
# days; one gap (02-02), one flag (02-03); one office, so no panels.
expect_eq "uses-chart 2 0
top-chart 1 0
gaps-chart 1 0
share-chart 0 2
flags-chart 1 0
review-chart 3 0" "$marks" "the phone page's bars and points"
expect_not_contains "$text" "Each office" "the phone page, of one office"
expect_contains "$text" "2026-02-01 to 2026-02-04 | phone | offices: North" "the phone page's header"

note "an empty period: the page says no events"
expect_status 0 kb report --format html --since 2027-01-01 --output "$tmp/empty.html"
self_contained "$tmp/empty.html" "the empty page"
render "$tmp/empty.html" "the empty page"
expect_eq "review-chart 3 0" "$marks" "the empty page's charts: only the review dates"
expect_contains "$text" "No events in this period: nothing to chart." "the empty page"

note "at the centre: --all-offices adds an office's usage ref"
# refs/kb/usage/east: 2 phone uses, on 02-03 and 02-04, as kbsync sends them.
printf '%s\n' \
    '{"uid":"east0000000000000000000000000001","time":"2026-02-03T10:00:00Z","kind":"use","agent":"fay","office":null,"channel":"phone","answer":"cat-shelter","version":null,"query":null,"hits":null,"reason":null}' \
    '{"uid":"east0000000000000000000000000002","time":"2026-02-04T10:00:00Z","kind":"use","agent":"fay","office":null,"channel":"phone","answer":"cat-shelter","version":null,"query":null,"hits":null,"reason":null}' \
    >"$tmp/east.jsonl"
b=$(git -C "$k" hash-object -w "$tmp/east.jsonl")
tree=$(printf '100644 blob %s\t2026-02-03.jsonl\n' "$b" | git -C "$k" mktree)
c=$(git -C "$k" commit-tree -m usage "$tree")
git -C "$k" update-ref refs/kb/usage/east "$c"
expect_status 0 kb report --all-offices --format html --output "$tmp/centre.html"
expect_eq "" "$err" "kb report --all-offices --format html: stderr"
self_contained "$tmp/centre.html" "the centre's page"
render "$tmp/centre.html" "the centre's page"
# The uses gain 02-03 phone (02-04 phone had one); east's 2 days.
expect_eq "uses-chart 8 0
top-chart 3 0
gaps-chart 3 0
share-chart 0 5
flags-chart 3 0
review-chart 3 0
office-uses 7 0
office-gaps 3 0
office-share 0 8
office-flags 3 0" "$marks" "the centre's bars and points"
expect_contains "$text" "every office: (none), North, South, east" "the centre's header"
expect_contains "$text" "Uses, by office: (none) 1, North 4, South 4, east 2 in the period." "the centre's offices"

note "usage errors"
expect_status 2 kb report --format html --section top_answers
expect_contains "$err" "--section is for text, csv and json" "html with --section"
expect_status 2 kb report --format html --width 80
expect_status 2 kb report --format pdf
expect_contains "$err" "--format is text, csv, json or html" "an unknown format"
expect_status 1 kb report --format html --output "$tmp/no/such/dir/r.html"
expect_contains "$err" "cannot write $tmp/no/such/dir/r.html" "an unwritable --output"
