# The project's commands. `make run` and `make test` are all a newcomer needs; both create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VNU_STAMP := node_modules/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format check-seed screenshots

install: $(STAMP) $(VNU_STAMP)

# Reinstalls only when the project's metadata changed since the last install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The Nu HTML Checker (npm's vnu-jar, pinned in package-lock.json) for the HTML-validity test.
# Its install script would download a Java runtime: skipped, as the test runs the system's Java.
$(VNU_STAMP): package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(VNU_STAMP); \
	else echo "npm is missing: the HTML-validity test will be skipped (install Node.js and npm)"; fi

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) loaddata nmi
	@echo
	@echo "  Public site:  http://$(HOST):$(PORT)/"
	@echo "  Admin:        http://$(HOST):$(PORT)/admin/"
	@echo "  Create an editor account first:  $(MANAGE) create_editor USERNAME"
	@echo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check --settings nmi_site.settings_test
	$(MANAGE) makemigrations --check --dry-run --settings nmi_site.settings_test
	$(MAKE) --no-print-directory check-seed
	$(BIN)/pytest

# The seed must pass `check_content`: load it into a throwaway SQLite database and check it there.
check-seed: install
	@dir=$$(mktemp -d) && export DATABASE_URL=sqlite:///$$dir/seed.sqlite3 && \
	$(MANAGE) migrate --no-input -v0 --settings nmi_site.settings_test && \
	$(MANAGE) loaddata nmi -v0 --settings nmi_site.settings_test && \
	$(MANAGE) check_content --settings nmi_site.settings_test; \
	status=$$?; rm -rf $$dir; exit $$status

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# README screenshots of the seeded public site (docs/overview.png, docs/timeline.png).
screenshots: install
	$(BIN)/python scripts/screenshots.py

.PHONY: bench
# Benchmarks: slow, so not part of `make test`. Each step prints its measurements and targets.
bench: install
	$(BIN)/python bench/backup.py
