# The two commands that set up everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format collectstatic serve bench messages gettext

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files record that the requirements were installed, so unchanged requirements are
# not installed again; editing a requirements file re-installs.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# GNU gettext's msgfmt and xgettext build and check the message catalogues; Debian's package
# installs them when they are missing.
gettext:
	@command -v msgfmt >/dev/null && command -v xgettext >/dev/null \
		|| apt-get install -y --no-install-recommends gettext \
		|| { apt-get update && apt-get install -y --no-install-recommends gettext; }

# The interface's translations: locale/<language>/LC_MESSAGES/django.po, compiled to the .mo
# files Django reads. The compiled files are built here, never committed.
messages: gettext $(VENV)/.runtime-installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

# Gathers the marked strings of the code and templates into every language's catalogue, keeping
# the translations already there; new strings arrive untranslated, strings no longer used go.
MAKEMESSAGES_ARGS := --all --no-obsolete --add-location=file --ignore=.venv --ignore=bench \
	--ignore=tests --ignore=docs --ignore=staticfiles --ignore=media
.PHONY: update-messages
update-messages: gettext $(VENV)/.runtime-installed
	$(BIN)/python manage.py makemessages $(MAKEMESSAGES_ARGS) --verbosity 0

# `make run` is for a developer's machine: debug is on unless DJANGO_DEBUG says otherwise.
run: export DJANGO_DEBUG ?= true
run: $(VENV)/.runtime-installed messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# `make serve` is production: debug off, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS from the
# environment, gunicorn with gunicorn.conf.py (GUNICORN_WORKERS, GUNICORN_BIND).
serve: $(VENV)/.runtime-installed messages
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn --config gunicorn.conf.py

# The tests run with debug off, as in production, so they need the collected static files.
# One test process per core (pytest-xdist); PYTEST_WORKERS=0 runs them in this process.
# PYTEST_ARGS passes more options, e.g. PYTEST_ARGS='-m "not e2e"' leaves out the browser tests.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
test: $(VENV)/.dev-installed messages
	DJANGO_DEBUG=true $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# check_messages runs makemessages on a temporary copy of the sources (the working tree and
# the catalogues stay as they are) and fails, listing them, on any message missing from,
# untranslated or fuzzy in a language's catalogue, and on any catalogue entry no longer used.
lint: $(VENV)/.dev-installed gettext
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check_messages
	$(BIN)/python manage.py vendor_messages --check --verbosity 0

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Every figure of the scale targets (pages under load, reports, the feed, exports against
# COPY, admin pages) on PostgreSQL with scale-1 data, beside bench/baseline.json; writes
# bench/results.json and bench/RESULTS.md. BENCH_DATABASE_URL picks the database and
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--duration 2" (see bench/README.md).
bench: $(VENV)/.runtime-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The backup drill: dumps the load test's database (BACKUP_DATABASE_URL, default
# postgres://postgres@127.0.0.1:5432/itp_loadtest, made from the demo data when missing) with
# pg_dump and MEDIA_ROOT with tar, restores both into fresh ones and compares every table,
# sequence and file; fails on any difference and writes bench/BACKUP-DRILL.md.
# BACKUP_DRILL_ARGS=--keep keeps the restored copies. pg_dump and pg_restore come with
# PostgreSQL's client, which Debian's package installs when it is missing.
.PHONY: backup-drill postgresql-client
postgresql-client:
	@command -v pg_dump >/dev/null && command -v pg_restore >/dev/null \
		|| apt-get install -y --no-install-recommends postgresql-client \
		|| { apt-get update && apt-get install -y --no-install-recommends postgresql-client; }

backup-drill: postgresql-client $(VENV)/.runtime-installed
	$(BIN)/python loadtest/backup_drill.py $(BACKUP_DRILL_ARGS)

# HAProxy, the load test's balancer; Debian's package installs it when it is missing.
.PHONY: haproxy
haproxy:
	@command -v haproxy >/dev/null \
		|| apt-get install -y --no-install-recommends haproxy \
		|| { apt-get update && apt-get install -y --no-install-recommends haproxy; }

# The site on two gunicorn app servers behind HAProxy, on one PostgreSQL database (itp_loadtest,
# made afresh) and one Redis cache, under a Locust user mix for LOADTEST_SECONDS while an app
# server is killed, PostgreSQL restarted and Redis stopped; then the invariants, and
# bench/LOADTEST.md. About 3 minutes in all with the default 90 s of load (see loadtest/run.py).
LOADTEST_SECONDS ?= 90
.PHONY: loadtest
loadtest: $(VENV)/.dev-installed messages haproxy
	LOADTEST_SECONDS=$(LOADTEST_SECONDS) $(BIN)/python loadtest/run.py

# Screenshots of the main pages for the README, in docs/screenshots/: the demo data in a
# throw-away SQLite database, served by runserver and photographed by Chromium
# (/usr/bin/chromium; `apt-get install chromium`).
.PHONY: screenshots
screenshots: $(VENV)/.dev-installed
	$(BIN)/python docs/screenshots.py
