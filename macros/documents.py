"""Governing documents: the front matter of policy, guidance and routine pages, validated like data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, ValidationError

from .errors import DataIssue
from .ledger import VERSION, Adoption, Ledger
from .models import IsoDate, Record, Slug, Text, VersionText
from .sources import pages
from .validation import translate_errors
from .yamlsource import line_of, parse_yaml, read_text_file

FRONT_MATTER_KEY = "styrdokument"
# Search words a page may list in its front matter (any page, not only governing ones); macros/search.py
# puts them into the index.
KEYWORDS_KEY = "sökord"
MAX_KEYWORD = 60
MAX_KEYWORDS = 50

AUDIENCE_KEY = "målgrupp"
EVERYONE = "alla"
COORDINATOR = "samordnare"
AUDIENCES = (EVERYONE, COORDINATOR)  # pages for the coordinator rank below pages for staff (the search)
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
    REGISTER = "register"  # a register that is itself a governing document: the SoA, the audit programme


class DocStatus(StrEnum):
    DRAFT = "utkast"
    IN_FORCE = "gällande"
    UNDER_REVISION = "under revidering"


NisArea = StrEnum("NisArea", {k.upper(): k for k in NIS2_AREAS})  # type: ignore[misc]


class ChangeKind(StrEnum):
    EDITORIAL = "redaktionell"  # wording, links, spelling: the rule is the same; no new decision
    SUBSTANTIVE = "saklig"  # what someone must do, who or when changes: in force only after a decision


class ChangeNote(Record):
    """One change to a governing document, as its readers are told about it."""

    version: VersionText = Field(alias="version", description="Versionen som ändringen gav dokumentet.")
    day: IsoDate = Field(alias="datum", description=(
        "Dag då ändringen publicerades i handboken (togs in i huvudgrenen), inte dagen då den skrevs."))
    kind: ChangeKind = Field(alias="typ", description=(
        "redaktionell (språk, länkar, stavning; samma innehåll) eller saklig (vad någon ska göra, vem eller "
        "när ändras; gäller först efter ett nytt beslut)."))
    text: Text = Field(alias="beskrivning", description="En eller två meningar till läsaren om vad som har ändrats.")


# Front-matter keys of the earlier format: the decision now lives in the archive's ledger.
RETIRED_KEYS = ("beslutad_av", "fastställd", "diarienummer", "exempel", "status")


class GoverningMeta(Record):
    """The `styrdokument:` block in a governing page's front matter."""

    type: DocType = Field(alias="typ", description="policy, anvisning, rutin eller register.")
    owner: Slug = Field(alias="ägare", description="Roll-id från data/organisation.yaml.")
    version: VersionText = Field(alias="version", description=(
        "Versionsnummer, t.ex. \"2.0\"; samma som i den senaste ändringen under ändringar."))
    last_review: IsoDate | None = Field(None, alias="senast_granskad",
                                        description="Dag då dokumentet senast granskades (om den skiljer sig "
                                                    "från beslutsdagen).")
    next_review: IsoDate = Field(alias="nästa_granskning", description="Planerad dag för nästa granskning.")
    decision_due: IsoDate | None = Field(None, alias="planerat_beslut", description=(
        "Dag då förslaget (ett utkast, eller en ny version under revidering) ska vara fastställt; visas under "
        "Att göra och i kalendern tills beslutet finns i arkivets liggare."))
    nis2: list[NisArea] = Field(alias="nis2", description="NIS 2 art. 21.2-områden (a–j) som dokumentet täcker.")
    data_files: list[Text] = Field(default_factory=list, alias="datafiler", description=(
        "Datafiler under data/ som är en del av dokumentet (för ett register, t.ex. tillamplighet.yaml); "
        "de arkiveras och jämförs med den fastställda utgåvan precis som sidans text."))
    changes: list[ChangeNote] = Field(alias="ändringar", min_length=1, description=(
        "Dokumentets ändringar, den senaste först: version, datum, typ och beskrivning för läsaren."))


class FrontMatter(Record):
    """A page's front matter: MkDocs' own keys are free, the `styrdokument:` block is checked."""

    model_config = ConfigDict(extra="allow", frozen=True)
    governing: GoverningMeta = Field(alias=FRONT_MATTER_KEY)


