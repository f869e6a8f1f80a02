"""Governing documents: the front matter of policy, guidance and routine pages, validated like data."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from .errors import DataIssue
from .loader import translate_errors
from .models import IsoDate, Record, Slug, Text
from .search import keyword_issues
from .yamlsource import line_of, parse_yaml

FRONT_MATTER_KEY = "styrdokument"
# Every page in these folders except the section's index must be a governing document.
GOVERNED_FOLDERS = ("rutiner",)

NIS2_AREAS = {
    "a": "Riskanalys och säkerhetspolicy för informationssystem",
    "b": "Incidenthantering",
    "c": "Kontinuitet, säkerhetskopiering, katastrofåterställning och krishantering",
    "d": "Säkerhet i leverantörskedjan",
    "e": "Säkerhet vid anskaffning, utveckling och underhåll, inklusive sårbarhetshantering",
    "f": "Bedömning av säkerhetsåtgärdernas effektivitet",
    "g": "Grundläggande cyberhygien och utbildning",
    "h": "Kryptografi och kryptering",
    "i": "Personalsäkerhet, åtkomstkontroll och hantering av tillgångar",
    "j": "Flerfaktorsautentisering och säkrad kommunikation",
}


class DocType(StrEnum):
    POLICY = "policy"
    GUIDANCE = "anvisning"
    ROUTINE = "rutin"


class DocStatus(StrEnum):
    DRAFT = "utkast"
    IN_FORCE = "gällande"
    UNDER_REVISION = "under revidering"


NisArea = StrEnum("NisArea", {k.upper(): k for k in NIS2_AREAS})  # type: ignore[misc]


def _version(value: Any) -> Any:
    # `version: 2.0` is read as a number by YAML; the coordinator means the text "2.0".
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class GoverningMeta(Record):
    """The `styrdokument:` block in a governing page's front matter."""

    type: DocType = Field(alias="typ", description="policy, anvisning eller rutin.")
    owner: Slug = Field(alias="ägare", description="Roll-id från data/organisation.yaml.")
    adopted: IsoDate = Field(alias="fastställd", description="Dag då den gällande versionen fastställdes.")
    version: Annotated[Text, BeforeValidator(_version), WithJsonSchema({"type": ["string", "number"]})] = Field(
        alias="version", description="Versionsnummer, t.ex. \"2.0\".")
    next_review: IsoDate = Field(alias="nästa_granskning", description="Senaste dag för nästa granskning.")
    status: DocStatus = Field(alias="status", description="utkast, gällande eller under revidering.")
    nis2: list[NisArea] = Field(alias="nis2", description="NIS 2 art. 21.2-områden (a–j) som dokumentet täcker.")


class FrontMatter(Record):
    """A page's front matter: MkDocs' own keys are free, the `styrdokument:` block is checked."""

    model_config = ConfigDict(extra="allow", frozen=True)
    governing: GoverningMeta = Field(alias=FRONT_MATTER_KEY)


@dataclass(frozen=True)
class GoverningDoc:
    src_path: str  # relative to docs/, with forward slashes
    title: str
    meta: GoverningMeta
    last_changed: date | None  # from git history; None when unknown

    def days_overdue(self, as_of: date) -> int:
        return max((as_of - self.meta.next_review).days, 0)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """The YAML between the opening and closing `---`, and the line it starts on."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 0
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1:end]), 2
    return None, 0


def _title(front: Any, text: str, fallback: str) -> str:
    if isinstance(front, dict) and isinstance(front.get("title"), str):
        return str(front["title"])
    heading = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), None)
    return heading or fallback


def load_documents(docs_dir: Path, role_ids: set[str]) -> tuple[list[GoverningDoc], list[DataIssue]]:
    """Validate the front matter of every governing page under `docs_dir`."""
    docs: list[GoverningDoc] = []
    issues: list[DataIssue] = []
    changed = git_last_changed(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        label = f"{docs_dir.name}/{rel}"
        text = path.read_text(encoding="utf-8")
        yaml_text, first_line = split_front_matter(text)
        front, problems = parse_yaml(yaml_text, label, first_line) if yaml_text else (None, [])
        issues.extend(problems)
        issues.extend(keyword_issues(front, label))  # `sökord:` may stand on any page
        block = front.get(FRONT_MATTER_KEY) if isinstance(front, dict) else None
        required = rel.split("/")[0] in GOVERNED_FOLDERS and not rel.endswith("index.md")
        if block is None:
            if required and not problems:
                issues.append(DataIssue(label, 1, None, FRONT_MATTER_KEY,
                                        "sidan är ett styrdokument men saknar front matter med "
                                        f"{FRONT_MATTER_KEY}: typ, ägare, fastställd, version, "
                                        "nästa_granskning, status och nis2"))
            continue
        try:
            meta = FrontMatter.model_validate(front).governing
        except ValidationError as err:
            issues.extend(translate_errors(err, front, label, FrontMatter))
            continue
        loc = (FRONT_MATTER_KEY, "ägare")
        if meta.owner not in role_ids:
            issues.append(DataIssue(label, line_of(front, loc), None, ".".join(loc),
                                    f'okänd roll "{meta.owner}". Kända roller: {", ".join(sorted(role_ids))}.'))
        if meta.next_review <= meta.adopted:
            loc = (FRONT_MATTER_KEY, "nästa_granskning")
            issues.append(DataIssue(label, line_of(front, loc), None, ".".join(loc),
                                    "nästa granskning måste ligga efter fastställelsedagen"))
        docs.append(GoverningDoc(rel, _title(front, text, rel), meta, changed.get(rel)))
    return docs, issues


def git_last_changed(docs_dir: Path) -> dict[str, date]:
    """Last commit date of every page under docs_dir, from one `git log` call; empty without git."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=@%cs", "--name-only", "--relative", "--", "."],
            cwd=docs_dir, capture_output=True, text=True, timeout=30, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    result: dict[str, date] = {}
    current: date | None = None
    for line in out.splitlines():
        if line.startswith("@"):
            current = date.fromisoformat(line[1:])
        elif line and current is not None:
            result.setdefault(line, current)
    return result
