# The two commands of the README: `make up` (whole system with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install lock up down status test test-tools lint format bench

install: $(VENV)/.installed

# The locked versions, hash-checked (tools/lock-dependencies writes the lock; docs/operations.md,
# "Dependencies"), then the project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements/test.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# After editing pyproject.toml's dependencies; `tools/lock-dependencies --upgrade` moves all.
lock: install
	tools/lock-dependencies

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

# Two workers: the tests with a platform of their own run beside the rest (tests/conftest.py).
test: lint test-tools
	$(BIN)/pytest -n 2

# The benchmark suite (docs/performance.md): a platform of its own, every row, one table.
bench: install test-tools
	$(BIN)/python -m bench

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A release on Kubernetes (docs/operations.md#upgrade): the setup Job of the new image migrates
# first, and only once it has completed are the Deployments applied. E.g.
#   make upgrade K8S=deploy/overlays/production KUBECTL="kubectl -n bitc"
K8S ?= deploy/k8s
KUBECTL ?= kubectl
.PHONY: upgrade
upgrade:
	$(KUBECTL) delete job bitc-setup --ignore-not-found
	$(KUBECTL) apply -k $(K8S) -l 'app.kubernetes.io/name in (bitc-config,bitc-setup)'
	$(KUBECTL) wait --for=condition=complete job/bitc-setup --timeout=15m
	$(KUBECTL) apply -k $(K8S)
