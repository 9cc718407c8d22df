# Cocité — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/sh
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint typecheck check messages lock clean bench seed-city screenshots deploy-check

help:
	@echo "make run    — installe, migre, charge la démo et sert sur http://127.0.0.1:$(PORT)"
	@echo "make test   — lance toute la suite de tests"
	@echo "make check  — ruff + mypy"
	@echo "make deploy-check — le déploiement de production (nginx, TLS, deux nœuds, PostgreSQL, Redis) vérifié de bout en bout"

$(PY):
	@PYTHON_BIN="$$(scripts/find-python.sh)" || exit 1; \
	echo "Création de $(VENV) avec $$PYTHON_BIN"; \
	"$$PYTHON_BIN" -m venv $(VENV)

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP)
	@mkdir -p var
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) seed_demo
	@DEBUG=1 $(MANAGE) demo_logins
	@PORT=$(PORT) scripts/run-dev.sh

# In parallel (pytest-xdist), one process per core up to 4; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto
test: $(STAMP)
	@scripts/test-setup.sh
	$(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal) $(PYTEST_ARGS)

# The production deployment of docs/deployment.md run for real (scripts/deploy-check.sh): nginx with TLS in
# front of two gunicorn nodes, a worker and two schedulers, on PostgreSQL and Redis, checked with curl.
deploy-check: $(STAMP)
	@scripts/deploy-check.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(STAMP)
	$(VENV)/bin/mypy

check: lint typecheck

# Extract French source strings, then compile catalogues (needs GNU gettext). The English lives in
# locale/en/LC_MESSAGES/django.po, edited by hand (makemessages keeps what is translated); branches'
# pending scripts/i18n/<name>_en.py dictionaries are moved into it, refusing conflicts (docs/architecture.md).
messages: $(STAMP)
	$(MANAGE) makemessages -l en --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=var --ignore='scripts/*' --ignore='bench/*' --ignore='*/tests/*' --ignore=docs
	$(PY) scripts/i18n/apply_pending.py
	$(MANAGE) makemessages -l fr --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=var --ignore='scripts/*' --ignore='bench/*' --ignore='*/tests/*' --ignore=docs
	$(PY) scripts/i18n/french_plurals.py
	$(MANAGE) compilemessages --ignore=.venv

# Desktop and mobile screenshots of the main pages into docs/screenshots/ (needs Chromium).
screenshots: $(STAMP)
	$(PY) scripts/screenshots.py

lock:
	scripts/lock.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache

# City-scale benchmark (see README): `make seed-city` once, then `make bench`.
# Uses DATABASE_URL (PostgreSQL) when set, SQLite otherwise; Redis on 127.0.0.1:6379 for the shared cache.
seed-city: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_city $(SEED_CITY_ARGS)

bench: $(STAMP)
	@command -v wrk >/dev/null || (apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk))
	$(PY) bench/run.py $(BENCH_ARGS)
