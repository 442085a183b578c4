# One entry point per task. The virtual environment is made on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test quick lint typecheck unit bench clean browser-deps

$(STAMP): pyproject.toml scripts/setup_system.sh
	bash scripts/setup_system.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/lantian run

lint: $(STAMP)
	$(BIN)/ruff check bot tests scripts
	$(BIN)/ruff format --check bot tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

# Debian's chromium + chromedriver and the npm packages (axe-core, lighthouse) that the browser
# tests in tests/browser use; a quick no-op once installed.
browser-deps:
	bash scripts/setup_browser.sh

unit: $(STAMP) browser-deps
	$(BIN)/pytest

test: lint typecheck unit

# Everything but the tests marked slow (the SIGKILL durability run, the import memory test,
# the national demo, the real-browser tests in tests/browser): for every change; `make test`
# before a merge.
quick: $(STAMP) lint typecheck
	$(BIN)/pytest -m "not slow"

bench: $(STAMP)
	$(BIN)/python scripts/bench_lookup.py
	$(BIN)/python scripts/bench_import.py --rows 1000000
	$(BIN)/python scripts/bench_bot.py

clean:
	rm -rf $(VENV) build data .mypy_cache .ruff_cache .pytest_cache
