# The project's commands. `make run` and `make test` are all a newcomer needs; both create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format

install: $(STAMP)

# Reinstalls only when the project's metadata changed since the last install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) loaddata nmi
	@echo
	@echo "  Public site:  http://$(HOST):$(PORT)/"
	@echo "  Admin:        http://$(HOST):$(PORT)/admin/"
	@echo "  Create an editor account first:  $(MANAGE) createsuperuser"
	@echo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check --settings nmi_site.settings_test
	$(MANAGE) makemigrations --check --dry-run --settings nmi_site.settings_test
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: bench
# Benchmarks: slow, so not part of `make test`. Each step prints its measurements and targets.
bench: install
	$(BIN)/python bench/backup.py