@dataclass(frozen=True)
class GoverningDoc:
    src_path: str  # relative to docs/, with forward slashes
    title: str
    meta: GoverningMeta
    adoptions: tuple[Adoption, ...] = ()  # its adopted editions from the archive's ledger, oldest first

    def days_overdue(self, as_of: date) -> int:
        return max((as_of - self.meta.next_review).days, 0)

    @property
    def notes(self) -> list[ChangeNote]:
        """The change notes, newest first."""
        return self.meta.changes

    @property
    def adoption(self) -> Adoption | None:
        """The decision of the edition in force: the latest adoption."""
        return self.adoptions[-1] if self.adoptions else None

    @property
    def pending(self) -> list[ChangeNote]:
        """The changes made after the edition in force was adopted, newest first (all of them in a draft)."""
        if self.adoption is None:
            return list(self.notes)
        at = next((i for i, n in enumerate(self.notes) if n.version == self.adoption.version), len(self.notes))
        return self.notes[:at]

    @property
    def status(self) -> DocStatus:
        """Derived, never typed: a draft until adopted; under revision while a substantive change awaits a decision."""
        if self.adoption is None:
            return DocStatus.DRAFT
        if any(n.kind is ChangeKind.SUBSTANTIVE for n in self.pending):
            return DocStatus.UNDER_REVISION
        return DocStatus.IN_FORCE

    @property
    def awaits_decision(self) -> bool:
        """A draft, or a new version under revision: a proposal that a decision has not yet adopted."""
        return self.status in (DocStatus.DRAFT, DocStatus.UNDER_REVISION)

    @property
    def last_changed(self) -> date:
        """"Senast ändrad": the newest change note's date (never a commit date)."""
        return max(n.day for n in self.notes)

    @property
    def reviewed(self) -> date | None:
        """The last review: stated explicitly, or else the date of the decision in force."""
        return self.meta.last_review or (self.adoption.adopted if self.adoption else None)


def keyword_issues(front: Any, label: str) -> list[DataIssue]:
    """Swedish problems with a page's `sökord:` list (none when the page has no such field)."""
    if not isinstance(front, dict) or KEYWORDS_KEY not in front:
        return []
    value = front[KEYWORDS_KEY]
    line = line_of(front, (KEYWORDS_KEY,))
    if not isinstance(value, list) or not value:
        return [DataIssue(label, line, None, KEYWORDS_KEY,
                          "ska vara en lista med sökord, ett per rad med bindestreck först, "
                          "till exempel \"- DPIA\"")]
    if len(value) > MAX_KEYWORDS:
        return [DataIssue(label, line, None, KEYWORDS_KEY,
                          f"högst {MAX_KEYWORDS} sökord per sida, här finns {len(value)}")]
    issues = []
    for n, word in enumerate(value):
        where = f"{KEYWORDS_KEY}[{n + 1}]"
        word_line = line_of(front, (KEYWORDS_KEY, n))
        text = _keyword_text(word)
        if text is None:
            issues.append(DataIssue(label, word_line, None, where, "ett sökord ska vara en kort text"))
        elif not text.strip():
            issues.append(DataIssue(label, word_line, None, where, "sökordet är tomt"))
        elif len(text) > MAX_KEYWORD or "\n" in text:
            issues.append(DataIssue(label, word_line, None, where,
                                    f"sökordet är för långt (högst {MAX_KEYWORD} tecken på en rad)"))
    return issues


def _keyword_text(word: Any) -> str | None:
    """A keyword as text (a number is one too), or None for a list, a mapping or a yes/no."""
    return str(word) if isinstance(word, str | int | float) and not isinstance(word, bool) else None


def repeated_keyword_issues(front: Any, label: str, seen: dict[str, tuple[str, int | None]]) -> list[DataIssue]:
    """A keyword another page already has (`seen`: each keyword met so far, by its plain form, with the page
    and line it stands on; this page's are added). One page is the answer to a keyword, or its lift means nothing."""
    if not isinstance(front, dict) or not isinstance(front.get(KEYWORDS_KEY), list):
        return []
    issues = []
    for n, word in enumerate(front[KEYWORDS_KEY]):
        text = _keyword_text(word)
        if text is None or not text.strip():
            continue  # said by keyword_issues
        key = " ".join(text.casefold().split())
        line = line_of(front, (KEYWORDS_KEY, n))
        if key in seen and seen[key][0] != label:
            other, other_line = seen[key]
            issues.append(DataIssue(label, line, None, f"{KEYWORDS_KEY}[{n + 1}]",
                                    f'sökordet "{text.strip()}" står redan på {other}'
                                    f"{f', rad {other_line}' if other_line else ''}; ge ett sökord till en "
                                    "sida, den som är svaret"))
        seen.setdefault(key, (label, line))
    return issues


