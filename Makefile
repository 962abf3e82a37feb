# Glossa — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test install migrate catalogue editor bench bench-import load faults clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# The set-up commands run as on a developer's machine unless told otherwise: with DEBUG off the
# app refuses to start without DJANGO_SECRET_KEY (see README, "Production").
LOCAL := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}

migrate: install
	$(LOCAL) $(PY) manage.py migrate --noinput

catalogue: migrate
	$(LOCAL) $(PY) manage.py import_catalogue fixtures/catalogue

## Set up everything on a fresh clone and serve on http://$(HOST):$(PORT), with the task worker
## that runs imports beside it (stopped with the server; an import it was running resumes on "Continue")
run: catalogue
	@DJANGO_DEBUG=1 $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; sleep 0.3; kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## Serve for real: gunicorn, DEBUG off, static files collected (see README, "Production")
## (with the task worker beside it, stopped with the server)
serve: migrate
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	@DJANGO_DEBUG=0 $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; sleep 0.3; kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn config.wsgi -c config/gunicorn.conf.py -b $(HOST):$(PORT)

## Create an editor account (asks for a password)
editor: migrate
	$(LOCAL) $(PY) manage.py add_editor $(or $(NAME),editor)

## The whole test suite (browser tests skip without Chromium, except under CI=true)
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

## Throughput and latency figures on a real gunicorn (see README)
bench: install
	@command -v wrk >/dev/null || [ "$$(id -u)" != 0 ] || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(if $(SCALE),--scale)

## Import throughput: 1,000 generated files parsed and stored (SQLite, or DATABASE_URL=postgres://…)
bench-import: install
	$(PY) bench/import_throughput.py --files $(or $(FILES),1000)

## Editors writing beside readers on a real gunicorn (127.0.0.1): errors, lost writes, p50/p99
load: install
	$(PY) bench/load.py

## SIGKILL a gunicorn worker and the importer mid-write: nothing half-stored, nothing lost
faults: install
	$(PY) bench/faults.py

clean:
	rm -rf $(VENV) db.sqlite3* .test-db.* staticfiles
