# rmapbench: `make` builds bin/rmapbench, `make check` installs what is
# missing, builds and runs every test (plain, then the concurrency tests
# under ThreadSanitizer and under AddressSanitizer+UBSan).

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wno-format-nonliteral -D_GNU_SOURCE -Isrc
GIT     := $(shell git describe --always --dirty 2>/dev/null || echo unknown)
# output.c writes GIT into every CSV's header: the stamp is rewritten, and
# output.c recompiled, whenever the description changes, not only when
# output.c does.
GIT_STAMP := build/git-describe
$(shell mkdir -p build && { [ "$$(cat $(GIT_STAMP) 2>/dev/null)" = '$(GIT)' ] || echo '$(GIT)' > $(GIT_STAMP); })
# Each strategy file (one per line of src/strategy/list.h) is compiled once
# more per variant of src/model/access.h: build/.../<s>.o is RMAP_FAST (it
# defines the strategy), <s>.v<n>.o is variant n.  1 = RMAP_STATS,
# 3 = RMAP_COUNT; 2 (RMAP_MODEL) is added by the machine layer.
STRATEGIES    := $(shell sed -n 's/^STRATEGY(\(.*\))/\1/p' src/strategy/list.h)
RMAP_VARIANTS := 1 2 3
DEFS    := -DRMAPBENCH_CFLAGS='"$(CFLAGS)"' -DRMAPBENCH_GIT='"$(GIT)"' \
	   $(RMAP_VARIANTS:%=-DRMAP_HAVE_VARIANT_%)
LIBS    := -lhwloc -lnuma -lpthread -lm
TESTLIBS := -lcmocka

