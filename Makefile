# The README's commands. Each target installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
# The theme draws mermaid diagrams with mermaid.js; we serve our own copy (from the npm registry)
# so the portal works offline instead of fetching it from a CDN.
MERMAID_VERSION := 11.12.0
MERMAID := build/vendor/mermaid.min.js

.PHONY: site test lint bench templates system-deps clean

site: $(STAMP) system-deps $(MERMAID)  ## Build the whole portal with its PDFs and downloads into build/site
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: $(STAMP) system-deps $(MERMAID)  ## Lint, type-check and run every test
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/mypy
	$(BIN)/pytest

# The package is byte-compiled first, as a regular install would be (an editable one is not,
# and PYTHONDONTWRITEBYTECODE keeps Python from caching it), so no run recompiles it.
bench: $(STAMP) system-deps $(MERMAID)  ## Measure speed and memory against the alternatives
	$(BIN)/python -m compileall -q generator
	$(BIN)/python -m bench

templates: $(STAMP)  ## Regenerate forms/*/template.json from the schemas
	$(BIN)/python -m generator.maintain

$(MERMAID):
	rm -rf build/vendor/tmp && mkdir -p build/vendor/tmp
	cd build/vendor/tmp && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null
	tar -xzf build/vendor/tmp/mermaid-$(MERMAID_VERSION).tgz -C build/vendor/tmp package/dist/mermaid.min.js
	mv build/vendor/tmp/package/dist/mermaid.min.js $@
	rm -rf build/vendor/tmp

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf build/site build/bench build/pdf-cache
