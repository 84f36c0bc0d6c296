# The garden's two commands: `make serve` (set up, check, serve) and `make test` (set up, test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The browser tests use this Chromium when it exists (tests/conftest.py reads GARDEN_CHROMIUM).
GARDEN_CHROMIUM ?= /usr/bin/chromium
export GARDEN_CHROMIUM
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test browser clean report bench vendor

# The virtual environment is rebuilt whenever the pinned dependencies change.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[site,dev,samples]'
	touch $@

setup: $(VENV)/.installed

check: setup
	$(BIN)/garden check

# --dirty: each save renders again only the pages it changes (the garden plugin finds them).
serve: check
	$(BIN)/mkdocs serve --dirty

build: check
	$(BIN)/mkdocs build --strict

# Browser tests use the system Chromium; get one if it is missing: Debian's package when root,
# else Playwright's own build.
browser: setup
	@if [ -x "$(GARDEN_CHROMIUM)" ]; then echo "browser: $(GARDEN_CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
		&& [ -x "$(GARDEN_CHROMIUM)" ]; then echo "browser: $(GARDEN_CHROMIUM) (installed)"; \
	else $(BIN)/playwright install chromium; fi

# axe-core (accessibility tests) and Lighthouse (quality report), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } \
		|| { echo "make test needs Node.js and npm (https://nodejs.org/)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

test: browser node_modules/.installed
	$(BIN)/pytest

# Lighthouse, page weight and search figures of the built site, printed; `make report WRITE=1`
# also writes them to reports/quality.md.
report: browser node_modules/.installed
	$(BIN)/python benchmarks/quality_report.py $(if $(WRITE),--write)

# Scale benchmark (not part of `make test`): synthetic gardens of 100, 1,000 and 10,000 pages ->
# reports/scale.md. A shorter run: make bench BENCH_ARGS="--sizes 100,1000 --runs 1".
bench: browser
	$(BIN)/python benchmarks/scale.py $(BENCH_ARGS)

# The graph's layout library, d3-force and the d3 modules it needs, copied from the pinned npm
# packages into one script, for the page and the layout worker (no CDN: nothing from other hosts).
D3_FORCE_PARTS := dispatch quadtree timer force
vendor: node_modules/.installed
	for part in $(D3_FORCE_PARTS); do cat node_modules/d3-$$part/dist/d3-$$part.min.js; echo; done \
		> scripts/garden/plugin/assets/vendor/d3-force.js

clean:
	rm -rf site .pytest_cache
