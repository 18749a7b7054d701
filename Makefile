# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# pytest workers (pytest-xdist): one per logical CPU; `make test WORKERS=0` runs in one process.
WORKERS ?= logical

.PHONY: run test soak lint format install clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# -OO: the bot reads no docstring and its asserts only narrow types; without them ~4.5 MiB less.
# -X no_debug_ranges: code objects without column ranges (tracebacks keep line numbers); ~0.5 MiB.
run: $(STAMP)
	$(PY) -OO -X no_debug_ranges -m bot

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -n $(WORKERS)

# The reliability suite (tests/reliability) with many more cases: fuzzing, faults, crashes.
soak: $(STAMP)
	SOAK=1 $(PY) -m pytest tests/reliability

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
