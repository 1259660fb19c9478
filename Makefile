# The two README commands: `make run` (install, migrate, load the demo, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := proposals

.PHONY: run test lint browsers clean compile-translations translations

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
run: $(VENV)/.installed compile-translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) --access-logfile - wsgi:app

## Install everything the tests need (Chromium for the browser journeys included), lint, run the suite
test: $(VENV)/.installed-dev browsers compile-translations
	$(BIN)/ruff check proposals tests wsgi.py
	$(BIN)/ruff format --check proposals tests wsgi.py
	$(BIN)/pytest

browsers:
	@scripts/ensure-chromium

# The .mo files are build output (ignored by git), compiled from the committed .po files.
compile-translations: $(VENV)/.installed
	$(BIN)/pybabel -q compile -d proposals/translations

## Re-extract the interface's messages and merge them into each language's .po; then translate
## what is new (tests/test_translations.py fails until every message is translated)
translations: $(VENV)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k lazy_gettext -o proposals/translations/messages.pot .
	$(BIN)/pybabel -q update --ignore-pot-creation-date -i proposals/translations/messages.pot \
		-d proposals/translations

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix proposals tests wsgi.py
	$(BIN)/ruff format proposals tests wsgi.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/output
