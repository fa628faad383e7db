# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The main job on the bundled example documents (realistic portal pages and text
# renditions kept with their expected values under tests/fixtures/): what was
# read, and what the checks found.
EXAMPLES := $(wildcard tests/fixtures/html/*.html tests/fixtures/text/*.txt)
demo: install
	$(BIN)/xxgk extract --table $(EXAMPLES)
	$(BIN)/xxgk crawl --sample-portal --raw data/raw/sample --reports data/raw/sample/reports

test: install
	$(BIN)/python -m pytest

# Speed and memory figures, printed, never asserted: one script per stage under bench/.
bench: install
	for script in bench/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
