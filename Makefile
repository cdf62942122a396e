# Two commands do everything on a fresh machine:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on the real services; override to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/connectmobilize
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# `make load` keeps the demo it measures in a database of its own.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/connectmobilize_load

# Types. Once (2026-11-23) a fresh clone's first run crashed while starting the Django plugin ("INTERNAL
# ERROR", not a type error) and passed when run again: a crash is retried once, with its traceback shown.
MYPY = $(BIN)/mypy || $(BIN)/mypy --show-traceback

.PHONY: run test lint format bench load profile-pages clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# Local settings for `make run`: debug on and a random secret key, never committed.
.env:
	printf 'DEBUG=1\nSECRET_KEY=%s\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

run: $(STAMP) .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MYPY)
	bash scripts/test-prerequisites
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} TEST_REDIS_URL=$${TEST_REDIS_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MYPY)

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

# Speed and memory targets, as `name value` lines (see README.md for the goals).
bench: $(STAMP)
	bash scripts/test-prerequisites
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python bench/run.py

# The demo under gunicorn (3 workers) on 127.0.0.1, driven by locust, headless, about 90 s; stops by itself.
# LOAD_USERS (20), LOAD_SECONDS (120), LOAD_SINGLE_SECONDS (15), LOAD_SATURATED_SECONDS (20) bound it;
# LOAD_CACHE_URL=redis://127.0.0.1:6379/N gives the server a shared cache, as in production.
load: $(STAMP)
	bash scripts/test-prerequisites
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python load/run.py

# Where the time of the dashboard, the grid and the event page goes (pyinstrument), on a copy of the test database.
profile-pages: $(STAMP)
	bash scripts/test-prerequisites
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python load/profile_pages.py
