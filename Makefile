# kb: a terminal knowledge base.  GNU make.
#
#   make            build build/kb (and its libraries in build/)
#   make run        build, make a KB from the bundled sample, open it
#   make test       the whole test suite (unit + end to end)
#   make check      the same tests built with ASan and UBSan
#   make valgrind   the unit tests under valgrind
#   make eval       search relevance, beside plain OR ranking, on the sample
#                   set and the dev set (../shared/eval, where it exists)
#   make bench      speed on synthetic KBs of 10,000 and 100,000 answers
#   make lint       man pages (mandoc -Tlint), the curses-free core, and
#                   the layers' boundaries (tests/lint/boundary.sh)
#   make fuzz       libFuzzer (clang) on every target of tests/fuzz, each for
#                   FUZZ_SECONDS (60); `make test` replays their corpora
#   make install    PREFIX=/usr/local (DESTDIR supported); make uninstall
#   make deb        the Debian package $(BUILD)/kb_VERSION_ARCH.deb
#
# Missing Debian packages are installed with apt-get when run as root;
# otherwise the exact command is printed.  V=1 shows every command.

PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

PKGS = sqlite3 libgit2 md4c ncursesw cmocka
DEB_PACKAGES = pkg-config libsqlite3-dev libgit2-dev libmd4c-dev \
	libncurses-dev libcmocka-dev git tmux mandoc wamerican wspanish
TOOLS = pkg-config git tmux mandoc
# For `make test` only: the HTML report's test renders it in a browser
# (kb itself never needs one); kbsync's hosting tests run a real sshd and
# a real nginx with git-http-backend through fcgiwrap on 127.0.0.1;
# kb export's loads into a real PostgreSQL (initdb in the test's folder).
TEST_DEB_PACKAGES = chromium openssh-server openssh-client nginx-light \
	fcgiwrap openssl postgresql
TEST_TOOLS = chromium /usr/sbin/sshd ssh-agent /usr/sbin/nginx \
	/usr/sbin/fcgiwrap openssl psql '/usr/lib/postgresql/*/bin/initdb'
# General word lists: search never "corrects" a word they know (dict.c).
DICT_FILES = /usr/share/dict/american-english /usr/share/dict/spanish

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wformat=2
BASE_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-pthread $(WARNINGS) -MMD -MP

ifeq ($(V),1)
Q =
else
Q = @
endif

