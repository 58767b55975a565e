# The two commands of the README:
#   make run    create .venv, install, migrate, load demo data, serve the portal at http://127.0.0.1:8000
#   make test   lint, type-check, check the import flow, run the whole suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///$(CURDIR)/var/cagateway.sqlite3
SHARED ?= $(CURDIR)/../shared/data
DEMO_SIZE ?= 5000

.PHONY: run test install lint typecheck importlint pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/cagateway --db $(DB) db upgrade
	@if [ -d "$(SHARED)/hs" ]; then $(BIN)/cagateway --db $(DB) reference load hs $(SHARED)/hs; fi
	@if [ -d "$(SHARED)/hs" ]; then $(BIN)/cagateway --db $(DB) hs train --tnved $(SHARED)/hs; else $(BIN)/cagateway --db $(DB) hs train; fi
	@if [ -d "$(SHARED)/unlocode" ]; then $(BIN)/cagateway --db $(DB) reference load unlocode $(SHARED)/unlocode; fi
	$(BIN)/cagateway --db $(DB) demo load --size $(DEMO_SIZE) --seed 1
	$(BIN)/cagateway --db $(DB) search reindex  # the demo loader writes through Core, past the ORM hooks
	$(BIN)/cagateway trade demo  # about 3 s: generated flows for the /trade dashboards
	$(BIN)/cagateway --db $(DB) serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

importlint: install
	$(BIN)/lint-imports

pytest: install
	CAGATEWAY_SHARED_DATA=$(SHARED) $(BIN)/pytest -n 2 -p no:cacheprovider

test: lint typecheck importlint pytest

bench: install
	$(BIN)/python bench/registry.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
