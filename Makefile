# The two commands: `make run` (the demo at http://127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run reset-demo test audit lint format install install-dev clean bench

run: $(VENV)/.installed-run .env
	@bash scripts/run.sh

# The SQLite demo as on a fresh clone: its database, uploads, emails, logs and beat schedule.
reset-demo:
	rm -rf db.sqlite3 media-private var
	@echo "The next 'make run' seeds the demo afresh."

test: $(VENV)/.installed-dev .env
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m bandit -c pyproject.toml -r greenhouse_office assessments taskforces -ll -q
	$(BIN)/python -m pytest

# Known vulnerabilities in the pinned packages (scripts/audit.sh; skipped where PyPI is unreachable).
audit: $(VENV)/.installed-dev
	@bash scripts/audit.sh

# National-scale figures (bench/): PostgreSQL at DATABASE_URL, default the database gh_bench on
# 127.0.0.1 (created if missing, filled with 10,000 applications if empty); appends bench/RESULTS.md.
bench: $(VENV)/.installed-run
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/python -m ruff check --fix .
	$(BIN)/python -m ruff format .

install: $(VENV)/.installed-run
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	@echo "Creating $(VENV) with $(PYTHON) and installing the pinned packages (first run only)..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip

# -qq: pip's errors only (a failed install still stops make); its progress and notes would bury
# the demo's logins on the first run.
PIP := $(BIN)/python -m pip install -qq

$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	@$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	@$(PIP) -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-run

# A development checkout runs with debug on, so `manage.py` works by hand (never committed; the
# production image excludes it and sets its variables).
.env:
	@printf '# Local development settings (see .env.example for production).\nDJANGO_DEBUG=true\n' > $@
	@echo "Wrote .env with DJANGO_DEBUG=true for local development."

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
