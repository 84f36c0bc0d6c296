# The garden's two commands: `make serve` (set up, check, serve) and `make test` (set up, test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test browser clean

# The virtual environment is rebuilt whenever the pinned dependencies change.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

check: setup
	$(BIN)/garden check

serve: check
	$(BIN)/mkdocs serve

build: check
	$(BIN)/mkdocs build --strict

# Browser tests use the system Chromium; get one if it is missing.
browser: setup
	@if [ -x "$(CHROMIUM)" ]; then echo "browser: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else $(BIN)/playwright install chromium; fi

# axe-core (accessibility tests) and Lighthouse (quality report), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: browser node_modules/.installed
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache
