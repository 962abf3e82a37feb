# Glossa — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate catalogue editor bench bench-import clean

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

## Set up everything on a fresh clone and serve on http://$(HOST):$(PORT), with the task worker
## that runs imports beside it (stopped with the server; an import it was running resumes on "Continue")
run: catalogue
	@DJANGO_DEBUG=1 $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; sleep 0.3; kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

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

## Import throughput: 1,000 generated files parsed and stored (SQLite, or DATABASE_URL=postgres://…)
bench-import: install
	$(PY) bench/import_throughput.py --files $(or $(FILES),1000)

clean:
	rm -rf $(VENV) db.sqlite3* .test-db.* staticfiles
