# The README's commands. Each target installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: site test lint bench templates system-deps clean

site: $(STAMP) system-deps  ## Build the whole portal with its PDFs and downloads into build/site
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: $(STAMP) system-deps  ## Lint, type-check and run every test
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(STAMP) system-deps  ## Measure speed and memory against the alternatives
	$(BIN)/python -m bench

templates: $(STAMP)  ## Regenerate forms/*/template.json from the schemas
	$(BIN)/python -m generator.maintain

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf build