def audience_issues(front: Any, label: str) -> list[DataIssue]:
    """Swedish problems with a page's `målgrupp:` (none when the page has no such field)."""
    if not isinstance(front, dict) or AUDIENCE_KEY not in front:
        return []
    if front[AUDIENCE_KEY] in AUDIENCES:
        return []
    allowed = " eller ".join(AUDIENCES)
    return [DataIssue(label, line_of(front, (AUDIENCE_KEY,)), None, AUDIENCE_KEY,
                      f"ska vara {allowed}, inte \"{front[AUDIENCE_KEY]}\"")]


def front_matter_issues(front: Any, label: str) -> list[DataIssue]:
    """The search fields any page may have: `sökord:` and `målgrupp:`."""
    return keyword_issues(front, label) + audience_issues(front, label)


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


def pages_setting(docs_dir: Path, page_paths: Iterable[str], key: str) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """(page, its front matter, the value) for each page whose front matter sets `key`; the others cost no
    parse (the key is looked for in the text first)."""
    for rel in page_paths:
        text, _ = read_text_file(docs_dir / rel)
        if f"{key}:" not in text:
            continue
        yaml_text, first_line = split_front_matter(text)
        meta, _ = parse_yaml(yaml_text, rel, first_line) if yaml_text else (None, [])
        if isinstance(meta, dict) and key in meta:
            yield rel, meta, meta[key]


def _required_keys() -> str:
    """The keys a governing page must have, read from the model so the message cannot drift from it."""
    keys = [f.alias or name for name, f in GoverningMeta.model_fields.items() if f.is_required()]
    return f"{', '.join(keys[:-1])} och {keys[-1]}"


def load_documents(docs_dir: Path, role_ids: set[str], ledger: Ledger | None = None, as_of: date | None = None,
                   data_dir: Path | None = None) -> tuple[list[GoverningDoc], list[DataIssue]]:
    """Validate the front matter of every governing page under `docs_dir` and join each with its adoptions.

    `ledger` is the archive's ledger (none: every document is a draft); with `as_of`, a change note
    dated after the reference date is an error; with `data_dir`, every listed data file must exist."""
    docs: list[GoverningDoc] = []
    issues: list[DataIssue] = []
    ledger = ledger or Ledger()
    keywords: dict[str, tuple[str, int | None]] = {}
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
        issues.extend(front_matter_issues(front, label))  # `sökord:` and `målgrupp:` may stand on any page
        issues.extend(repeated_keyword_issues(front, label, keywords))
        if isinstance(front, dict) and "template" in front:  # e.g. Material's redirect.html runs its `location:`
            issues.append(DataIssue(label, line_of(front, ("template",)), None, "template",
                                    "en sida får inte välja en egen mall ur temat; ta bort raden"))
        block = front.get(FRONT_MATTER_KEY) if isinstance(front, dict) else None
        required = rel.split("/")[0] in GOVERNED_FOLDERS and path.stem != "index"
        if block is None:
            if required and not problems:
                issues.append(DataIssue(label, 1, None, FRONT_MATTER_KEY,
                                        "sidan är ett styrdokument men saknar front matter med "
                                        f"{FRONT_MATTER_KEY}: {_required_keys()}"))
            continue
        retired = _retired_key_issues(block, front, label)
        if retired:
            issues.extend(retired)
            continue
        try:
            meta = FrontMatter.model_validate(front).governing
        except ValidationError as err:
            issues.extend(translate_errors(err, front, label, FrontMatter, NOTE_NAMING))
            continue
        doc = GoverningDoc(rel, _title(front, text, rel), meta, ledger.of(rel))
        issues.extend(_check_meta(doc, front, label, role_ids, as_of, data_dir))
        docs.append(doc)
    return docs, issues


@dataclass(frozen=True)
class _Naming:
    """How a change note is named in messages (`ändring "3.1"`), as the registers name their entries."""

    label: str
    names: tuple[str, ...]


NOTE_NAMING = {"ändringar": _Naming("ändring", ("version",))}


