# One verb per target; CI calls `make test` exactly as a developer does.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test clean

serve: $(STAMP)  ## Bygg och visa webbplatsen på http://127.0.0.1:8000
	$(BIN)/mkdocs serve

build: $(STAMP)  ## Bygg webbplatsen till site/
	$(BIN)/mkdocs build --strict

test: $(STAMP)  ## Kör alla tester
	$(BIN)/pytest

clean:
	rm -rf $(VENV) site

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@
