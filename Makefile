# Two commands for a fresh machine with Python 3.11 and make:
#   make run   set up .venv, migrate the SQLite database, load demo data if empty, serve on :5000
#   make test  set up .venv with the test tools and run the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test bench lint setup setup-dev migrate clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

migrate: setup
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) seed-reference

run: migrate
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup-dev
	$(PY) -m bench

lint: setup-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
