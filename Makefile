# One verb per target; CI calls `make test` exactly as a developer does.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast bench bench-ci kontrollera ny-genomgang pdf tillsyn clean

serve: $(STAMP)  ## Bygg och visa webbplatsen på http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dirty  # bygger bara om det som ändrats (macros/incremental.py)

build: $(STAMP)  ## Bygg webbplatsen till site/ (vid fel lämnas site/ orörd)
	$(BIN)/lis bygg

test: $(STAMP)  ## Kör alla tester (och kodgranskning med ruff och mypy)
	$(BIN)/ruff check macros tests bench
	$(BIN)/mypy
	$(BIN)/pytest

test-fast: $(STAMP)  ## Kör bara de snabba testerna (inga bygg, program, webbläsare eller svep; under 30 s)
	$(BIN)/pytest -q -m "not build and not process and not browser and not sweep"

bench: $(STAMP)  ## Mät byggtiden vid 30, 500 och 5 000 system (flera minuter)
	$(BIN)/python bench/run.py

bench-ci: $(STAMP)  ## Snabb mätning som visar att alla mått tas fram
	$(BIN)/python bench/run.py --ci

kontrollera: $(STAMP)  ## Kontrollera data och styrdokument utan att bygga
	$(BIN)/lis kontrollera

# AR and ERSATT reach the commands through the environment, quoted: a value is never run as shell code.
export AR ERSATT

ny-genomgang: $(STAMP)  ## Skapa nästa års ledningens genomgång: make ny-genomgang AR=2027
	$(BIN)/lis ny-genomgang -- "$$AR"

pdf: $(STAMP)  ## Spara som PDF: make pdf AR=2025 eller make pdf SIDA=rutiner/incidenthantering (ERSATT=1 skriver över)
	$(BIN)/lis pdf $${ERSATT:+--ersatt} -- "$${AR:-$$SIDA}"

tillsyn: $(STAMP)  ## Skriv tillsynspaketet (zip) till tillsyn/: make tillsyn (AR=2025 väljer genomgång, ERSATT=1 skriver över)
	$(BIN)/lis tillsyn $${ERSATT:+--ersatt} $${AR:+"--genomgang=$$AR"}

clean:
	rm -rf $(VENV) site

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@
