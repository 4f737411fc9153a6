# `make` builds the decks from source/ into output/; `make test` runs every check.
CARGO ?= cargo
SOURCE ?= source
OUTPUT ?= output

.PHONY: all build test check lint clean

all: build

build:
	$(CARGO) run --release --quiet -- build $(SOURCE) -o $(OUTPUT)

check:
	$(CARGO) run --release --quiet -- check $(SOURCE)

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

test: lint
	$(CARGO) test

clean:
	$(CARGO) clean
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -delete
