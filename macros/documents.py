"""Governing documents: the front matter of policy, guidance and routine pages, validated like data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from .errors import DataIssue
from .history import History, read_history
from .loader import translate_errors
from .models import IsoDate, JaNej, Record, Slug, Text
from .search import keyword_issues
from .sources import pages
from .yamlsource import line_of, parse_yaml, read_text_file

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


# The decision that adopts a version: all three or none (a document without them is a draft).
DECISION_KEYS = ("beslutad_av", "fastställd", "diarienummer")


class GoverningMeta(Record):
    """The `styrdokument:` block in a governing page's front matter."""

    type: DocType = Field(alias="typ", description="policy, anvisning eller rutin.")
    owner: Slug = Field(alias="ägare", description="Roll-id från data/organisation.yaml.")
    decided_by: Slug | None = Field(None, alias="beslutad_av",
                                    description="Organ eller roll som fattade beslutet (roll-id från "
                                                "data/organisation.yaml). Utelämna medan dokumentet är ett utkast.")
    adopted: IsoDate | None = Field(None, alias="fastställd",
                                    description="Beslutsdagen för den gällande versionen. Utelämna i ett utkast.")
    reference: Text | None = Field(None, alias="diarienummer",
                                   description="Beslutets diarienummer, t.ex. \"FAR 2026/123\". Utelämna i ett utkast.")
    example: JaNej = Field(False, alias="exempel",
                           description="ja om beslutsuppgifterna är påhittade exempel (visas som exempel).")
    version: Annotated[Text, BeforeValidator(_version), WithJsonSchema({"type": ["string", "number"]})] = Field(
        alias="version", description="Versionsnummer, t.ex. \"2.0\".")
    last_review: IsoDate | None = Field(None, alias="senast_granskad",
                                        description="Dag då dokumentet senast granskades (om den skiljer sig "
                                                    "från beslutsdagen).")
    next_review: IsoDate = Field(alias="nästa_granskning", description="Planerad dag för nästa granskning.")
    status: DocStatus | None = Field(None, alias="status",
                                     description="Räknas fram: utkast utan beslut, annars gällande. Skriv bara "
                                                 "\"under revidering\" när en ny version av ett beslutat "
                                                 "dokument tas fram.")
    nis2: list[NisArea] = Field(alias="nis2", description="NIS 2 art. 21.2-områden (a–j) som dokumentet täcker.")

    @property
    def decided(self) -> bool:
        """True only when the decision is complete: who, when and under which registration number."""
        return self.decided_by is not None and self.adopted is not None and self.reference is not None

    @property
    def state(self) -> DocStatus:
        """The status shown and registered, derived from the decision data (never taken on trust)."""
        if not self.decided:
            return DocStatus.DRAFT
        return DocStatus.UNDER_REVISION if self.status is DocStatus.UNDER_REVISION else DocStatus.IN_FORCE

    @property
    def reviewed(self) -> date | None:
        """The last review: stated explicitly, or else the decision date."""
        return self.last_review or self.adopted


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

    @property
    def status(self) -> DocStatus:
        return self.meta.state


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


def page_title(docs_dir: Path, rel: str) -> str:
    """A page's title as MkDocs shows it: front matter `title`, else its first heading, else its path."""
    text, _ = read_text_file(docs_dir / rel)
    yaml_text, first_line = split_front_matter(text)
    front, _ = parse_yaml(yaml_text, rel, first_line) if yaml_text else (None, [])
    return _title(front, text, rel)


def _required_keys() -> str:
    """The keys a governing page must have, read from the model so the message cannot drift from it."""
    keys = [f.alias or name for name, f in GoverningMeta.model_fields.items() if f.is_required()]
    return f"{', '.join(keys[:-1])} och {keys[-1]}"


def load_documents(docs_dir: Path, role_ids: set[str],
                   history: History | None = None) -> tuple[list[GoverningDoc], list[DataIssue]]:
    """Validate the front matter of every governing page under `docs_dir`.

    `history` is the build's git history (read here when not given); it gives "senast ändrad"."""
    docs: list[GoverningDoc] = []
    issues: list[DataIssue] = []
    history = read_history(docs_dir) if history is None else history
    for path in pages(docs_dir):
        rel = path.relative_to(docs_dir).as_posix()
        label = f"{docs_dir.name}/{rel}"
        text, unreadable = read_text_file(path)  # a byte-order mark is dropped, as MkDocs does
        if unreadable:
            issues.append(DataIssue(label, None, None, None, unreadable))
            continue
        yaml_text, first_line = split_front_matter(text)
        front, problems = parse_yaml(yaml_text, label, first_line) if yaml_text else (None, [])
        issues.extend(problems)
        issues.extend(keyword_issues(front, label))  # `sökord:` may stand on any page
        block = front.get(FRONT_MATTER_KEY) if isinstance(front, dict) else None
        required = rel.split("/")[0] in GOVERNED_FOLDERS and path.stem != "index"
        if block is None:
            if required and not problems:
                issues.append(DataIssue(label, 1, None, FRONT_MATTER_KEY,
                                        "sidan är ett styrdokument men saknar front matter med "
                                        f"{FRONT_MATTER_KEY}: {_required_keys()}"))
            continue
        try:
            meta = FrontMatter.model_validate(front).governing
        except ValidationError as err:
            issues.extend(translate_errors(err, front, label, FrontMatter))
            continue
        issues.extend(_check_meta(meta, front, label, role_ids))
        docs.append(GoverningDoc(rel, _title(front, text, rel), meta, history.last_changed(rel)))
    return docs, issues


def _check_meta(meta: GoverningMeta, front: Any, label: str, role_ids: set[str]) -> list[DataIssue]:
    """Rules across fields: known roles, a complete decision, a review after the decision."""
    found: list[DataIssue] = []

    def issue(key: str, message: str) -> None:
        loc = (FRONT_MATTER_KEY, key)
        found.append(DataIssue(label, line_of(front, loc), None, ".".join(loc), message))

    known = ", ".join(sorted(role_ids))
    for key, role in (("ägare", meta.owner), ("beslutad_av", meta.decided_by)):
        if role is not None and role not in role_ids:
            issue(key, f'okänd roll "{role}". Kända roller: {known}.')
    given = [v is not None for v in (meta.decided_by, meta.adopted, meta.reference)]
    if any(given) and not all(given):
        missing = [k for k, g in zip(DECISION_KEYS, given, strict=True) if not g]
        issue(missing[0], "fältet saknas. Ett beslut anges med beslutad_av, fastställd och diarienummer "
                          "tillsammans; ta bort alla tre medan dokumentet är ett utkast")
    if meta.status in (DocStatus.IN_FORCE, DocStatus.UNDER_REVISION) and not meta.decided:
        issue("status", f'"{meta.status.value}" kräver ett beslut. Fyll i beslutad_av, fastställd och '
                        "diarienummer; utan beslut visas dokumentet som utkast")
    if meta.status is DocStatus.DRAFT and meta.decided:
        issue("status", 'dokumentet har ett beslut och kan inte vara utkast. Ta bort status, eller skriv '
                        '"under revidering" medan en ny version tas fram')
    if meta.adopted is not None and meta.next_review <= meta.adopted:
        issue("nästa_granskning", "nästa granskning måste ligga efter fastställelsedagen")
    if meta.last_review is not None and meta.adopted is not None and meta.last_review < meta.adopted:
        issue("senast_granskad", "senaste granskningen kan inte ligga före fastställelsedagen")
    return found
