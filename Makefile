# `make` builds the decks from source/ into output/; `make test` runs every check.
CARGO ?= cargo
SOURCE ?= source
OUTPUT ?= output
PYTHON ?= python3
VENV := .venv

.PHONY: all build test check lint clean venv screenshots bench man

all: build

build:
	$(CARGO) run --release --quiet -- build $(SOURCE) -o $(OUTPUT)

check:
	$(CARGO) run --release --quiet -- check $(SOURCE)

# Formatting, clippy, the library alone (without the command line's
# dependencies), and the fuzz target (run by hand, see fuzz/README.md),
# which must keep compiling: checked in this crate's target folder, so it
# reuses what clippy compiled instead of checking every dependency again.
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --no-default-features -- -D warnings
	$(CARGO) check --quiet --manifest-path fuzz/Cargo.toml --target-dir target

# The Python test environment (real Anki for the round-trip tests in
# tests/anki/), rebuilt only when requirements-test.txt changes. A failed
# venv or install fails the target, and so `make test`.
venv: $(VENV)/.installed

$(VENV)/.installed: requirements-test.txt
	rm -f $@
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --disable-pip-version-check --quiet -r requirements-test.txt
	touch $@

# The push tests' AnkiConnect server (anki-connect-server, pinned with all it
# installs in requirements-connect.txt) needs Python 3.12 or newer: the first
# one found under pyenv or on PATH, or name it with CONNECT_PYTHON=.
CONNECT_VENV := .venv-connect
CONNECT_PYTHON ?= $(shell for p in $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3) python3.12 python3.13 python3.14 python3; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

$(CONNECT_VENV)/.installed: requirements-connect.txt
	@test -n "$(CONNECT_PYTHON)" || { echo "make test: the push tests need Python 3.12 or newer (anki-connect-server requires it) and none was found; install one (pyenv install 3.12) or name it: make test CONNECT_PYTHON=/path/to/python3.12" >&2; exit 1; }
	rm -f $@
	$(CONNECT_PYTHON) -m venv $(CONNECT_VENV)
	$(CONNECT_VENV)/bin/python -m pip install --disable-pip-version-check --quiet -r requirements-connect.txt
	touch $@

# Tests run on the release build: `make` has compiled its dependencies
# already, and an optimised binary runs the real-guide and real-Anki tests
# several times faster than a debug one.
# The Python environments install while clippy compiles (they wait on
# the network and the disk more than on the processor).
test:
	$(MAKE) --no-print-directory -j3 lint venv $(CONNECT_VENV)/.installed
	$(CARGO) test --release
	CARDSMITH_BIN=target/release/cardsmith CARDSMITH_CONNECT_PYTHON=$(CURDIR)/$(CONNECT_VENV)/bin/python $(VENV)/bin/python -m pytest tests/anki -q -n auto --maxprocesses=4

# Synthetic guides of about 1k, 10k and 100k cards, 2.4 and 25 MB guides,
# code-heavy guides of 0.24, 2.4 and 24 MB (the 2.4 MB one also converted by
# markdown-anki-decks 1.1.1, pinned in the bench's own venv) and a no-op
# rebuild of 100 guides: wall time, cards/s, MB/s, peak memory, stages, cost
# per card across sizes, and what writing the edited guides' outputs alone
# takes (examples/write_floor.rs).
BENCH_VENV := target/bench-venv

$(BENCH_VENV)/.installed: requirements-bench.txt
	rm -f $@
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --disable-pip-version-check --quiet -r requirements-bench.txt
	touch $@

bench: $(BENCH_VENV)/.installed
	$(CARGO) build --release --quiet --bin cardsmith --example write_floor
	$(PYTHON) tools/bench.py --cardsmith target/release/cardsmith --floor target/release/examples/write_floor --peer $(BENCH_VENV)/bin/python

# Phone-width pictures of real cards (light and night) for the README;
# needs Debian's chromium (apt-get install chromium).
screenshots: venv
	$(CARGO) build --quiet
	$(VENV)/bin/python tools/screenshots.py --cardsmith target/debug/cardsmith --guide $(SOURCE)/advanced-python.md --out docs/screenshots
	$(VENV)/bin/python tools/preview_screenshot.py --cardsmith target/debug/cardsmith --guide $(SOURCE)/advanced-python.md --out docs/screenshots

# Man pages (cardsmith.1 and one per command) from the command line's own
# definition, into man/: `man -l man/cardsmith-build.1`.
man:
	$(CARGO) run --release --quiet -- man --out man

clean:
	$(CARGO) clean
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -delete