SRC     := $(wildcard src/*/*.c)
LIBSRC  := $(filter-out src/cmd/main.c,$(SRC))
HDR     := $(wildcard src/*/*.h)
# tests/<layer>/ holds the tests of src/<layer>/ (tests/cmd the command
# line's, end to end); each test_*.c is one program.
TESTS   := $(patsubst tests/%.c,%,$(wildcard tests/*/test_*.c))
# Every test runs again under AddressSanitizer+UBSan; the ones with threads
# (and the parsers of untrusted files) under ThreadSanitizer too: each says
# so in its second line, "// make: also under ThreadSanitizer (why)".
ASAN_TESTS := $(TESTS)
TSAN_TESTS := $(patsubst tests/%.c,%,$(shell grep -l '^// make: also under ThreadSanitizer' tests/*/test_*.c))
# Every shell test, after the layer check and the file-cycle check (which
# reads the plain build's objects, made first for bin/rmapbench).
SHELL_TESTS := scripts/layers.sh scripts/cycles.sh $(wildcard tests/*/*.sh)

SAN_tsan  := -fsanitize=thread -O1 -g
SAN_asan  := -fsanitize=address,undefined -fno-sanitize-recover=all -O1 -g -fno-omit-frame-pointer
SAN_fuzz  := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -O1 -g

.PHONY: all check test deps clean format fuzz asan golden
.DELETE_ON_ERROR:

all: bin/rmapbench bin/rmapbench-forkexec

# A strategy file compiled as variant $(4) of model/access.h.
define rmap_variant
build/$(1)/strategy/%.v$(4).o: src/strategy/%.c $(HDR)
	@mkdir -p $$(dir $$@)
	$(or $(3),$$(CC)) $$(WARN) $(2) $$(DEFS) -DRMAP_VARIANT=$(4) -c $$< -o $$@
endef

# build/<variant>/ holds one object tree per variant: plain, tsan, asan,
# and fuzz (clang, for libFuzzer).
define variant
build/$(1)/%.o: src/%.c $(HDR)
	@mkdir -p $$(dir $$@)
	$(or $(3),$$(CC)) $$(WARN) $(2) $$(DEFS) -c $$< -o $$@
build/$(1)/tests/%: tests/%.c tests/*.h build/$(1)/librmap.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(WARN) -Itests $(2) $$< build/$(1)/librmap.a $$(TESTLIBS) $$(LIBS) -o $$@
$(foreach v,$(RMAP_VARIANTS),$(eval $(call rmap_variant,$(1),$(2),$(3),$(v))))
# Made afresh: ar would keep the object of a renamed or deleted file.
build/$(1)/librmap.a: $$(patsubst src/%.c,build/$(1)/%.o,$$(LIBSRC)) \
		$$(foreach v,$$(RMAP_VARIANTS),$$(STRATEGIES:%=build/$(1)/strategy/%.v$$(v).o))
	rm -f $$@ && ar rcs $$@ $$^
endef
build/plain/engine/output.o build/tsan/engine/output.o \
build/asan/engine/output.o build/fuzz/engine/output.o: $(GIT_STAMP)
$(eval $(call variant,plain,$(CFLAGS)))
$(eval $(call variant,tsan,$(SAN_tsan)))
$(eval $(call variant,asan,$(SAN_asan)))
$(eval $(call variant,fuzz,$(SAN_fuzz),clang))

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

build/fuzz/%: tests/fuzz/%.c build/fuzz/librmap.a
	clang $(WARN) $(subst fuzzer-no-link,fuzzer,$(SAN_fuzz)) $< build/fuzz/librmap.a $(LIBS) -o $@

# Each target for FUZZ_SECONDS, from the committed seed corpus.
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=build/fuzz/%)
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bin/rmapbench: build/plain/cmd/main.o build/plain/librmap.a
	@mkdir -p bin
	$(CC) $(CFLAGS) $^ $(LIBS) -o $@

# `rmapbench truth --exec`'s fork+exec loop: libc only, `cc -O2`, as
# doexec is built (tools/forkexec.c).
bin/rmapbench-forkexec: tools/forkexec.c
	@mkdir -p bin
	$(CC) -O2 $(WARN) $< -o $@

# The twins (tools/twin.h), each one loop for this host and for a
# modelled machine (TWIN_MODEL): two CPUs on one lock (tools/lockloop.c;
# docs/model.md, "Two CPUs on one lock"), two CPUs walking the same struct
# pages in and out of step (tools/walkstep.c; "Two walkers in and out of
# step").
TWINS := lockloop walkstep
TWIN_BINS := $(TWINS:%=bin/rmapbench-%) $(TWINS:%=bin/rmapbench-%-model)
$(TWINS): %: bin/rmapbench-% bin/rmapbench-%-model

$(TWINS:%=bin/rmapbench-%): bin/rmapbench-%: tools/%.c tools/twin.h build/plain/librmap.a
	@mkdir -p bin
	$(CC) $(CFLAGS) $(WARN) $(filter-out %.h,$^) $(LIBS) -o $@

$(TWINS:%=bin/rmapbench-%-model): bin/rmapbench-%-model: tools/%.c tools/twin.h build/plain/librmap.a
	@mkdir -p bin
	$(CC) $(CFLAGS) $(WARN) -DTWIN_MODEL $(filter-out %.h,$^) $(LIBS) -o $@

# The CLI under AddressSanitizer+UBSan, as the tests run the library:
# bin/rmapbench-asan, beside bin/rmapbench so that it finds machines/.
asan: bin/rmapbench-asan

bin/rmapbench-asan: build/asan/cmd/main.o build/asan/librmap.a
	@mkdir -p bin
	$(CC) $(SAN_asan) $^ $(LIBS) -o $@

deps:
	@scripts/deps.sh check

SAN_RUNS := $(TSAN_TESTS:%=build/tsan/tests/%) $(ASAN_TESTS:%=build/asan/tests/%)

test: bin/rmapbench bin/rmapbench-forkexec $(TWIN_BINS) $(TESTS:%=build/plain/tests/%) $(SAN_RUNS)
	@scripts/run-tests.sh $(TESTS:%=build/plain/tests/%) $(SAN_RUNS) \
		$(SHELL_TESTS)

# Rewrites tests/testdata/ (the golden files) from what the tests that
# compare with them now produce; read `git diff tests/testdata` after.
GOLDEN_TESTS := $(patsubst tests/%.c,%,$(shell grep -lw 'assert_golden' tests/*/test_*.c))
GOLDEN_SCRIPTS := $(shell grep -l '^[[:space:]]*golden ' tests/*/*.sh)

golden: bin/rmapbench $(GOLDEN_TESTS:%=build/plain/tests/%)
	@UPDATE_GOLDEN=1 scripts/run-tests.sh $(GOLDEN_TESTS:%=build/plain/tests/%) \
		$(GOLDEN_SCRIPTS)

# The three builds (plain, ASan+UBSan, TSan) on every CPU; the tests then
# run one at a time (scripts/run-tests.sh), so that none times another.
check: deps
	@$(MAKE) --no-print-directory -j$(shell getconf _NPROCESSORS_ONLN) test

format:
	clang-format -i $(SRC) $(HDR) tests/*/test_*.c tests/*.h tests/fuzz/*.c tools/*.c

clean:
	rm -rf build bin
