# The two commands of the README:
#   make run    create .venv, install, migrate, load demo data, serve the portal at http://127.0.0.1:8000
#   make test   lint, type-check, check the import flow, run the whole suite on SQLite and PostgreSQL

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= sqlite:///$(CURDIR)/var/cagateway.sqlite3
SHARED ?= $(CURDIR)/../shared/data
DEMO_SIZE ?= 5000

.PHONY: run test install assets chromium wrk messages lint typecheck importlint pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end assets (htmx, Leaflet) come from the npm registry at install time and are served from our /static;
# pages work without them (progressive enhancement), so a machine without npm only loses the enhancements.
VENDOR := src/cagateway/web/portal/static/vendor

$(VENDOR)/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1 && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error; then \
	  mkdir -p $(VENDOR)/leaflet && \
	  cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/ && \
	  cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images \
	    $(VENDOR)/leaflet/ && touch $@; \
	else echo "npm or its registry unavailable: the portal runs without htmx and Leaflet (SVG maps, plain forms)"; fi

assets: $(VENDOR)/.installed

install: $(VENV)/.installed assets

# Debian's Chromium for the browser tests (tests/browser), when missing and this user may install it.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

# Debian's wrk, the load driver of bench/load.py (it falls back to a slower asyncio client without it).
wrk:
	@if ! command -v wrk >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; fi

# Re-extract the portal's messages and merge them into the kk/ru/uz catalogues (.po, compiled at load time).
LOCALES := src/cagateway/web/portal/locale
messages: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --omit-header -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --ignore-obsolete -w 120

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

pytest: install chromium
	CAGATEWAY_SHARED_DATA=$(SHARED) $(BIN)/pytest -n 2 -p no:cacheprovider

test: lint typecheck importlint pytest

bench: install
	$(BIN)/python bench/registry.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
