# lianghui: two commands on a fresh machine with Python 3.11 and make.
#   make run    build a release of the dataset from seeds/ into data/releases/
#   make test   run the test suite
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint verify releases bench clean-venv

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

# ruff (lint + format, configured in pyproject.toml) and vulture. The files excluded below
# are being rewritten on other branches (see [tool.ruff] extend-exclude); among them, vulture
# finds `prev_clause` unused in flows/extract/numbers/quantities.py.
VULTURE_EXCLUDE := flows/extract/numbers/,flows/extract/text/clean.py,flows/extract/text/document.py,flows/extract/text/firstchars.py,flows/ingest/inputs.py
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture flows schemas tests benchmarks --min-confidence 80 --exclude $(VULTURE_EXCLUDE)

verify: $(STAMP)
	@for v in $$($(BIN)/python -c "import json;print(' '.join(e['version'] for e in json.load(open('data/releases/index.json'))['releases']))"); do $(BIN)/lianghui verify $$v || exit 1; done

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

releases: $(STAMP)
	$(BIN)/lianghui releases

clean-venv:
	rm -rf $(VENV)
