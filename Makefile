# Roundtable: `make demo` to try it, `make test` to check it.
# Every target is safe to run again; installs are skipped when nothing changed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes side by side, each with its own test database (pytest-xdist);
# "auto" is one per core. TEST_WORKERS=0 runs the suite in one process. The 15
# slowest tests are listed at the end, so CI's log says where the time goes.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile --durations=15
export DJANGO_SETTINGS_MODULE := roundtable.settings

.PHONY: install demo serve test test-sqlite test-postgres smoke lint lint-imports format bench clean help

help:
	@echo "make demo    install everything, load the demo partnership, serve http://$(HOST):$(PORT)"
	@echo "make test    install what tests need and run the whole suite"
	@echo "make smoke   run the production path (DEBUG=false, collectstatic, gunicorn) and request the demo's pages"
	@echo "make install make lint  make bench  make clean"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is needed (set PYTHON=python3 to use another)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

var/frontend/roundtable.css: node_modules/.installed frontend/build.mjs frontend/roundtable.scss
	npm run --silent build

install: $(VENV)/.installed var/frontend/roundtable.css
	@mkdir -p var
	@echo "Installed: $(BIN)/roundtable"

demo: install
	$(BIN)/roundtable migrate --no-input -v 0
	$(BIN)/roundtable demo load
	@echo "Serving the demo on http://$(HOST):$(PORT)  (Ctrl+C to stop)"
	$(BIN)/roundtable runserver $(HOST):$(PORT)

serve: install
	$(BIN)/roundtable runserver $(HOST):$(PORT)

# The suite on SQLite, then on PostgreSQL when TEST_POSTGRES_URL is set
# (.ci/run starts a local server and sets it).
test: install test-sqlite test-postgres

test-sqlite: install
	@echo "== Test suite on SQLite"
	DATABASE_URL= $(PYTEST)

test-postgres: install
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== Test suite on PostgreSQL"; \
		DATABASE_URL="$$TEST_POSTGRES_URL" $(PYTEST); \
	else \
		echo "== PostgreSQL run skipped: set TEST_POSTGRES_URL=postgres://user:pass@127.0.0.1/roundtable (.ci/run does)"; \
	fi

# The documented production path on a throwaway database: migrate, demo load,
# collectstatic, check --deploy, gunicorn; then every public page of the demo.
smoke: install
	$(BIN)/python scripts/smoke_production.py

lint: install lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/roundtable makemigrations --check --dry-run

# Apps depend one way: the import-linter contracts in pyproject.toml.
lint-imports: install
	PYTHONPATH=src $(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	@for script in benchmarks/*.py; do \
		case "$$(basename $$script)" in benchsetup.py|search_volume.py) continue;; esac; \
		echo "== $$script"; $(BIN)/python $$script || exit 1; \
	done

clean:
	rm -rf var/frontend var/static .pytest_cache
