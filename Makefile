# The project's commands. `make run` and `make test` are all a newcomer needs; both create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format serve check-deploy bench

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
	@echo "  Admin:        http://$(HOST):$(PORT)/$${DJANGO_ADMIN_URL:-admin/}"
	@echo "  Create an editor account first:  $(MANAGE) createsuperuser"
	@echo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check --settings nmi_site.settings_test
	$(MANAGE) makemigrations --check --dry-run --settings nmi_site.settings_test
	$(MAKE) --no-print-directory check-deploy
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production mode (README, "Deploy"): DEBUG off, static files collected with hashed, compressed
# names, gunicorn with WEB_CONCURRENCY workers. Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
serve: install
	DJANGO_DEBUG=false $(MANAGE) collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=false GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn

# Django's deployment checklist, under the production environment README documents.
check-deploy: install
	DJANGO_DEBUG=false DJANGO_HTTPS=true DJANGO_ALLOWED_HOSTS=nmi.example.org \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(MANAGE) check --deploy --fail-level WARNING

# Load benchmarks: gunicorn on loopback driven by wrk, against PostgreSQL and Redis; writes
# bench/results.md. Not part of `make test`.
bench: install
	@command -v wrk >/dev/null || { echo "wrk is missing: install it with 'apt-get install -y wrk'"; exit 1; }
	$(BIN)/python bench/serving.py
