# MAICE: `make dev` runs the whole system, `make test` runs the tests
# (`make test-fast`: all but those that start process stacks).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: dev test test-fast lint format bench bench-capacity bench-tutor bench-exports clean

$(BIN)/maice: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,embedded]" --config-settings editable_mode=compat
	@touch $@

dev: $(BIN)/maice
	$(BIN)/maice dev

test: $(BIN)/maice
	$(BIN)/pytest

test-fast: $(BIN)/maice
	$(BIN)/pytest -m "not stack"

lint: $(BIN)/maice
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(BIN)/maice
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The instant-answer run, then the capacity run (answers at an LLM's pace).
bench: $(BIN)/maice
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.capacity

bench-capacity: $(BIN)/maice
	$(BIN)/python -m benchmarks.capacity

bench-tutor: $(BIN)/maice
	$(BIN)/python benchmarks/tutor.py

# An export of 10,000 messages, streamed: the API's peak memory while it streams.
bench-exports: $(BIN)/maice
	$(BIN)/python benchmarks/exports.py

clean:
	rm -rf $(VENV) .maice .maice-test .pytest_cache .mypy_cache .ruff_cache
