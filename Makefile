# The two commands of the README: `make up` (whole system with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install up down status test test-tools lint format

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

up: install
	$(BIN)/bitc dev up --demo

down: install
	$(BIN)/bitc dev down

status: install
	$(BIN)/bitc dev status

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-tools:
	tools/ensure-test-tools

test: lint test-tools
	$(BIN)/pytest

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
