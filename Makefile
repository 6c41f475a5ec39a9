# Every target bootstraps .venv on a fresh machine: `make run` and `make test` are all you need.
# `make run` installs only what running needs (the app and browser mode); the test tooling
# comes with the first `make test`, `make bench` or `make snapshots`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUM    := $(shell cksum pyproject.toml | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.installed-run-$(SUM)
STAMP  := $(VENV)/.installed-test-$(SUM)
ARGS   ?=

.PHONY: run test lint typecheck pytest bench snapshots clean

$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[web]'
	@rm -f $(VENV)/.installed-run-*
	@touch $@

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-test-*
	@touch $@

run: $(RUN_STAMP)
	$(BIN)/hamtui $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/hamtui

pytest: $(STAMP)
	$(BIN)/pytest -n auto $(ARGS)

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

snapshots: $(STAMP)
	$(BIN)/pytest tests/snapshots --snapshot-update $(ARGS)

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