NO_CONFIG_GOALS = clean distclean deps
ifeq ($(filter-out $(NO_CONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
else
include $(BUILD)/config.mk
endif

# --- sources ---------------------------------------------------------------

LIB_SRCS = $(sort $(wildcard src/lib/*.c))
# Allocation, buffers, lists, maps, UTF-8, JSON: below the core and the
# front ends, which all link it.
UTIL_SRCS = $(sort $(wildcard src/util/*.c))
KBSYNC_MAIN = src/cli/kbsync.c
# kbsync is its own program: its main, and the option and progress code.
KBSYNC_SRCS = $(KBSYNC_MAIN) src/cli/opt.c src/cli/progress.c
CLI_SRCS = $(filter-out $(KBSYNC_MAIN),$(sort $(wildcard src/cli/*.c)))
TUI_SRCS = $(sort $(wildcard src/tui/*.c))
# The screen's model and key table: curses-free, unit-tested without it.
TUI_MODEL_SRCS = $(sort $(wildcard src/tui/model_*.c)) src/tui/keymap.c
UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))
UNIT_HELPERS = tests/unit/helpers.c

LIB_OBJS = $(LIB_SRCS:src/lib/%.c=$(BUILD)/lib/%.o)
UTIL_OBJS = $(UTIL_SRCS:src/util/%.c=$(BUILD)/util/%.o)
CLI_OBJS = $(CLI_SRCS:src/cli/%.c=$(BUILD)/cli/%.o)
TUI_OBJS = $(TUI_SRCS:src/tui/%.c=$(BUILD)/tui/%.o)
TUI_MODEL_OBJS = $(TUI_MODEL_SRCS:src/tui/%.c=$(BUILD)/tui/%.o)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
E2E_TESTS = $(sort $(wildcard tests/e2e/*/*-test.sh))

LIBKB = $(BUILD)/libkb.a
LIBUTIL = $(BUILD)/libkbutil.a
LIBTUI = $(BUILD)/libkbtui.a
KB = $(BUILD)/kb
KBSYNC = $(BUILD)/kbsync
KBSYNC_OBJS = $(KBSYNC_SRCS:src/cli/%.c=$(BUILD)/cli/%.o)

# The util layer sees only itself: it is below the core.
UTIL_CPPFLAGS = -Isrc/util
# The core sees its own headers and nothing of the front ends.
LIB_CPPFLAGS = -Iinclude -Isrc/lib -Isrc/util $(DEPS_CFLAGS)
# The CLI sees the core's API and the TUI's entry point (src/tui/include).
CLI_CPPFLAGS = -Iinclude -Isrc/tui/include -Isrc/cli -Isrc/util \
	-DKB_SAMPLE_DIR='"$(PREFIX)/share/kb/sample"'
# Only the TUI sees curses.
TUI_CPPFLAGS = -Iinclude -Isrc/tui/include -Isrc/tui -Isrc/util \
	$(CURSES_CFLAGS)
# Unit tests link the library without curses: curses in the core fails.
UNIT_CPPFLAGS = -Iinclude -Isrc/lib -Isrc/util -Itests/unit $(DEPS_CFLAGS) \
	$(CMOCKA_CFLAGS)

ALL_CFLAGS = $(BASE_CFLAGS) $(CFLAGS)

.PHONY: all run test check valgrind eval bench lint install uninstall deb \
	clean distclean deps unit e2e fuzz fuzz-deps fuzz-run test-deps
.DEFAULT_GOAL := all

all: $(KB) $(KBSYNC)

# --- configuration: find (or install) the libraries ------------------------

$(BUILD)/config.mk: Makefile
	$(Q)mkdir -p $(BUILD)
	$(Q)missing=""; \
	for t in $(TOOLS); do command -v $$t >/dev/null 2>&1 || \
		missing="$$missing $$t"; done; \
	for f in $(DICT_FILES); do [ -f $$f ] || missing="$$missing $$f"; done; \
	if command -v pkg-config >/dev/null 2>&1; then \
		for p in $(PKGS); do pkg-config --exists $$p || \
			missing="$$missing $$p"; done; \
	fi; \
	if [ -n "$$missing" ]; then \
		echo "kb: missing:$$missing"; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "kb: installing Debian packages: $(DEB_PACKAGES)"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq && \
			apt-get install -y -qq $(DEB_PACKAGES) >/dev/null || exit 1; \
		else \
			echo "kb: run this, then make again:"; \
			echo "  sudo apt-get install $(DEB_PACKAGES)"; \
			exit 1; \
		fi; \
	fi
	$(Q){ \
	echo "DEPS_CFLAGS = $$(pkg-config --cflags sqlite3 libgit2 md4c)"; \
	echo "DEPS_LIBS = $$(pkg-config --libs sqlite3 libgit2 md4c) -lm -pthread"; \
	echo "CURSES_CFLAGS = $$(pkg-config --cflags ncursesw)"; \
	echo "CURSES_LIBS = $$(pkg-config --libs ncursesw)"; \
	echo "CMOCKA_CFLAGS = $$(pkg-config --cflags cmocka)"; \
	echo "CMOCKA_LIBS = $$(pkg-config --libs cmocka)"; \
	} > $@.tmp && mv $@.tmp $@

deps: $(BUILD)/config.mk

# --- build -----------------------------------------------------------------

$(BUILD)/lib/%.o: src/lib/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(LIB_CPPFLAGS) -c $< -o $@

$(BUILD)/util/%.o: src/util/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(UTIL_CPPFLAGS) -c $< -o $@

$(BUILD)/cli/%.o: src/cli/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(CLI_CPPFLAGS) -c $< -o $@

$(BUILD)/tui/%.o: src/tui/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) $(TUI_CPPFLAGS) -c $< -o $@

$(LIBKB): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBUTIL): $(UTIL_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(LIBTUI): $(TUI_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(KB): $(CLI_OBJS) $(LIBTUI) $(LIBKB) $(LIBUTIL)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIBTUI) $(LIBKB) \
		$(LIBUTIL) $(DEPS_LIBS) $(CURSES_LIBS)

$(KBSYNC): $(KBSYNC_OBJS) $(LIBKB) $(LIBUTIL)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(KBSYNC_OBJS) $(LIBKB) \
		$(LIBUTIL) $(DEPS_LIBS)

$(BUILD)/tests/helpers.o: $(UNIT_HELPERS) $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(UNIT_CPPFLAGS) -c $< -o $@

$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/tests/helpers.o $(LIBKB) \
	$(LIBUTIL)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(UNIT_CPPFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/tests/helpers.o $(LIBKB) $(LIBUTIL) $(DEPS_LIBS) \
		$(CMOCKA_LIBS)

# The screen's model, linked without curses: a curses call there fails.
$(BUILD)/tests/test_tui_%: tests/unit/test_tui_%.c $(BUILD)/tests/helpers.o \
	$(TUI_MODEL_OBJS) $(LIBKB) $(LIBUTIL)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(UNIT_CPPFLAGS) -Isrc/tui \
		-DKB_SOURCE_DIR='"$(CURDIR)"' $(LDFLAGS) -o $@ $< \
		$(BUILD)/tests/helpers.o $(TUI_MODEL_OBJS) $(LIBKB) \
		$(LIBUTIL) $(DEPS_LIBS) $(CMOCKA_LIBS)

# The scorer runs the kb program; it links only SQLite (its baseline).
EVAL_OBJS = $(patsubst tests/eval/%.c,$(BUILD)/tests/eval-objs/%.o, \
	$(sort $(wildcard tests/eval/*.c)))

$(BUILD)/tests/eval-objs/%.o: tests/eval/%.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -O2 $(DEPS_CFLAGS) -Itests/eval -c $< -o $@

$(BUILD)/tests/eval: $(EVAL_OBJS)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(EVAL_OBJS) $(DEPS_LIBS)

$(BUILD)/tests/bench: tests/bench/bench.c $(LIBKB) $(LIBUTIL)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -O2 $(UNIT_CPPFLAGS) -o $@ $< $(LIBKB) \
		$(LIBUTIL) $(DEPS_LIBS)

$(BUILD)/tests/bench_tui: tests/bench/bench_tui.c $(LIBTUI) $(LIBKB) \
	$(LIBUTIL)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -O2 $(TUI_CPPFLAGS) -o $@ $< $(LIBTUI) \
		$(LIBKB) $(LIBUTIL) $(DEPS_LIBS) $(CURSES_LIBS)

$(BUILD)/tests/gen_kb: tests/bench/gen_kb.c
	@mkdir -p $(@D)
	$(Q)$(CC) -std=c11 -O2 -Wall -Wextra -Werror -o $@ $<

# --- fuzzing ---------------------------------------------------------------
#
# tests/fuzz/<target>.c is a libFuzzer target, tests/fuzz/corpus/<target>/
# its seed corpus.  `make test` replays every corpus through the target
# built with $(CC) (fuzz_<target> in the test list).  `make fuzz` builds
# the targets with clang, libFuzzer, ASan and UBSan in $(BUILD)/fuzz and
# runs each for FUZZ_SECONDS; what it finds goes to $(BUILD)/fuzz/corpus/
# (new inputs) and $(BUILD)/fuzz/crashes/ (add a crash, once fixed, to the
# seed corpus).

FUZZ_TARGETS = $(filter-out replay,$(basename $(notdir \
	$(wildcard tests/fuzz/*.c))))
FUZZ_REPLAYS = $(FUZZ_TARGETS:%=$(BUILD)/tests/fuzz_%)
FUZZ_SECONDS ?= 60
FUZZ_CPPFLAGS = $(UNIT_CPPFLAGS) -Itests/fuzz
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link
FUZZ_DEB_PACKAGES = clang libclang-rt-dev

$(BUILD)/tests/fuzz_replay.o: tests/fuzz/replay.c tests/fuzz/fuzz.h \
	$(BUILD)/config.mk
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_CPPFLAGS) -c $< -o $@

$(BUILD)/tests/fuzz_%: tests/fuzz/%.c tests/fuzz/fuzz.h \
	$(BUILD)/tests/fuzz_replay.o $(LIBKB) $(LIBUTIL)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_CPPFLAGS) $(LDFLAGS) -o $@ $< \
		$(BUILD)/tests/fuzz_replay.o $(LIBKB) $(LIBUTIL) $(DEPS_LIBS)

$(BUILD)/fuzzers/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(LIBKB) $(LIBUTIL)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(FUZZ_CPPFLAGS) -fsanitize=fuzzer \
		$(LDFLAGS) -o $@ $< $(LIBKB) $(LIBUTIL) $(DEPS_LIBS)

# clang and its libFuzzer: can they link a target?
fuzz-deps:
	$(Q)mkdir -p $(BUILD) && printf '%s\n%s\n' \
	    'int LLVMFuzzerTestOneInput(const char *d, long n);' \
	    'int LLVMFuzzerTestOneInput(const char *d, long n) { return !d + !n; }' \
	    > $(BUILD)/fuzz-probe.c
	$(Q)if ! clang -fsanitize=fuzzer -o $(BUILD)/fuzz-probe \
	    $(BUILD)/fuzz-probe.c >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "kb: installing Debian packages: $(FUZZ_DEB_PACKAGES)"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq && apt-get install -y -qq \
			    $(FUZZ_DEB_PACKAGES) >/dev/null || exit 1; \
		else \
			echo "kb: make fuzz needs clang and libFuzzer; run this:"; \
			echo "  sudo apt-get install $(FUZZ_DEB_PACKAGES)"; \
			exit 1; \
		fi; \
	fi
	$(Q)rm -f $(BUILD)/fuzz-probe $(BUILD)/fuzz-probe.c

fuzz: fuzz-deps
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzz CC=clang \
		CFLAGS="$(FUZZ_CFLAGS)" LDFLAGS="$(FUZZ_SAN)" \
		FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz-run

# Inside `make fuzz`: BUILD is the fuzzing build.
fuzz-run: $(FUZZ_TARGETS:%=$(BUILD)/fuzzers/%)
	$(Q)failed=""; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(BUILD)/corpus/$$t $(BUILD)/crashes; \
		echo "  FUZZ    $$t for $(FUZZ_SECONDS) s"; \
		KB_SAMPLE_DIR=$(CURDIR)/kb $(BUILD)/fuzzers/$$t \
		    -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		    -rss_limit_mb=2048 -print_final_stats=1 \
		    -artifact_prefix=$(BUILD)/crashes/$$t- \
		    $(BUILD)/corpus/$$t tests/fuzz/corpus/$$t \
		    >$(BUILD)/$$t.log 2>&1 || { \
			tail -n 30 $(BUILD)/$$t.log; failed="$$failed $$t"; }; \
		grep -E '^stat::number_of_executed_units' $(BUILD)/$$t.log | \
		    sed 's/^stat::number_of_executed_units: */          runs: /'; \
	done; \
	[ -z "$$failed" ] || { echo "fuzz: found crashes in:$$failed" \
	    "(inputs in $(BUILD)/crashes/, logs in $(BUILD)/)"; exit 1; }

# --- run, test -------------------------------------------------------------

RUN_KB = $(BUILD)/run-kb

run: $(KB)
	$(Q)[ -d $(RUN_KB) ] || ./$(KB) init $(RUN_KB) >/dev/null
	$(Q)tests/run-demo.sh ./$(KB) $(RUN_KB)

unit: $(UNIT_BINS)
e2e: $(KB) $(KBSYNC) $(BUILD)/tests/eval

# The tests' own Debian packages, installed as the build's are.
test-deps:
	$(Q)missing=""; for t in $(TEST_TOOLS); do \
		command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "kb: the tests need:$$missing"; \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "kb: installing Debian packages: $(TEST_DEB_PACKAGES)"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq && \
			apt-get install -y -qq $(TEST_DEB_PACKAGES) >/dev/null || \
			exit 1; \
		else \
			echo "kb: run this, then make test again:"; \
			echo "  sudo apt-get install $(TEST_DEB_PACKAGES)"; \
			exit 1; \
		fi; \
	fi

# Each test is a target of its own, RESULTS/NAME.result, which tests/run.sh
# --result writes (its PASS or FAIL line, a failure's log tail) and prints
# when the test is over: `make -j2 test` runs two tests at a time, `make
# test` one after the other.  A failed test is recorded, not an error of
# its target, so that every test runs; the run's last step counts the
# results and fails if a test did.  Every `make test` runs them all again
# (FORCE).  Everything is built before the first test starts (the *-run
# step is a second make), so that no compiler line comes between them.
TEST_RESULTS = $(BUILD)/test-results
VALGRIND_RESULTS = $(BUILD)/valgrind-results
UNIT_RESULTS = $(UNIT_BINS:$(BUILD)/tests/%=$(TEST_RESULTS)/%.result)
FUZZ_RESULTS = $(FUZZ_REPLAYS:$(BUILD)/tests/%=$(TEST_RESULTS)/%.result)
E2E_RESULTS = $(E2E_TESTS:tests/e2e/%.sh=$(TEST_RESULTS)/%.result)
UNIT_VALGRIND_RESULTS = \
	$(UNIT_BINS:$(BUILD)/tests/%=$(VALGRIND_RESULTS)/%.result)

.PHONY: test-run valgrind-deps valgrind-run FORCE

# The longest tests start first, so that `make -j2 test` does not end with
# one of them running alone (the summary keeps the usual order).
SLOW_E2E = usage/concurrency-test usage/report-html-test \
	proposals/approve-killed-test sync/ssh-test
SLOW_RESULTS = $(filter $(SLOW_E2E:%=$(TEST_RESULTS)/%.result), \
	$(E2E_RESULTS))

test: test-deps $(KB) $(KBSYNC) $(BUILD)/tests/eval $(UNIT_BINS) $(FUZZ_REPLAYS)
	$(Q)$(MAKE) --no-print-directory test-run

test-run: $(SLOW_RESULTS) $(UNIT_RESULTS) $(FUZZ_RESULTS) $(E2E_RESULTS)
	$(Q)tests/run.sh --summary $(UNIT_RESULTS) $(FUZZ_RESULTS) \
		$(E2E_RESULTS)

$(UNIT_RESULTS) $(FUZZ_RESULTS): $(TEST_RESULTS)/%.result: $(BUILD)/tests/% \
	FORCE
	$(Q)tests/run.sh --build $(BUILD) --result $@ $<

$(E2E_RESULTS): $(TEST_RESULTS)/%.result: tests/e2e/%.sh $(KB) $(KBSYNC) \
	$(BUILD)/tests/eval FORCE
	$(Q)tests/run.sh --build $(BUILD) --result $@ $<

check:
	$(Q)$(MAKE) --no-print-directory BUILD=build/san CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="$(SAN_FLAGS)" test

valgrind: valgrind-deps $(KB) $(UNIT_BINS)
	$(Q)$(MAKE) --no-print-directory valgrind-run

valgrind-deps:
	$(Q)command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && \
		apt-get install -y -qq valgrind >/dev/null; }

valgrind-run: $(UNIT_VALGRIND_RESULTS)
	$(Q)tests/run.sh --summary $(UNIT_VALGRIND_RESULTS)

# Their logs apart from `make test`'s: both may run at once.
$(UNIT_VALGRIND_RESULTS): $(VALGRIND_RESULTS)/%.result: $(BUILD)/tests/% \
	FORCE
	$(Q)tests/run.sh --build $(BUILD) --valgrind \
		--logs $(BUILD)/valgrind-logs --result $@ $<

FORCE:

# What the test programs include (-MMD): a changed header, such as
# tests/unit/helpers.h, builds them again.
-include $(BUILD)/tests/helpers.d $(UNIT_BINS:=.d) \
	$(BUILD)/tests/fuzz_replay.d $(FUZZ_REPLAYS:=.d) \
	$(FUZZ_TARGETS:%=$(BUILD)/fuzzers/%.d) \
	$(BUILD)/tests/bench.d $(BUILD)/tests/bench_tui.d

eval: $(BUILD)/tests/eval $(KB)
	$(Q)tests/eval/run-eval.sh $(BUILD)

bench: $(BUILD)/tests/bench $(BUILD)/tests/bench_tui $(BUILD)/tests/gen_kb $(KB) $(KBSYNC)
	$(Q)tests/bench/run-bench.sh $(BUILD)

# The boundary's check reads the objects of each layer, lowest first
# (UTIL_OBJS: src/util, where it exists), and the sources.
LINT_CLI_OBJS = $(sort $(CLI_OBJS) $(KBSYNC_OBJS))
LINT_OBJS = $(UTIL_OBJS) $(LIB_OBJS) $(TUI_OBJS) $(LINT_CLI_OBJS)

lint: $(LINT_OBJS)
	$(Q)mandoc -Tlint -Wwarning man/*.[0-9]
	$(Q)! grep -rlE '(n)?curses' src/lib include || \
		{ echo "curses in the core"; exit 1; }
	$(Q)! grep -lE '#include <(n)?curses' $(TUI_MODEL_SRCS) \
		src/tui/model.h src/tui/keymap.h || \
		{ echo "curses in the screen's model"; exit 1; }
	$(Q)sh tests/lint/boundary.sh --util "$(UTIL_OBJS)" --core "$(LIB_OBJS)" \
		--tui "$(TUI_OBJS)" --cli "$(LINT_CLI_OBJS)"
	$(Q)sh tests/lint/readme-map.sh

# --- install ---------------------------------------------------------------
#
# The systemd units go where systemd looks: /lib/systemd/system for
# PREFIX=/usr (Debian's place), else PREFIX/lib/systemd/system.  Their
# settings, /etc/default/kbsync, are the office's: install never
# overwrites them, uninstall removes them only as shipped.

SYSCONFDIR ?= $(if $(filter /usr /usr/local,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR ?= $(if $(filter /usr,$(PREFIX)),,$(PREFIX))/lib/systemd/system
KBSYNC_SETTINGS = $(DESTDIR)$(SYSCONFDIR)/default/kbsync
MAN1_PAGES = $(notdir $(wildcard man/*.1))
MAN5_PAGES = $(notdir $(wildcard man/*.5))
# `make deb` installs its own kb, built for /usr.
INSTALL_KB = $(KB)

install: $(INSTALL_KB) $(KBSYNC)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/man/man5 \
		$(DESTDIR)$(PREFIX)/share/kb/sample \
		$(DESTDIR)$(PREFIX)/share/kb/hooks \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/default
	install -m 755 $(INSTALL_KB) $(DESTDIR)$(PREFIX)/bin/kb
	install -m 755 $(KBSYNC) $(DESTDIR)$(PREFIX)/bin/kbsync
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5
	cp -R kb/. $(DESTDIR)$(PREFIX)/share/kb/sample
	install -m 755 man/examples/pre-receive \
		$(DESTDIR)$(PREFIX)/share/kb/hooks/pre-receive
	sed -e 's|@BINDIR@|$(PREFIX)/bin|g' \
		-e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' src/systemd/kbsync.service.in \
		>$(DESTDIR)$(UNITDIR)/kbsync.service
	chmod 644 $(DESTDIR)$(UNITDIR)/kbsync.service
	install -m 644 src/systemd/kbsync.timer $(DESTDIR)$(UNITDIR)/kbsync.timer
	@if [ -e $(KBSYNC_SETTINGS) ]; then \
		echo "kept $(KBSYNC_SETTINGS): it holds the office's settings"; \
	else \
		echo "install -m 644 src/systemd/kbsync.default" \
		    "$(KBSYNC_SETTINGS)"; \
		install -m 644 src/systemd/kbsync.default $(KBSYNC_SETTINGS); \
	fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kb $(DESTDIR)$(PREFIX)/bin/kbsync \
		$(MAN1_PAGES:%=$(DESTDIR)$(PREFIX)/share/man/man1/%) \
		$(MAN5_PAGES:%=$(DESTDIR)$(PREFIX)/share/man/man5/%) \
		$(DESTDIR)$(UNITDIR)/kbsync.service \
		$(DESTDIR)$(UNITDIR)/kbsync.timer
	rm -rf $(DESTDIR)$(PREFIX)/share/kb
	@if cmp -s src/systemd/kbsync.default $(KBSYNC_SETTINGS); then \
		echo "rm -f $(KBSYNC_SETTINGS)"; rm -f $(KBSYNC_SETTINGS); \
	elif [ -e $(KBSYNC_SETTINGS) ]; then \
		echo "kept $(KBSYNC_SETTINGS): it holds the office's settings"; \
	fi

# --- Debian package --------------------------------------------------------
#
# $(BUILD)/kb_VERSION_ARCH.deb: `make install PREFIX=/usr` staged in
# $(BUILD)/pkg/root, from the objects already built, then
# src/debian/build-deb.sh.  kb is linked again with cmd_init.o built for
# /usr: the one object that holds the prefix (the sample KB's place).

PKG = $(BUILD)/pkg
DEB_VERSION = $(shell sed -n \
	's/^.define KB_VERSION "\(.*\)"$$/\1/p' include/kb/kb.h)

$(PKG)/cli/cmd_init.o: override PREFIX = /usr
$(PKG)/cli/cmd_init.o: src/cli/cmd_init.c $(BUILD)/config.mk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(CLI_CPPFLAGS) -c $< -o $@

$(PKG)/kb: $(filter-out $(BUILD)/cli/cmd_init.o,$(CLI_OBJS)) \
	$(PKG)/cli/cmd_init.o $(LIBTUI) $(LIBKB) $(LIBUTIL)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o %.a,$^) \
		$(DEPS_LIBS) $(CURSES_LIBS)

deb: $(PKG)/kb $(KBSYNC)
	$(Q)rm -rf $(PKG)/root
	$(Q)$(MAKE) --no-print-directory install PREFIX=/usr \
		DESTDIR=$(PKG)/root INSTALL_KB=$(PKG)/kb >/dev/null
	$(Q)sh src/debian/build-deb.sh $(PKG)/root $(DEB_VERSION) $(BUILD)

-include $(PKG)/cli/cmd_init.d

clean:
	rm -rf $(BUILD) build

distclean: clean

-include $(UTIL_OBJS:.o=.d)
-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(BUILD)/cli/kbsync.d $(TUI_OBJS:.o=.d) \
	$(EVAL_OBJS:.o=.d)
