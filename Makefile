# Parting: `make run` to use it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run install dev test test-sqlite test-postgres lint fmt types migrations bench bench-serve bench-hosted demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

## run: install, migrate the SQLite database in PARTING_HOME and serve on 127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/parting serve --host $(HOST) --port $(PORT)

## demo: load the demo account
demo: $(VENV)/.installed
	$(BIN)/parting migrate && $(BIN)/parting demo

## test: lint and types, then the whole suite on SQLite and on PostgreSQL when reachable
test: $(VENV)/.dev-installed lint types migrations
	bash scripts/test.sh

test-sqlite: $(VENV)/.dev-installed
	PARTING_DB=sqlite bash scripts/test.sh

test-postgres: $(VENV)/.dev-installed
	PARTING_DB=postgres bash scripts/test.sh

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

fmt: $(VENV)/.dev-installed
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

## migrations: fail when a model change has no migration
migrations: $(VENV)/.dev-installed
	PARTING_HOME=$$(mktemp -d) $(BIN)/python -m django makemigrations --check --dry-run --settings=parting.settings

types: $(VENV)/.dev-installed
	PARTING_HOME=$${PARTING_HOME:-$$(mktemp -d)} $(BIN)/mypy src

## bench: server-time benchmarks on SQLite and PostgreSQL (see bench/README.md)
bench: $(VENV)/.dev-installed
	bash scripts/bench.sh

## bench-serve: only the wrk table, cold start and CLI ratio (BENCH_SERVE_ARGS="--baseline DIR/src")
bench-serve: $(VENV)/.dev-installed
	env -u DATABASE_URL $(BIN)/python bench/bench_serve.py $(BENCH_SERVE_ARGS)

## bench-hosted: a career centre's load on PostgreSQL (5,000 accounts; bench/README.md)
bench-hosted: $(VENV)/.dev-installed
	cd bench && ../$(BIN)/python bench_hosted.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
