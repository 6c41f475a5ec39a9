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

# Installing: with uv when it is on PATH (seconds), else with pip. pip is the system's, pointed
# at .venv (no pip copied into .venv: that alone takes seconds), or .venv's own when the system
# has none. Nothing is byte-compiled up front: Python compiles what it imports, once.
INSTALL = install() { if command -v uv >/dev/null 2>&1; then \
	    uv pip install --quiet --python $(BIN)/python "$$@"; \
	  elif $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	    $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile "$$@"; \
	  else \
	    $(PYTHON) -m pip --python $(BIN)/python install --quiet --disable-pip-version-check \
	      --no-compile "$$@"; \
	  fi; }; install
VENV_NEW = if command -v uv >/dev/null 2>&1; then uv venv --quiet --python $(PYTHON) $(VENV); \
	  elif $(PYTHON) -m pip --python "$$(command -v $(PYTHON))" --version >/dev/null 2>&1; then \
	    $(PYTHON) -m venv --without-pip $(VENV); \
	  else $(PYTHON) -m venv $(VENV); fi

$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || { $(VENV_NEW); }
	@$(INSTALL) -e '.[web]'
	@rm -f $(VENV)/.installed-run-*
	@touch $@

$(STAMP): $(RUN_STAMP)
	@$(INSTALL) -e '.[test]'
	@# the wheel test builds and installs with .venv's own pip (make run does without one)
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null
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

# Byte-compiled first, as Python does on a user's first run (PYTHONDONTWRITEBYTECODE, set on
# some machines, would otherwise have every timed start compile hamtui again).
bench: $(STAMP)
	@$(BIN)/python -m compileall -q src bench
	$(BIN)/python -m bench $(ARGS)

snapshots: $(STAMP)
	$(BIN)/pytest tests/snapshots --snapshot-update $(ARGS)

clean:
	rm -rf $(VENV) dist build .mypy_cache .ruff_cache .pytest_cache
