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
# needs (CJK fonts); each installed with apt only when missing (CI runs as root on Debian).
system-packages:
	@missing=""; command -v soffice >/dev/null || missing="libreoffice-writer-nogui"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	if [ -z "$$missing" ]; then :; \
	elif ! command -v apt-get >/dev/null; then echo "note: install$$missing to read DOC/WPS"; \
	else export DEBIAN_FRONTEND=noninteractive; echo "installing$$missing"; \
	  apt-get install -y -q --no-install-recommends $$missing >/dev/null \
	  || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; fi

# Speed and memory figures, printed, never asserted: one script per stage under bench/.
bench: install system-packages
	for script in bench/*.py; do $(BIN)/python "$$script" || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
