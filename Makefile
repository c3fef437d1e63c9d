# lianghui: two commands on a fresh machine with Python 3.11 and make.
#   make run    build a release of the dataset from seeds/ into data/releases/
#   make test   run the test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint verify releases bench clean-venv demo-fetch

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,dask]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/lianghui build
	$(BIN)/lianghui releases

test: $(STAMP)
	$(BIN)/python -m pytest -q

# ruff (lint + format, configured in pyproject.toml) and vulture (dead code).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture flows schemas tests benchmarks --min-confidence 80

verify: $(STAMP)
	@for v in $$($(BIN)/python -c "import json;print(' '.join(e['version'] for e in json.load(open('data/releases/index.json'))['releases']))"); do $(BIN)/lianghui verify $$v || exit 1; done

# a local test site fetched with a registry pointed at it, then a release built (data/demo/)
demo-fetch: $(STAMP)
	$(BIN)/python -m flows.fetch.demo

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.fetch

releases: $(STAMP)
	$(BIN)/lianghui releases

clean-venv:
	rm -rf $(VENV)
