# Glossa — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test install migrate catalogue editor bench load faults clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

catalogue: migrate
	$(PY) manage.py import_catalogue fixtures/catalogue

## Set up everything on a fresh clone and serve on http://$(HOST):$(PORT)
run: catalogue
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## Serve for real: gunicorn, DEBUG off, static files collected (see README, "Production")
serve: migrate
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 $(VENV)/bin/gunicorn config.wsgi -c config/gunicorn.conf.py -b $(HOST):$(PORT)

## Create an editor account (asks for a password)
editor: migrate
	$(PY) manage.py add_editor $(or $(NAME),editor)

## The whole test suite (browser tests skip without Chromium, except under CI=true)
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

## Throughput and latency figures on a real gunicorn (see README)
bench: install
	@command -v wrk >/dev/null || [ "$$(id -u)" != 0 ] || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(PY) bench/run.py $(if $(SCALE),--scale)

## Editors writing beside readers on a real gunicorn (127.0.0.1): errors, lost writes, p50/p99
load: install
	$(PY) bench/load.py

## SIGKILL a gunicorn worker and the importer mid-write: nothing half-stored, nothing lost
faults: install
	$(PY) bench/faults.py

clean:
	rm -rf $(VENV) db.sqlite3* .test-db.* staticfiles
