# JoinedUp: the commands a newcomer runs. Needs Python 3.11+, make, Node.js with npm.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
# The DfE's validation rules (csc-validator-be-cin, csc-validator-be-903) in their own environment: they pin pandas
# 1.5 and numpy 1.24, which clash with the project's. The project runs them as a subprocess (issue 17).
VALIDATORS := .venv-validators
HOST ?= 127.0.0.1
PORT ?= 8000
CHILDREN ?= 1000
SEED ?= 1

.PHONY: install demo serve test test-fast lint typecheck bench lock lock-validators outdated clean

$(VENV)/.installed: pyproject.toml requirements.lock package.json package-lock.json joinedup/ui/sass/joinedup.scss
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "$$(grep '^uv==' requirements.lock)"
	$(UV) pip sync --quiet --python $(PY) requirements.lock
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p var/build
	node_modules/.bin/sass --quiet --no-source-map --style=compressed --load-path=node_modules joinedup/ui/sass/joinedup.scss var/build/govuk.css
	scripts/ensure-case-record-packages.sh
	touch $@

$(VALIDATORS)/.installed: requirements-validators.lock | $(VENV)/.installed
	test -x $(VALIDATORS)/bin/python || $(PY) -m venv --without-pip $(VALIDATORS)
	$(UV) pip sync --quiet --require-hashes --python $(VALIDATORS)/bin/python requirements-validators.lock
	touch $@

## install: create .venv with the locked Python packages, .venv-validators with the DfE's validators (their own
## locked packages) and node_modules with GOV.UK Frontend
install: $(VENV)/.installed $(VALIDATORS)/.installed

## demo: migrate the SQLite database under var/, generate the synthetic authority, serve on 127.0.0.1:8000
demo: install
	mkdir -p var
	DJANGO_SETTINGS_MODULE=joinedup.settings.demo $(PY) manage.py migrate --verbosity 0
	DJANGO_SETTINGS_MODULE=joinedup.settings.demo $(PY) manage.py generate_synthetic_la --seed $(SEED) --children $(CHILDREN) --if-empty
	@echo ""
	@echo "Serving JoinedUp on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DJANGO_SETTINGS_MODULE=joinedup.settings.demo $(VENV)/bin/gunicorn joinedup.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile - --access-logformat '"%(m)s %(U)s" %(s)s %(M)sms'

## test: install, then run the whole suite (PostgreSQL when DATABASE_URL points at one; browser tests in chromium)
test: install
	scripts/ensure-chromium.sh
	scripts/ensure-case-record-packages.sh
	$(PY) -m pytest -q

## lint: ruff, mypy and the layers (import-linter: .importlinter)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy joinedup
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/import_graph.py --check --max-function-imports 19 > /dev/null
	DJANGO_SETTINGS_MODULE=joinedup.settings.test $(PY) manage.py makemigrations --check --dry-run

## bench: timing benchmarks on PostgreSQL at their stated sizes (needs DATABASE_URL; see bench/README.md)
bench: install
	$(PY) bench/run.py

## lock: re-resolve requirements.lock from pyproject.toml
lock: install
	$(UV) pip compile --quiet pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

## lock-validators: re-resolve requirements-validators.lock (hashed) from requirements-validators.in
lock-validators: install
	$(UV) pip compile --quiet --no-config --generate-hashes --python-version 3.11 \
		--custom-compile-command "make lock-validators" requirements-validators.in -o requirements-validators.lock

## outdated: list the packages behind their newest release; fails while any is behind on a patch release
outdated: install
	$(PY) scripts/outdated.py

clean:
	rm -rf $(VENV) $(VALIDATORS) node_modules var
