# One verb per target; CI calls `make test` exactly as a developer does.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast bench bench-ci engines kontrollera ny-genomgang pdf tillsyn clean

PORT ?= 8000
export PORT

serve: $(STAMP)  ## Bygg och visa webbplatsen på http://127.0.0.1:8000 (PORT=8001 väljer en annan port)
	$(BIN)/lis visa --port "$$PORT"  # mkdocs serve --dirty: bygger bara om det som ändrats (macros/incremental.py)

build: $(STAMP)  ## Bygg webbplatsen till site/ (vid fel lämnas site/ orörd)
	$(BIN)/lis bygg

test: $(STAMP)  ## Kör alla tester (och kodgranskning med ruff och mypy)
	$(BIN)/ruff check macros tests bench
	$(BIN)/mypy
	$(BIN)/pytest

test-fast: $(STAMP)  ## Kör bara de snabba testerna (inga bygg, program, webbläsare eller svep; under 20 s)
	$(BIN)/pytest -q -n auto -m "not build and not process and not browser and not sweep"

bench: $(STAMP)  ## Mät byggtiden vid 30, 500 och 5 000 system (flera minuter)
	$(BIN)/python bench/run.py

bench-ci: $(STAMP)  ## Snabb mätning som visar att alla mått tas fram
	$(BIN)/python bench/run.py --ci

# ProperDocs (the maintained MkDocs 1.x fork) in a venv of its own, so the runtime set stays MkDocs.
PD_VENV  := .venv-properdocs
PD_STAMP := $(PD_VENV)/.installed

engines: $(STAMP) $(PD_STAMP)  ## Bygg med MkDocs och ProperDocs och jämför; prova senaste Zensical (avgör inget)
	$(BIN)/python bench/engines.py jamfor
	-$(BIN)/python bench/engines.py zensical

$(PD_STAMP): requirements.txt requirements-properdocs.txt pyproject.toml
	rm -rf $(PD_VENV)
	$(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements-properdocs.txt \
	  || { echo "ProperDocs gick inte att installera (requirements-properdocs.txt); se felet ovan." >&2; exit 1; }
	$(PD_VENV)/bin/pip check --disable-pip-version-check \
	  || { echo "ProperDocs: requirements-properdocs.txt saknar ett paket som pip check nämner ovan." >&2; exit 1; }
	$(PD_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

kontrollera: $(STAMP)  ## Kontrollera data och styrdokument utan att bygga
	$(BIN)/lis kontrollera

# GNU make predefines AR as the archiver ("ar"); only a value the user gave (command line or
# environment) is a review year, so the predefined one is dropped.
ifeq ($(origin AR),default)
AR :=
endif
# AR, SIDA and ERSATT reach the commands through the environment, quoted: a value is never run as shell code.
export AR SIDA ERSATT

ny-genomgang: $(STAMP)  ## Skapa nästa års ledningens genomgång: make ny-genomgang AR=2027
	$(BIN)/lis ny-genomgang -- "$$AR"

pdf: $(STAMP)  ## Spara som PDF: make pdf AR=2025 eller make pdf SIDA=rutiner/incidenthantering (ERSATT=1 skriver över)
	$(BIN)/lis pdf $${ERSATT:+--ersatt} -- "$${AR:-$$SIDA}"

tillsyn: $(STAMP)  ## Skriv tillsynspaketet (zip) till tillsyn/: make tillsyn MYNDIGHET=… ARENDE=… DNR=… KONTAKT=… SEKRETESSPROVNING=… (se Ta fram tillsynspaketet)
	$(BIN)/lis tillsyn $${ERSATT:+--ersatt} $${AR:+"--genomgang=$$AR"} $${MYNDIGHET:+"--myndighet=$$MYNDIGHET"} \
		$${ARENDE:+"--arende=$$ARENDE"} $${DNR:+"--diarienummer=$$DNR"} $${KONTAKT:+"--kontakt=$$KONTAKT"} \
		$${SEKRETESSPROVNING:+"--sekretessprovning=$$SEKRETESSPROVNING"} $${SEKRETESS:+"--sekretess=$$SEKRETESS"} \
		$${INGEN_SEKRETESSPROVNING:+--ingen-sekretessprovning}

clean:
	rm -rf $(VENV) $(PD_VENV) site

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@
