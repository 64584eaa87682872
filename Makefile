# detente: the two commands of the README, and a few more.
#   make demo   install missing build dependencies, build, forecast both summits
#   make test   install missing build dependencies, build, run the whole test suite
# Other targets: build, sanitize (ASan+UBSan suite), tsan (ThreadSanitizer on
# the threaded code), bench, format, check-format, clean, install and
# uninstall (PREFIX, DESTDIR; docs/install.md), deb and deb-check (Debian
# packages), fuzz (libFuzzer, FUZZ_SECONDS; docs/testing.md). The real build is CMake's; this file only drives it.

BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
# cmake --build runs make again: keep its "Entering directory" lines quiet.
MAKEFLAGS += --no-print-directory

.PHONY: all deps deps-test build demo test sanitize tsan bench examples format check-format clean

all: build

deps:
	@tools/install-deps

deps-test:
	@tools/install-deps test

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target detente
	@echo
	@echo '== detente forecast scenarios/hanoi-2019.yaml'
	@$(BUILD)/detente forecast scenarios/hanoi-2019.yaml
	@echo
	@echo '== detente forecast scenarios/anchorage-2025.yaml'
	@$(BUILD)/detente forecast scenarios/anchorage-2025.yaml

test: deps-test
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

sanitize: deps-test
	@cmake -S . -B build-asan -DDT_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
		$(CMAKE_FLAGS) >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

# ThreadSanitizer on the code that starts threads (platform/, used by smp
# and the sweep's mc/), and on charts and reports of one scenario shared
# by several threads (test_threads; tests/tsan.supp: the uninstrumented
# font libraries only).
tsan: deps
	@cmake -S . -B build-tsan -DDT_TSAN=ON -DCMAKE_BUILD_TYPE=Debug \
		-DDT_MPI=OFF $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-tsan -j $(JOBS)
	@cd build-tsan && TSAN_OPTIONS=halt_on_error=1:suppressions=$(CURDIR)/tests/tsan.supp \
		ctest --output-on-failure -j $(JOBS) -R 'unit_test_(smp|cli|sweep|sweep_cli|threads)$$|cli_sweep_no_mpi'

bench: build
	@$(BUILD)/dt_bench

# The shipped example report (docs/reports.md): both summits, with the
# analysis and a modest sweep, regenerated from the built tool.
EXAMPLE_DRAWS ?= 2000
examples: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target detente
	@mkdir -p examples
	@$(BUILD)/detente report scenarios/hanoi-2019.yaml \
		scenarios/anchorage-2025.yaml --draws $(EXAMPLE_DRAWS) --seed 2025 \
		-o examples/summits --force

FORMAT_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

format:
	@clang-format -i $(FORMAT_FILES)

check-format:
	@clang-format --dry-run -Werror $(FORMAT_FILES)

clean:
	@rm -rf $(BUILD) build-asan build-tsan build-fuzz build-deb

# Install (docs/install.md): PREFIX (default /usr/local) is configured
# into the build (the pkg-config files name it); DESTDIR stages the files
# elsewhere (packaging). `make uninstall` removes what the last install
# wrote (same PREFIX and DESTDIR).
PREFIX ?= /usr/local
.PHONY: install uninstall
install: deps
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target detente detente_shared \
		detente_report_shared detente_static detente_report_static man
	@DESTDIR=$(DESTDIR) cmake --install $(BUILD)

uninstall:
	@DESTDIR=$(DESTDIR) cmake --build $(BUILD) --target uninstall

# Fuzzing (docs/testing.md): libFuzzer harnesses of tests/fuzz/ built with
# clang into build-fuzz, each run FUZZ_SECONDS; the corpus replay is a
# ctest (fuzz_replay_*) of every build, `make sanitize` included.
FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: deps
	@FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) tools/fuzz-run

# Debian packages (docs/install.md): built out of tree into build-deb
# (debhelper, lintian); deb-check also extracts and uses them.
.PHONY: deb deb-check
deb: deps
	@DT_DEPS_EXTRA="debhelper lintian dpkg-dev" tools/install-deps
	@JOBS=$(JOBS) tools/deb-build build-deb

deb-check: deps
	@DT_DEPS_EXTRA="debhelper lintian dpkg-dev" tools/install-deps
	@JOBS=$(JOBS) tools/deb-check build-deb
