# Two entry points for a fresh machine: `make run` and `make test`.
# Each builds .venv from requirements.txt first, and again whenever requirements.txt changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench clean

# onnxruntime-web for the browser deployment path (onnx-web), pinned by its package-lock.json. Without npm, or
# when npm ci fails, set-up goes on: that path's row then says onnxruntime-web is missing and how to install it.
ORT_WEB := guide/bench/worker/ort_web

$(BIN)/.installed: requirements.txt $(ORT_WEB)/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(ORT_WEB) --ignore-scripts --no-audit --no-fund --loglevel=error \
	    || echo "npm ci failed: the onnx-web deployment path will report onnxruntime-web as missing"; \
	else echo "npm not found: the onnx-web deployment path will report onnxruntime-web as missing"; fi
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
	rm -rf $(VENV) .pytest_cache .ruff_cache $(ORT_WEB)/node_modules
