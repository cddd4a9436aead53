# make help   lists the targets. The two of the README's quick start:
#   make lab    set up what the notebooks need, then open JupyterLab on them
#   make test   add the test tools, then run ruff, every test and every notebook
# Everything goes into .venv/ here (one environment: `make test` adds to what `make lab`
# installed). A .venv/ counts as made only once its stamp file is written, last; a
# failed or interrupted setup is removed, so the next run starts clean.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
MIN_PYTHON = 3.11
# For `make check`: where python and ruff are. Empty: the active environment's (conda).
ENV_BIN ?=

LAB_STAMP  = $(VENV)/.installed-lab
TEST_STAMP = $(VENV)/.installed
COMMA = ,
GOAL = $(or $(firstword $(MAKECMDGOALS)),lab)

.PHONY: help lab test check test-ipywidgets7 notebooks clean

help:
	@echo "make lab     set up .venv/ with what the notebooks need, then open JupyterLab"
	@echo "make test    add the test tools to .venv/, then run ruff, the tests and the notebooks"
	@echo "make check   the same checks as make test, in the active environment (conda)"
	@echo "make test-ipywidgets7  the dashboard's and the drawing pad's tests under ipywidgets 7.7 (Colab's)"
	@echo "make notebooks  re-run every notebook and save it with its outputs, as committed"
	@echo "make clean   remove .venv/ (the next make lab or make test sets it up again)"
	@echo "Options: PYTHON=python3.12 (the Python that makes .venv/; $(MIN_PYTHON) or newer, now: $(PYTHON))"

# The notebooks' packages only. A .venv/ with neither stamp is left over from a failed
# or interrupted run: it is removed. Before a new .venv/ is made, $(PYTHON) is checked.
$(LAB_STAMP): pyproject.toml
	@[ -n "$(VENV)" ] || { echo "make: VENV is empty" >&2; exit 1; }
	@if [ ! -f $(LAB_STAMP) ] && [ ! -f $(TEST_STAMP) ] && [ -e $(VENV) ]; then \
	  echo "make: removing $(VENV)/, left unfinished by an earlier run"; rm -rf $(VENV); \
	fi
	@if [ ! -d $(VENV) ]; then \
	  version=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) \
	    || { echo "make: cannot run '$(PYTHON)'; nnlib needs Python $(MIN_PYTHON) or newer." >&2; \
	         echo "      Name one with: make $(GOAL) PYTHON=python3.12  (or the path of a python binary)" >&2; exit 1; }; \
	  $(PYTHON) -c 'import sys; sys.exit(sys.version_info < ($(subst .,$(COMMA),$(MIN_PYTHON))))' \
	    || { echo "make: '$(PYTHON)' is Python $$version; nnlib needs Python $(MIN_PYTHON) or newer." >&2; \
	         echo "      Choose another: make $(GOAL) PYTHON=python3.12  (or the path of a python binary)" >&2; exit 1; }; \
	  echo "make: setting up $(VENV)/ with $(PYTHON) (Python $$version)"; \
	  $(PYTHON) -m venv $(VENV) \
	    || { rm -rf $(VENV); echo "make: '$(PYTHON) -m venv' failed; removed $(VENV)/." \
	         "On Debian/Ubuntu: sudo apt install python3-venv" >&2; exit 1; }; \
	  fresh=1; \
	fi; \
	{ $(BIN)/python -m pip install --quiet --upgrade pip && $(BIN)/python -m pip install --quiet -e . ; } \
	  || { status=$$?; [ -z "$$fresh" ] || { rm -rf $(VENV); echo "make: setup failed; removed $(VENV)/" >&2; }; exit $$status; }
	@touch $@

# The test tools on top (pytest, nbval, Playwright, ruff, ...): the `dev` extra.
$(TEST_STAMP): $(LAB_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Jupyter refuses to run as root unless told; root is usual in containers.
lab: $(LAB_STAMP)
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

test: $(TEST_STAMP)
	@$(MAKE) --no-print-directory check ENV_BIN=$(BIN)/

# One BLAS thread: the networks' matrices are small, and on a busy 2-core machine two
# OpenBLAS threads per process fight each other (measured here: up to 10x slower).
check: export OPENBLAS_NUM_THREADS = 1
check:
	$(ENV_BIN)ruff check .
	$(ENV_BIN)python -m pytest

# The dashboard and the drawing pad under ipywidgets 7.7, the version Google Colab ships:
# their Python side, in a second, small environment (no browser: JupyterLab 4 needs 8).
IPYW7_VENV ?= .venv-ipywidgets7
$(IPYW7_VENV)/.installed: pyproject.toml
	rm -rf $(IPYW7_VENV)
	$(PYTHON) -m venv $(IPYW7_VENV)
	$(IPYW7_VENV)/bin/python -m pip install --quiet "ipywidgets==7.7.*" -e . "pytest>=8" "hypothesis>=6.100" \
	  || { rm -rf $(IPYW7_VENV); echo "make: the ipywidgets 7.7 environment failed; removed it" >&2; exit 1; }
	touch $@

test-ipywidgets7: export OPENBLAS_NUM_THREADS = 1
test-ipywidgets7: $(IPYW7_VENV)/.installed
	$(IPYW7_VENV)/bin/python -c 'import ipywidgets as w; assert w.__version__.startswith("7.7."), w.__version__'
	$(IPYW7_VENV)/bin/python -m pytest -o addopts="" -p no:cacheprovider -q \
	  tests/test_dashboard.py tests/test_dashboard_demos.py tests/test_draw.py tests/test_exercises_framework.py

# Re-run every notebook and save it with its outputs (what is committed); widgets are
# saved as their text only (see tests/clean_notebook_outputs.py for why).
notebooks: export OPENBLAS_NUM_THREADS = 1
notebooks: $(TEST_STAMP)
	for nb in notebooks/*/[0-9]*.ipynb; do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace $$nb || exit 1; done
	$(BIN)/python tests/clean_notebook_outputs.py notebooks/*/[0-9]*.ipynb

clean:
	rm -rf $(VENV) $(IPYW7_VENV)
