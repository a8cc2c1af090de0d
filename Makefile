# Parlez — `make run` and `make test` do everything on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test test-fast bench soak lint format migrate admin check-content audio seed clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(PY) -m progress.migrate

run: migrate
	$(PY) -m streamlit run server.py --server.port $(PORT) --browser.gatherUsageStats false

admin: $(VENV)/.installed
	@test -n "$(USERNAME)" || (echo "usage: make admin USERNAME=name [NAME='Display name']" && exit 2)
	$(PY) -m commands.admin --username "$(USERNAME)" --name "$(NAME)"

check-content: $(VENV)/.installed
	$(PY) -m library.check

seed: migrate
	$(PY) -m commands.seed $(ARGS)

audio: $(VENV)/.installed
	$(PY) -m audio prebuild $(ARGS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

PYTEST_ARGS ?= -n 2

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# The inner loop: unit tests only (no database server, no browser), stopping at the first failure.
test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest tests/unit -x -q -n 2

bench: $(VENV)/.installed-dev
	$(PY) -m bench $(ARGS)

# Faults (each a test that prints what the user saw), then the load run (figures, not pass/fail on time).
soak: $(VENV)/.installed-dev
	$(PY) -m pytest tests/faults -s -q -p no:cacheprovider
	$(PY) -m bench.soak $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
