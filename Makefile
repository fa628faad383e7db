# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo ui test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The main job, end to end, on the bundled sample portal (data/sample_portal/, served
# on loopback): the nightly Dagster job crawls it, reads every report, loads the
# DuckDB warehouse and publishes the analysts' copy, then prints what they see.
export DAGSTER_HOME := $(CURDIR)
demo: install
	$(BIN)/python -m pipelines.demo

# The Dagster UI on http://127.0.0.1:3000: asset lineage, checks, runs, the schedule.
ui: install
	$(BIN)/dagster dev -m pipelines.definitions

test: install
	$(BIN)/python -m pytest

# Speed and memory figures, printed, never asserted: one script per stage under bench/.
bench: install
	for script in bench/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
