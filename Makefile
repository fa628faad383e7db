# Two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test bench clean system-packages

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

test: install system-packages
	$(BIN)/python -m pytest

# What reading DOC/WPS needs (LibreOffice converts them) and what remaking the PDF fixtures
# needs (CJK fonts); installed with apt when missing (CI runs as root on Debian).
SYSTEM_PACKAGES := libreoffice-writer-nogui fonts-noto-cjk
system-packages:
	@if command -v soffice >/dev/null && dpkg -s fonts-noto-cjk >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null; then echo "note: install LibreOffice and Noto CJK fonts to read DOC/WPS"; \
	else export DEBIAN_FRONTEND=noninteractive; \
	  apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null \
	  || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; }; fi

# Speed and memory figures, printed, never asserted: one script per stage under bench/.
bench: install
	for script in bench/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
