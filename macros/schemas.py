"""JSON Schemas for editors, generated from the same models the loader uses (one source of truth).

Each data file starts with `# yaml-language-server: $schema=schema/NAME.schema.json`, so VS Code's
YAML extension checks and completes while the coordinator types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import atomic
from .documents import FrontMatter
from .registers import data_files

SCHEMA_FOLDER = Path("data") / "schema"
FRONT_MATTER_SCHEMA = "styrdokument.schema.json"



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
    schemas = {schema_name(spec.name): build_schema(spec.model, spec.title) for spec in data_files()}
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
            atomic.write_text(path, text)
            changed.append(name)
    return changed


def stale_schemas(root: Path) -> list[str]:
    folder = root / SCHEMA_FOLDER
    return [name for name, text in all_schemas().items()
            if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text]


def header_problems(root: Path) -> list[str]:
    """Data files whose header comment disagrees with their register's declaration (schema line, "Visas på: ...")."""
    problems = []
    for spec in data_files():
        path = root / "data" / spec.name
        if not path.exists():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        header = " ".join(line.removeprefix("#").strip() for line in lines if line.startswith("#"))
        header = " ".join(header.split())
        expected = f"# yaml-language-server: $schema={SCHEMA_FOLDER.name}/{schema_name(spec.name)}"
        if not lines or lines[0] != expected:
            problems.append(f"data/{spec.name}: första raden ska vara {expected}")
        if f"Visas på: {spec.shown_on}." not in header:
            problems.append(f"data/{spec.name}: kommentaren överst ska säga: Visas på: {spec.shown_on}.")
    return problems
