# The project's commands. `make run` and `make test` are all a newcomer needs; both create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VNU_STAMP := node_modules/.installed
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install lock run test lint format check-seed check-deploy serve screenshots bench catalogues

CATALOGUES := $(wildcard missions/locale/*/LC_MESSAGES/django.po missions/*/locale/*/LC_MESSAGES/django.po)

install: $(STAMP) $(VNU_STAMP) $(CATALOGUES:.po=.mo)

# Installs exactly the versions (and hashes) pinned in requirements.lock, then the project itself;
# reinstalls only when the lock or the project's metadata changed since the last install.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c 'import sys; sys.version_info >= (3, 11, 3) or sys.exit( \
	  f"NMI Records needs Python 3.11.3 or later (requirements.lock pins its dependencies for" \
	  f" those); .venv has Python {sys.version.split()[0]}. Remove .venv, then run make again" \
	  " with a later Python: make run PYTHON=python3.12, say.")'
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Re-pins every dependency (dev ones included) within pyproject.toml's ranges, keeping the current
# pins where they still fit; `make lock UPGRADE=1` moves them all to the newest allowed releases.
lock: install
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra dev --strip-extras \
	  --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links \
	  $(if $(UPGRADE),--upgrade) --output-file requirements.lock pyproject.toml

# The French and Arabic catalogues, compiled with Babel (no GNU gettext needed): see
# scripts/catalogues.py.
%.mo: %.po $(STAMP)
	$(BIN)/python scripts/catalogues.py compile

# After marking strings for translation: adds them to every catalogue, to be translated there.
catalogues: install
	$(BIN)/python scripts/catalogues.py update

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
	@echo "  Admin:        http://$(HOST):$(PORT)/$${DJANGO_ADMIN_URL:-admin/}"
	@echo "  Create an editor account first:  $(MANAGE) create_editor USERNAME"
	@echo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) check --settings nmi_site.settings_test
	$(MANAGE) makemigrations --check --dry-run --settings nmi_site.settings_test
	$(MAKE) --no-print-directory check-seed
	$(MAKE) --no-print-directory check-deploy
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

# Production mode (docs/operations.md, "Deploy"): DEBUG off, static files collected with hashed, compressed
# names, gunicorn with WEB_CONCURRENCY workers. Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
serve: install
	DJANGO_DEBUG=false $(MANAGE) collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=false GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} $(BIN)/gunicorn

# Django's deployment checklist, under the production environment docs/operations.md documents.
check-deploy: install
	DJANGO_DEBUG=false DJANGO_HTTPS=true DJANGO_ALLOWED_HOSTS=nmi.example.org \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(MANAGE) check --deploy --fail-level WARNING

# Benchmarks, not part of `make test`: backup export/restore against dumpdata/loaddata, then
# gunicorn on loopback driven by wrk against PostgreSQL and Redis (writes bench/results.md).
# wrk comes from Debian's package, installed here when missing and run as root.
bench: install
	$(BIN)/python bench/backup.py
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get install -y -q wrk >/dev/null; } \
	  || { echo "wrk is missing: install it with 'apt-get install -y wrk'"; exit 1; }
	$(BIN)/python bench/serving.py
