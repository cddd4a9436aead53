# The two commands of the README's quick start:
#   make lab    set everything up, then open JupyterLab on the notebooks
#   make test   set everything up, then run every test and notebook
# Everything goes into .venv/ here; delete it to start over.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: lab test lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Jupyter refuses to run as root unless told; root is usual in containers.
lab: $(VENV)/.installed
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

# One BLAS thread: the networks' matrices are small, and on a busy 2-core machine two
# OpenBLAS threads per process fight each other (measured here: up to 10x slower).
test: export OPENBLAS_NUM_THREADS = 1
test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV)
