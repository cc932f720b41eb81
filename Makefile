# The two set-up commands of the README: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run serve test lint data check bench bench-load chromium redis

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint requirements.lock --editable '.[test]'
	touch $(STAMP)

run: $(STAMP) chromium  ## serve the dashboard on the bundled data package at http://127.0.0.1:8050
	$(PY) -m dashboard

serve: $(STAMP) chromium  ## production mode (README, Production): gunicorn, a worker per core, on 127.0.0.1:8050
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

test: $(STAMP) chromium redis  ## lint, type-check, then the whole test suite (browser tests drive Debian's headless Chromium)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest

lint: $(STAMP)  ## ruff and mypy only (configuration in pyproject.toml)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

chromium:  ## Debian's Chromium (browser tests, image and PDF export) and pdftotext (PDF tests)
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils; }

redis:  ## Debian's redis-server (the shared-cache test starts a private one on a unix socket)
	@command -v redis-server >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		$(SUDO) apt-get install -y -qq --no-install-recommends redis-server; }

data: $(STAMP)  ## rebuild datasets/package from datasets/sources and datasets/catalogue
	$(PY) -m etl build

check: $(STAMP)  ## validate the sources layer without writing
	$(PY) -m etl check

bench: $(STAMP) chromium  ## print build, ingest, map and briefing-PDF figures
	$(PY) bench/bench_build.py
	$(PY) bench/bench_ingest.py
	$(PY) bench/bench_map.py
	$(PY) bench/bench_brief.py

bench-load: $(STAMP) chromium  ## 50 simulated users for 2 minutes against gunicorn on 127.0.0.1 (stops by itself)
	$(PY) bench/bench_load.py
