# fairsweep - one Makefile for every configuration.
#
#   make            release build, bin/fairsweep
#   make check      install missing packages, build, run every test
#   make demo       install missing packages, build, run a small sweep
#   make asan       ASan + UBSan build running the unit tests
#   make bench      benchmarks, side by side with their references
#   make install PREFIX=/usr/local
#
# BUILD selects the configuration: release | debug | asan.
# Each configuration has its own object tree under build/$(BUILD)/.
# DEVELOPER=1 (set by CI) turns warnings into errors.

BUILD ?= release
O := build/$(BUILD)
PREFIX ?= /usr/local

ifeq ($(origin CC),default)
CC := mpicc
endif

PKGS := hdf5-openmpi openblas cmocka gsl libfyaml
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# GSL's own CBLAS is dropped: OpenBLAS provides the cblas_* symbols.
PKG_LIBS := $(filter-out -lgslcblas -lcmocka,$(shell pkg-config --libs $(PKGS) 2>/dev/null)) -lglpk -lm
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wvla -Wwrite-strings -fno-common
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif

OPT_release := -O2 -g -DNDEBUG
OPT_debug := -O0 -g
OPT_asan := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
ifeq ($(OPT_$(BUILD)),)
$(error unknown BUILD=$(BUILD); use release, debug or asan)
endif

CPPFLAGS := -I. $(patsubst -I%,-isystem %,$(PKG_CFLAGS)) -D_POSIX_C_SOURCE=200809L
CFLAGS := -std=c11 $(WARN) $(OPT_$(BUILD)) -MMD -MP
LDFLAGS := $(filter -fsanitize=%,$(OPT_$(BUILD)))

VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CPPFLAGS += -DFS_VERSION=\"$(VERSION)\"

MODULES := core envs learners jobs mpi slurm analysis
LIB_SRCS := $(sort $(foreach m,$(MODULES),$(wildcard $(m)/*.c)))
CLI_SRCS := $(sort $(wildcard cli/*.c))
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_SUPPORT := $(filter-out tests/unit/test_%,$(wildcard tests/unit/*.c))
BENCH_SRCS := $(sort $(wildcard bench/*.c))

LIB := $(O)/libfairsweep.a
EXE := $(O)/fairsweep
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)
TEST_BINS := $(TEST_SRCS:%.c=$(O)/%)
TEST_SUPPORT_OBJS := $(TEST_SUPPORT:%.c=$(O)/%.o)
BENCH_BINS := $(BENCH_SRCS:%.c=$(O)/%)

.PHONY: all deps check unit integration demo asan bench install clean \
        test-bins bench-deps
.DEFAULT_GOAL := all

all: bin/fairsweep

bin/fairsweep: $(EXE)
	@mkdir -p bin
	cp $< $@

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

$(EXE): $(CLI_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(PKG_LIBS)

$(O)/tests/unit/%: $(O)/tests/unit/%.o $(TEST_SUPPORT_OBJS) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(TEST_SUPPORT_OBJS) $(LIB) $(PKG_LIBS) $(CMOCKA_LIBS)

$(O)/bench/%: $(O)/bench/%.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ $< $(LIB) $(PKG_LIBS)

test-bins: $(TEST_BINS) $(EXE)

deps:
	@scripts/deps.sh

# Every test: unit tests, then the integration scripts (real mpirun, real
# HDF5 files, real Slurm). tests/run.sh prints the closing tally.
check: deps
	@$(MAKE) --no-print-directory test-bins bin/fairsweep
	@tests/run.sh $(O) $(TEST_BINS)

unit: test-bins
	@tests/run.sh --unit-only $(O) $(TEST_BINS)

asan: deps
	@$(MAKE) --no-print-directory BUILD=asan unit

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

bench-deps: deps
	@scripts/deps.sh --bench

bench: bench-deps
	@$(MAKE) --no-print-directory $(BENCH_BINS) bin/fairsweep
	@scripts/bench.sh $(O)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 bin/fairsweep $(DESTDIR)$(PREFIX)/bin/fairsweep

clean:
	rm -rf build bin

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_BINS:=.d) \
         $(TEST_SUPPORT_OBJS:.o=.d) $(BENCH_BINS:=.d)

# Keep intermediate objects (test and bench .o files) between runs.
.SECONDARY:
