# Two commands on a fresh machine: `make run` and `make test` (Python 3.11+ and make only).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test check lint typecheck schema bench clean audit-tools

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The hub defaults to production (which refuses the development identity provider and demo
# data). `make run` writes HUB_ENVIRONMENT=development into .env, which the hub reads from the
# current folder, so the server and every `hub` command typed afterwards agree. Written once:
# edits stay; environment variables override it; the tests never read it.
.env:
	printf '%s\n' '# Settings of the hub in this folder (written by make run; see README.md).' \
		'HUB_ENVIRONMENT=development' > $@

run: install .env
	$(BIN)/hub serve --host $(HOST) --port $(PORT) --check-port
	$(BIN)/hub db upgrade
	$(BIN)/hub demo load
	$(BIN)/hub demo sync
	HUB_ISSUER=$${HUB_ISSUER:-http://$(HOST):$(PORT)} $(BIN)/hub serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check hub tests bench migrations tools
	$(BIN)/ruff format --check hub tests bench migrations tools

typecheck: install
	$(BIN)/mypy hub tests bench tools

check: lint typecheck

# The browser tests drive Debian's Chromium (Playwright's own browser download cannot be
# reached here); installed when missing (CI runs as root). They never skip: a missing browser
# fails them.
CHROMIUM ?= /usr/bin/chromium

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# The graphql-http audit suite (Node 20+, npm), pinned by its lock file; the tests run it.
AUDIT := tools/graphql-http-audit
$(AUDIT)/node_modules/.package-lock.json: $(AUDIT)/package.json $(AUDIT)/package-lock.json
	npm ci --prefix $(AUDIT) --no-audit --no-fund

audit-tools: $(AUDIT)/node_modules/.package-lock.json

# Two workers (this machine has two cores), a test module kept on one worker so its
# module-scoped fixtures are built once; each worker builds its own template databases.
test: check audit-tools $(CHROMIUM)
	$(BIN)/python -m pytest -n 2 --dist loadfile

schema: install
	$(BIN)/hub graphql print-schema > hub/graphql/schema.graphql

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) hub.db .mypy_cache .ruff_cache $(AUDIT)/node_modules
