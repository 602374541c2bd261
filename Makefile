# `make run` and `make test` are the whole set-up: they create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint typecheck pytest demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -e ".[batch,web,kb,fhir,spark,dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/sarcoma serve

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

# The fast suite (no slow, browser, PostgreSQL or Spark tests) on both cores: about 70 s here.
test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -m "not slow and not browser and not postgres and not spark" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