def _retired_key_issues(block: Any, front: Any, label: str) -> list[DataIssue]:
    """The decision fields of the earlier format: say where the decision is recorded now."""
    if not isinstance(block, dict):
        return []
    found = []
    for key in RETIRED_KEYS:
        if key in block:
            what = ("status räknas fram ur ändringarna och arkivets liggare" if key == "status" else
                    "beslutet står i arkivets liggare (docs/arkiv/liggare.yaml) och förs in med kommandot "
                    "lis faststall SIDA --beslutad-av ROLL --datum ÅÅÅÅ-MM-DD --diarienummer DNR")
            found.append(DataIssue(label, line_of(front, (FRONT_MATTER_KEY, key)), None, f"{FRONT_MATTER_KEY}.{key}",
                                   f"fältet används inte längre: {what}. Ta bort raden."))
    return found


def _check_meta(doc: GoverningDoc, front: Any, label: str, role_ids: set[str], as_of: date | None,
                data_dir: Path | None) -> list[DataIssue]:
    """Rules across fields: a known owner, notes that agree with the version and the ledger, review dates."""
    found: list[DataIssue] = []
    meta = doc.meta

    def issue(key: str, message: str, *where: Any) -> None:
        loc = (FRONT_MATTER_KEY, key, *where)
        entry = f'ändring "{meta.changes[where[0]].version}"' if key == "ändringar" and where else None
        found.append(DataIssue(label, line_of(front, loc), entry, ".".join(map(str, loc[:2])), message))

    if meta.owner not in role_ids:
        issue("ägare", f'okänd roll "{meta.owner}". Kända roller: {", ".join(sorted(role_ids))}.')
    newest = meta.changes[0]
    if meta.version != newest.version:
        issue("version", f"versionen är {meta.version}, men den senaste ändringen under ändringar har version "
                         f"{newest.version}. Skriv den nya versionen på båda ställena.")
    seen: set[str] = set()
    for index, note in enumerate(meta.changes):
        if note.version in seen:
            issue("ändringar", f"version {note.version} står två gånger; varje ändring får en egen version", index)
        seen.add(note.version)
        if index and note.day > meta.changes[index - 1].day:
            issue("ändringar", "ändringarna ska stå med den senaste först; den här är daterad "
                               f"{note.day}, efter ändringen ovanför ({meta.changes[index - 1].day})", index)
        if as_of is not None and note.day > as_of:
            issue("ändringar", f"ändringen är daterad {note.day}, efter dagens datum {as_of}; skriv dagen då "
                               "ändringen publicerades", index)
        if not VERSION.fullmatch(note.version):
            issue("ändringar", "en version får bara innehålla bokstäver, siffror, punkt och bindestreck, "
                               'till exempel "2.1"', index)
    for past in doc.adoptions:
        at = next((i for i, n in enumerate(meta.changes) if n.version == past.version), None)
        if at is None:
            issue("ändringar", f"version {past.version} är fastställd ({past.adopted}, diarienummer "
                               f"{past.reference}) men saknas bland ändringarna; lägg tillbaka den sakliga "
                               "ändringen med den versionen")
        elif meta.changes[at].kind is not ChangeKind.SUBSTANTIVE:
            issue("ändringar", f"version {past.version} är fastställd genom ett beslut och ska vara typ saklig", at)
    adoption = doc.adoption
    if adoption is not None and meta.next_review <= adoption.adopted:
        issue("nästa_granskning", f"nästa granskning måste ligga efter fastställelsedagen ({adoption.adopted})")
    if meta.last_review is not None and adoption is not None and meta.last_review < adoption.adopted:
        issue("senast_granskad", f"senaste granskningen kan inte ligga före fastställelsedagen ({adoption.adopted})")
    for index, name in enumerate(meta.data_files):
        if data_dir is not None and (Path(name).name != name or not (data_dir / name).is_file()):
            issue("datafiler", f'"{name}" är ingen fil i {data_dir.name}/; skriv filnamnet, t.ex. '
                               "tillamplighet.yaml", index)
    return found


def title_of(page: str, docs: Sequence[GoverningDoc], titles: Mapping[str, str] | None = None) -> str:
    """A page's title for a link: the governing document's title, else the page's own title (`titles`,
    Build.page_titles), else a title made from its file name (which has lost its å, ä and ö)."""
    doc = next((d for d in docs if d.src_path == page), None)
    if doc is not None:
        return doc.title
    if titles and page in titles:
        return titles[page]
    stem = page.removesuffix("/index.md").removesuffix(".md").rsplit("/", 1)[-1]
    return stem.replace("-", " ").capitalize()
