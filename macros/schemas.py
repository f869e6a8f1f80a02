"""JSON Schemas for editors, generated from the same models the loader uses (one source of truth).

Each data file starts with `# yaml-language-server: $schema=schema/NAME.schema.json`, so VS Code's
YAML extension checks and completes while the coordinator types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .documents import FrontMatter
from .loader import FILES

SCHEMA_FOLDER = Path("data") / "schema"
FRONT_MATTER_SCHEMA = "styrdokument.schema.json"

TITLES = {
    "organisation.yaml": "Organisation, roller, kontaktvägar och rapporteringsfrister",
    "klassningsskala.yaml": "Skala för informationsklassning",
    "forvaltningsobjekt.yaml": "Förvaltningsobjekt enligt PM3",
    "system.yaml": "Systemförteckning",
    "mal.yaml": "Mål för informationsklassning",
    "atgarder.yaml": "Handlingsplan",
    "risker.yaml": "Risker och riskbehandling",
    "granskningar.yaml": "Revisionens granskningar och rekommendationer",
    "incidenter.yaml": "Incidenter per år",
    "utbildning.yaml": "Genomförda utbildningar",
    "genomgangar.yaml": "Ledningens genomgångar",
    "kontinuitet.yaml": "Kontinuitet och reservrutiner per system",
    "loggkontroller.yaml": "Loggkontroller per system",
    "lagkrav.yaml": "Lagrum, myndigheter, ledningen och NIS 2-täckning",
    "tillamplighet.yaml": "Tillämplighetsförklaring (ISO/IEC 27001:2022 bilaga A)",
    "riskmetod.yaml": "Riskmetod: skalor, risknivåer och vem som får acceptera dem",
    "registrering.yaml": "Registrering enligt cybersäkerhetslagen och anmälda ändringar",
    "ledningsutbildning.yaml": "Ledningens utbildning enligt cybersäkerhetslagen",
}


def schema_name(data_file: str) -> str:
    return data_file.removesuffix(".yaml") + ".schema.json"


def _without_titles(node: Any) -> Any:
    """Pydantic titles are the English field names; the Swedish descriptions are what editors show."""
    if isinstance(node, dict):
        return {k: _without_titles(v) for k, v in node.items()
                if not (k == "title" and isinstance(v, str))}
    if isinstance(node, list):
        return [_without_titles(v) for v in node]
    return node


def build_schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    body = _without_titles(model.model_json_schema(by_alias=True, mode="validation"))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **body}


def all_schemas() -> dict[str, str]:
    """File name -> JSON text of every schema, deterministic so a stale file can be detected."""
    schemas = {schema_name(spec.name): build_schema(spec.model, TITLES[spec.name]) for spec in FILES}
    schemas[FRONT_MATTER_SCHEMA] = build_schema(FrontMatter, "Front matter för styrande sidor")
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for name, schema in schemas.items()}


def write_schemas(root: Path) -> list[str]:
    """Write every schema; return the names of files that changed."""
    folder = root / SCHEMA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in all_schemas().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def stale_schemas(root: Path) -> list[str]:
    folder = root / SCHEMA_FOLDER
    return [name for name, text in all_schemas().items()
            if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]
