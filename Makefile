# The two README commands: `make run` (install, migrate, load the demo, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := proposals

.PHONY: run test lint browsers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## Install, create or upgrade the database, load the demo, serve on http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) --access-logfile - wsgi:app

## Install everything the tests need (Chromium for the browser journeys included), lint, run the suite
test: $(VENV)/.installed-dev browsers
	$(BIN)/ruff check proposals tests wsgi.py
	$(BIN)/ruff format --check proposals tests wsgi.py
	$(BIN)/pytest

browsers:
	@scripts/ensure-chromium

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix proposals tests wsgi.py
	$(BIN)/ruff format proposals tests wsgi.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/output
