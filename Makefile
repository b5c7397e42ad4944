# Handover — `make run` starts the bot, `make test` runs the whole suite.
# Each target sets up .venv by itself and reinstalls only when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-later eval-news lint bench bench-quick clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/handover start

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The suite under a clock 400 days ahead (Debian's faketime): passing today is not enough.
# Its SQLite half: a PostgreSQL server keeps its own clock, which faketime cannot move.
# Tests of timed waits between threads are left out: faketime moves the monotonic clock
# those waits are counted on (they run in `make test`).
test-later: $(STAMP)
	faketime -f '+400d' $(BIN)/python -m pytest -p no:cacheprovider -k "not postgresql" \
		-m "not monotonic_clock"

# The extractor on real news: the labelled development and test splits (texts in a
# git-ignored cache; without it, this says how to rebuild it).
eval-news: $(STAMP)
	$(BIN)/python -m tests.extraction.news

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis *.egg-info
