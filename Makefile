# Two entry points for a fresh machine: `make run` and `make test`.
# Each builds .venv from requirements.txt first, and again whenever requirements.txt changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Only the port on the command line: the rest (file watcher off, headless...) is .streamlit/config.toml,
# and tests/test_browser.py starts the app with this same command.
run: $(BIN)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(BIN)/.installed
	$(BIN)/ruff check .
	KERAS_HOME=$${KERAS_HOME:-$$(mktemp -d)} $(BIN)/python -m pytest -q

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench_guide.py
	$(BIN)/python benchmarks/bench_harness.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
