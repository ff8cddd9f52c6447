# The two commands a newcomer runs: `make` and `make test`. Each one bootstraps what it needs
# (.venv from requirements.lock, node_modules from package-lock.json, Debian's chromium for the
# docs site's browser test) and nothing else is assumed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The vendors' official SDKs, for the signer tests only: kept out of .venv (their pins clash).
VENDOR := .venv-vendor
CHROMIUM := /usr/bin/chromium
SPECS := specs
# The API documents (the vendor "common" files are pulled in through $ref).
API_SPECS := $(shell find $(SPECS) -name '*.yaml' ! -name 'common.yaml' | sort)

.DEFAULT_GOAL := all
.PHONY: node-version all test validate generate bundle docs dist stale check lint lint-specs lint-code lint-external pytest bench mock fmt lock clean

all: validate generate bundle docs dist  ## bootstrap, validate, regenerate generated/, bundle to dist/, docs to site/, wheel to build/dist/

$(BIN)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENDOR)/.installed: requirements-vendor.lock
	test -x $(VENDOR)/bin/python || $(PYTHON) -m venv $(VENDOR)
	$(VENDOR)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-vendor.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
	$(MAKE) --no-print-directory node-version
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Redocly CLI 2.77 (package.json) declares "engines": {"node": ">=22.12.0 || >=20.19.0 <21.0.0"};
# an older Node.js fails later with a syntax error deep in its code, so say so here.
node-version:
	@$(PYTHON) -c 'import re, shutil, subprocess, sys; node = shutil.which("node"); out = subprocess.run([node, "--version"], capture_output=True, text=True).stdout if node else ""; m = re.match(r"v?(\d+)\.(\d+)", out); v = (int(m[1]), int(m[2])) if m else (0, 0); sys.exit(not (v[0] == 20 and v[1] >= 19 or v >= (22, 12)))' || { \
	  echo "Node.js $$(node --version) is too old for the pinned front-end tools: Redocly CLI 2.77 needs 20.19 or later in 20.x, or 22.12 or later."; \
	  echo "Install a newer Node.js (NodeSource's packages, or nvm), make sure 'node' on PATH is that one, and run make again."; \
	  exit 1; }

validate: $(BIN)/.installed  ## specgen validate: schema, $ref, examples, with file:line:col
	$(BIN)/specgen validate --specs $(SPECS)

generate: $(BIN)/.installed  ## specgen generate: write generated/ (all or nothing; skipped when unchanged)
	$(BIN)/specgen generate --specs $(SPECS) --out generated

bundle: $(BIN)/.installed  ## specgen bundle: dist/ (each API as one file, YAML and JSON, and all in one)
	$(BIN)/specgen bundle --specs $(SPECS) --out dist

# The client distribution's wheel and sdist, built by hatchling from .venv (no network). Not in
# dist/: `specgen bundle` replaces that folder as a whole. tests/test_dependency_ranges.py checks
# what this builds.
dist: generate  ## the client's wheel and sdist in build/dist/ (from generated/)
	rm -rf build/dist
	cd generated && ../$(BIN)/python -m hatchling build -d ../build/dist

# The changelog page appears once generated/CHANGELOG.md exists.
docs: $(BIN)/.installed node_modules/.installed  ## specgen docs: the static docs site in site/ (Redoc, works offline)
	$(BIN)/specgen docs --specs $(SPECS) --out site

# Debian's Chromium, for tests/test_docs_browser.py (Playwright drives it; it downloads no browser).
$(CHROMIUM):
	command -v apt-get >/dev/null || { echo "install Chromium and set CLOUDNET_CHROMIUM"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

stale: $(BIN)/.installed  ## specgen check: fail when generated/ is not what the specs produce
	$(BIN)/specgen check --specs $(SPECS) --out generated

lint-specs: $(BIN)/.installed  ## specgen lint --strict: the project's own spec rules (generator/lint/)
	$(BIN)/specgen lint --specs $(SPECS) --strict

lint: lint-specs lint-code  ## both linters: the specs' rules and the Python code's

lint-code: $(BIN)/.installed  ## ruff and mypy --strict on the toolchain, the tests and generated/ (slow)
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy
	cd generated && ../$(BIN)/ruff check --no-cache . && ../$(BIN)/ruff format --no-cache --check .
	cd generated && ../$(BIN)/mypy --cache-dir=/dev/null cloudnet

# Telemetry off: the machines have no network beyond the package registries.
lint-external: export REDOCLY_TELEMETRY := off
lint-external: export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
lint-external: node_modules/.installed bundle  ## Redocly (recommended) and Spectral (spectral:oas) on the specs and the bundles, 0 warnings
	node_modules/.bin/redocly lint --config redocly.yaml --max-problems 500 $(API_SPECS) dist/*.yaml
	node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity=warn $(API_SPECS) dist/*.yaml

# The edit loop, one process: lint the specs; when they changed, validate them and regenerate
# what they affect in generated/ (never over a hand edit); fail when generated/ was edited by hand.
check: $(BIN)/.installed  ## the edit loop: lint, validate, regenerate what changed, drift check (about a second)
	$(BIN)/specgen check --specs $(SPECS) --out generated --lint --strict --update

# On every core, each module on one worker (its module-scoped fixtures built once); the
# hypothesis seed the header prints is the one every worker draws from.
pytest: $(BIN)/.installed $(VENDOR)/.installed node_modules/.installed $(CHROMIUM)
	$(BIN)/pytest -n auto --dist loadfile

# CI writes nothing: a stale generated/ fails `stale` instead of being regenerated.
test: $(BIN)/.installed node_modules/.installed $(VENDOR)/.installed $(CHROMIUM)  ## every check and every test
	$(MAKE) --no-print-directory validate lint-specs stale lint-code
	$(MAKE) --no-print-directory lint-external
	$(MAKE) --no-print-directory pytest

mock: $(BIN)/.installed  ## specgen mock: serve every operation of the specs on http://127.0.0.1:4010 (Ctrl-C stops it)
	$(BIN)/specgen mock --specs $(SPECS) --port $(or $(PORT),4010)

bench: $(BIN)/.installed $(VENDOR)/.installed  ## speed against the peers: tables, and JSON in bench/results/
	$(BIN)/python bench/generate_speed.py
	$(BIN)/python bench/parse_speed.py
	$(BIN)/python bench/call_overhead.py
	$(BIN)/python bench/import_time.py
	$(BIN)/python bench/edit_loop.py

fmt: $(BIN)/.installed
	$(BIN)/ruff format generator tests bench
	$(BIN)/ruff check --fix generator tests bench

lock:  ## re-resolve requirements.lock from pyproject.toml in a scratch venv
	rm -rf /tmp/cloudnet-lock && $(PYTHON) -m venv /tmp/cloudnet-lock
	/tmp/cloudnet-lock/bin/pip install --quiet '.[dev]'
	{ sed -n '1,2p' requirements.lock; /tmp/cloudnet-lock/bin/pip freeze --exclude-editable | grep -v '^cloudnet-specgen'; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:  ## remove the environments, caches and build outputs (dist/, site/, test-artifacts/)
	rm -rf $(VENV) $(VENDOR) node_modules .pytest_cache .mypy_cache .ruff_cache .specgen-cache dist build/dist site test-artifacts
