# The two set-up commands of the README: `make run` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test data check bench

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint requirements.lock --editable '.[test]'
	touch $(STAMP)

run: $(STAMP)  ## serve the dashboard on the bundled data package at http://127.0.0.1:8050
	$(PY) -m dashboard

test: $(STAMP)  ## run the whole test suite
	$(PY) -m pytest

data: $(STAMP)  ## rebuild datasets/package from datasets/sources and datasets/catalogue
	$(PY) -m etl build

check: $(STAMP)  ## validate the sources layer without writing
	$(PY) -m etl check

bench: $(STAMP)  ## print build time and memory figures
	$(PY) bench/bench_build.py
