# The README's commands. Each target installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
# Browser-side parts the portal serves itself (mermaid.js, Pyodide, hash-wasm, fflate and the
# checker's pure-Python wheels), fetched once by scripts/vendor-web.sh, which pins their versions.

.PHONY: site test lint bench templates system-deps vendor clean

site: $(STAMP) system-deps vendor  ## Build the whole portal with its PDFs and downloads into build/site
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: $(STAMP) system-deps vendor  ## Lint, type-check and run every test
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy
	$(BIN)/pytest

# The package is byte-compiled first, as a regular install would be (an editable one is not,
# and PYTHONDONTWRITEBYTECODE keeps Python from caching it), so no run recompiles it.
bench: $(STAMP) system-deps vendor  ## Measure speed and memory against the alternatives
	$(BIN)/python -m compileall -q generator
	$(BIN)/python -m bench
	$(BIN)/python -m bench.fill

templates: $(STAMP)  ## Regenerate forms/*/template.json from the schemas
	$(BIN)/python -m generator.maintain

vendor: $(STAMP)  ## Fetch the browser-side parts (does nothing when they are there)
	PYTHON=$(BIN)/python bash scripts/vendor-web.sh

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf build/site build/bench
