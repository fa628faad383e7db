# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo ui test bench clean system-packages

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test,cluster]'
	$(BIN)/python -c 'from pipelines.dashboard.vendor import main; main()' \
	  || echo "note: xxgk dashboard needs ECharts from npm: install Node.js and npm, then run it again"
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

test: install system-packages
	$(BIN)/python -m pytest

# What reading DOC/WPS needs (LibreOffice converts them), what remaking the PDF fixtures and
# the dashboard's font need (CJK fonts), and the browser the dashboard's tests open it in
# (Debian's chromium, driven by playwright without a browser download), and the PostgreSQL
# server the tests start for Dagster's instance and the DuckLake catalog; each installed with
# apt only when missing (CI runs as root on Debian).
system-packages:
	@missing=""; command -v soffice >/dev/null || missing="libreoffice-writer-nogui"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -z "$$missing" ]; then :; \
	elif ! command -v apt-get >/dev/null; then echo "note: install$$missing to read DOC/WPS and test the dashboard"; \
	else export DEBIAN_FRONTEND=noninteractive; echo "installing$$missing"; \
	  apt-get install -y -q --no-install-recommends $$missing >/dev/null \
	  || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; fi

# Speed and memory figures, printed, never asserted: one script per stage under bench/.
bench: install system-packages
	for script in bench/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
