# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# An editable install leaves the sources uncompiled, and with PYTHONDONTWRITEBYTECODE set
# every `xxgk` process (and every reading worker) compiled them again: ~40 ms a process.
BYTECODE = $(BIN)/python -m compileall -q models pipelines >/dev/null

.PHONY: install lake-install demo ui test bench clean system-packages

install: $(STAMP)

# An environment $(1) with the project and its extras $(2), and the dashboard's vendored files.
# The project is installed as a path (setuptools' compat mode), not behind setuptools'
# import hook, whose loading cost every `xxgk` process ~15 ms of its start.
define environment
	test -x $(1)/bin/python || $(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --config-settings editable_mode=compat -e '.[$(2)]'
	$(1)/bin/python -c 'from pipelines.dashboard.vendor import main; main()' \
	  || echo "note: xxgk dashboard needs ECharts from npm: install Node.js and npm, then run it again"
endef
EXTRAS := test,cluster

$(STAMP): pyproject.toml
	$(call environment,$(VENV),$(EXTRAS))
	$(BYTECODE)
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

# The warehouse as a DuckLake lake needs DuckDB 1.5.5 (the registry's DuckLake extension is
# built for it alone; see pyproject's `lake` extra), so its tests run in an environment of
# their own beside the default one, which keeps the newest DuckDB.
LAKE_VENV := .venv-lake
LAKE_STAMP := $(LAKE_VENV)/.installed
LAKE_EXTRAS := $(EXTRAS),lake
lake-install: $(LAKE_STAMP)

$(LAKE_STAMP): pyproject.toml
	$(call environment,$(LAKE_VENV),$(LAKE_EXTRAS))
	touch $(LAKE_STAMP)

test: install lake-install system-packages
	$(BIN)/python -m pytest -m "not lake"
	$(LAKE_VENV)/bin/python -m pytest -m lake

# What reading DOC/WPS needs (LibreOffice converts them), what remaking the PDF fixtures and
# the dashboard's font need (CJK fonts), the browser the dashboard's tests open it in
# (Debian's chromium, driven by playwright without a browser download), the Chinese
# language data OCR of scans reads with (Tesseract's chi_sim), and the PostgreSQL server
# the tests start for Dagster's instance and the DuckLake catalog; each installed with
# apt only when missing (CI runs as root on Debian).
system-packages:
	@missing=""; command -v soffice >/dev/null || missing="libreoffice-writer-nogui"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	dpkg -s tesseract-ocr-chi-sim >/dev/null 2>&1 || missing="$$missing tesseract-ocr tesseract-ocr-chi-sim"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -z "$$missing" ]; then :; \
	elif ! command -v apt-get >/dev/null; then echo "note: install$$missing to read DOC/WPS and scans and test the dashboard"; \
	else export DEBIAN_FRONTEND=noninteractive; echo "installing$$missing"; \
	  apt-get install -y -q --no-install-recommends $$missing >/dev/null \
	  || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; fi

# Speed and memory figures, printed, never asserted: one script per stage under bench/.
bench: install system-packages
	$(BYTECODE)
	for script in bench/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) $(LAKE_VENV) build *.egg-info
