# The README's commands. Each target installs what it needs on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
# Browser-side parts the portal serves itself (mermaid.js, Pyodide, hash-wasm, fflate and the
# checker's pure-Python wheels), fetched once by scripts/vendor-web.sh, which pins their versions.

.PHONY: site test lint bench templates tag system-deps vendor clean

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
	$(BIN)/python -m bench.review

templates: $(STAMP)  ## Regenerate forms/*/template.json from the schemas
	$(BIN)/python -m generator.maintain

vendor: $(STAMP)  ## Fetch the browser-side parts (does nothing when they are there)
	PYTHON=$(BIN)/python bash scripts/vendor-web.sh

# A release is a tag named after the version in pyproject.toml (v1.0.0): what pre-commit users
# write as `rev:`. Push it with `git push origin v<version>`.
tag:  ## Tag the current commit as release v<version>
	@version=v$$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml); \
	git diff --quiet HEAD || { echo "有未提交的改动，先提交再打标签"; exit 1; }; \
	git tag -a "$$version" -m "szqz $$version" && echo "已打标签 $$version；用 git push origin $$version 发布"

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf build/site build/bench build/pdf-cache build/cache
