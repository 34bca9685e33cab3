# Two commands for a fresh machine: `make serve` and `make test`. Each installs what is missing.
# Python packages are pinned by constraints.txt, npm packages by package-lock.json.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NODE_BIN := node_modules/.bin
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1
# Also pins the build backend that `pip install -e .` fetches into its isolated environment.
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt

.PHONY: serve test build bench fuzz mutation lint format deps browser clean

serve: deps ## Build and serve the site on http://127.0.0.1:8000, rebuilding on every change.
	$(BIN)/python -m helpcenter.serve --dev-addr $(HOST):$(PORT)

build: deps ## Build site/ (swapped in only when the whole build succeeds).
	$(BIN)/python -m helpcenter.build

test: deps browser ## Lint, then every test (browser tests included).
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	# The JavaScript: types (JSDoc, // @ts-check) per environment, then ESLint's recommended rules.
	$(NODE_BIN)/tsc --noEmit -p tsconfig.json
	$(NODE_BIN)/tsc --noEmit -p tsconfig.worker.json
	$(NODE_BIN)/tsc --noEmit -p tsconfig.node.json
	$(NODE_BIN)/eslint .
	$(BIN)/python -m pytest -n 2

fuzz: deps ## Randomised catalogue fuzzing: new examples each run, failures kept in .hypothesis/ (not in CI).
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -p no:xdist tests/hostile/test_catalogue_fuzz.py \
	  --hypothesis-show-statistics -q

mutation: deps ## Mutation score of comparator/ and helpcenter/ with the fast tests (not in CI; ~16 min).
	rm -rf mutants
	$(BIN)/python -m tests.support.in_process
	# The tests' project copies and in-process builds go to memory (tmpfs) where there is one:
	# thousands of small files per minute, which a disk's file system makes the slowest part.
	TMPDIR="$$(if [ -d /dev/shm ] && [ -w /dev/shm ]; then echo /dev/shm; else echo "$${TMPDIR:-/tmp}"; fi)" \
	  PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mutmut run --max-children 2 > mutants.log 2>&1 || { tail -40 mutants.log; exit 1; }
	$(BIN)/python -m tests.support.mutation_report

bench: deps browser ## Speed and size figures (not part of `make test`).
	$(BIN)/python benchmarks/run.py

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

deps: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip -c constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Debian's chromium for the browser tests (Playwright cannot download browsers here).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

clean:
	rm -rf site .site.staging .site.previous .cache .pytest_cache .hypothesis mutants mutants.log
