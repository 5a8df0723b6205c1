# Each target bootstraps what it needs: a fresh machine only has Python and pip.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check --quiet
APP_STAMP := $(VENV)/.app-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run test bench lint system-deps constraints

$(PY):
	$(PYTHON) -m venv $(VENV)

$(APP_STAMP): pyproject.toml constraints.txt | $(PY)
	$(PIP) install -c constraints.txt -e .
	touch $@

$(TEST_STAMP): $(APP_STAMP)
	$(PIP) install -c constraints.txt -e '.[test]'
	touch $@

## run: serve the dashboard on http://127.0.0.1:8501 with its embedded defaults
run: $(APP_STAMP)
	$(VENV)/bin/dashboard seed
	@echo "Analysts: create an account with '$(VENV)/bin/dashboard user add NAME', then sign in on the Analisten page."
	$(PY) -m streamlit run serve.py --server.address 127.0.0.1 --server.port 8501

## test: install everything (Chromium via apt-get when root), then run the whole suite
test: $(TEST_STAMP) system-deps
	$(PY) -m pytest

system-deps:
	@scripts/install_system_deps.sh

## bench: page-ready, page-switch, map payload and start-up figures into bench/README.md
bench: $(TEST_STAMP) system-deps
	$(PY) bench/pages.py
	$(PY) bench/ingest.py
	$(PY) bench/present.py
	$(PY) bench/load.py

## lint: ruff and mypy, as the hook and CI see them
lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

## constraints: re-pin every dependency to what is installed now
constraints: $(TEST_STAMP)
	$(PIP) freeze --exclude-editable | grep -v '^-e' > constraints.txt
