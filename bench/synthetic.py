"""A synthetic city-scale inventory: the example systems and objects, plus generated ones."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

PERSONAL = ["inga", "vanliga", "känsliga"]
AGREEMENTS = ["finns", "saknas", "pågår", "ej aktuellt"]
AREAS = ["Individ och familj", "Äldreomsorg", "Stöd och service", "Stadsmiljö", "Personal", "Ekonomi",
         "Administration", "Skolstöd", "Kultur", "Fritid"]


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days))


def _object(n: int) -> str:
    area = AREAS[n % len(AREAS)]
    return (f"  - id: objekt-{n:04d}\n    namn: {area} {n}\n    beskrivning: Syntetiskt objekt {n}.\n"
            f"    objektägare: Avdelningschef {n}\n    objektledare: Objektledare {n}\n"
            f"    objektstyrgrupp: {'ja' if n % 3 else 'nej'}\n")


def _system(rng: random.Random, n: int, object_id: str) -> str:
    lines = [f"  - id: system-{n:05d}", f"    namn: Verksamhetssystem {n:05d}",
             f"    syfte: Syntetiskt system nummer {n} för mätning av byggtiden.",
             f"    förvaltningsobjekt: {object_id}"]
    if rng.random() > 0.05:
        lines.append(f"    systemägare: Systemägare {n % 97}")
    lines += [f"    leverantör: Leverantör {n % 211} AB", f"    stadsgemensamt: {rng.choice(['ja', 'nej'])}",
              f"    personuppgifter: {rng.choice(PERSONAL)}", f"    samhällsviktig: {rng.choice(['ja', 'nej'])}",
              f"    i_drift_sedan: {_day(rng, date(2005, 1, 1), date(2025, 12, 31))}"]
    protocol = _day(rng, date(2023, 1, 1), date(2026, 11, 1)) if rng.random() < 0.6 else None
    if protocol:
        lines.append(f"    klassningsprotokoll: {protocol}")
    if protocol and rng.random() < 0.6:
        classified = protocol + timedelta(days=rng.randrange(10, 120))
        lines += ["    klassning:", f"      datum: {classified}"]
        lines += [f"      {code}: {rng.randrange(0, 5)}" for code in "KRT"]
        if rng.random() < 0.5:
            followed = classified + timedelta(days=rng.randrange(200, 500))
            if followed < date(2026, 11, 28):
                lines.append(f"    uppföljd: {followed}")
    required = rng.choice(["ja", "nej", "utreds"])
    lines += [f"    pub_avtal: {rng.choice(AGREEMENTS)}", "    konsekvensbedömning:", f"      krävs: {required}"]
    if required == "ja":
        lines.append(f"      status: {rng.choice(['ej påbörjad', 'pågår', 'klar'])}")
    return "\n".join(lines) + "\n"


def write_data(source: Path, target: Path, systems: int, objects: int, seed: int = 2026) -> None:
    """Copy the example data to `target`, then grow the inventory to `systems` in `objects` objects."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.yaml"):
        (target / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    example_systems = (source / "system.yaml").read_text(encoding="utf-8")
    example_objects = (source / "forvaltningsobjekt.yaml").read_text(encoding="utf-8")
    have_systems = example_systems.count("\n  - id: ")
    have_objects = example_objects.count("\n  - id: ")
    extra_objects = [f"objekt-{n:04d}" for n in range(1, max(objects - have_objects, 0) + 1)]
    rng = random.Random(seed)
    generated = [_system(rng, n, extra_objects[n % len(extra_objects)] if extra_objects else "administration")
                 for n in range(1, max(systems - have_systems, 0) + 1)]
    (target / "system.yaml").write_text(example_systems.rstrip("\n") + "\n" + "".join(generated), encoding="utf-8")
    (target / "forvaltningsobjekt.yaml").write_text(
        example_objects.rstrip("\n") + "\n" + "".join(_object(n) for n in range(1, len(extra_objects) + 1)),
        encoding="utf-8")


def _screening(n: int, block: str) -> str:
    """A screening that agrees with the system's DPIA column (the register checks that they agree)."""
    if "      krävs: ja\n" in block and "      status: klar\n" in block:
        return ("{kriterier: [känsliga uppgifter, stor omfattning], bedömd_av: dataskyddsombud, bedömd: 2025-01-10, "
                f"resultat: genomförd, genomförd: 2025-06-01, referens: FAR 2025/{n}}}")
    if "      krävs: ja\n" in block:
        return ("{kriterier: [känsliga uppgifter, sårbara registrerade], bedömd_av: dataskyddsombud, "
                "bedömd: 2026-01-10, resultat: krävs, plan_ansvarig: objektagare, plan_senast: 2027-01-31}")
    if "      krävs: nej\n" in block:
        return ("{kriterier: [stor omfattning], bedömd_av: dataskyddsombud, bedömd: 2026-01-10, "
                "resultat: krävs inte, motivering: Ett kriterium.}")
    return ""  # utreds: not screened yet


def _processing(n: int, system_id: str, block: str) -> str:
    screening = _screening(n, block)
    return (f"  - id: behandling-{n:05d}\n    namn: Behandling {n:05d}\n    ansvarig: chef\n"
            f"    ändamål: Syntetisk behandling {n} för mätning av kontrollen.\n    registrerade: [invånare]\n"
            "    personuppgifter: [kontaktuppgifter]\n    gallring: Efter två år.\n"
            "    säkerhetsåtgärder: Behörighet efter behov.\n"
            "    rättslig_grund: {artikel_6: 6.1 e, bestämmelse: Kommunallagen (2017:725)}\n"
            f"    system: [{system_id}]\n    biträden: [omsorgsdata]\n    stadens_avtal: ja\n"
            + (f"    förhandsbedömning: {screening}\n" if screening else ""))


def _incident(n: int, system_id: str) -> str:
    aware = datetime(2026, 1, 1, 8, 0) + timedelta(hours=37 * n % 7900)
    lines = [f"  - id: inc-syn-{n:05d}", f"    vad: Syntetisk incident {n}.", f"    system: [{system_id}]",
             f"    kännedom: {aware:%Y-%m-%d %H:%M}", f"    betydande: {'ja' if n % 4 == 0 else 'nej'}",
             f"    personuppgiftsincident: {'ja' if n % 2 else 'nej'}"]
    if n % 2:
        lines.append("    ej_anmäld_skäl: Osannolikt att incidenten medför en risk.")
    if n % 4 == 0:
        sent = aware + timedelta(hours=20)
        lines += ["    rapporter:", f"      - {{frist: nis-tidig-varning, skickad: {sent:%Y-%m-%d %H:%M}}}"]
    return "\n".join(lines) + "\n"


def write_registers(data: Path, processing: int, incidents: int) -> None:
    """Grow data/behandlingar.yaml by `processing` activities and data/incidentlogg.yaml by `incidents`
    incidents, on the generated systems of `data` (written by write_data)."""
    blocks = [b for b in (data / "system.yaml").read_text(encoding="utf-8").split("\n  - id: ")
              if b.startswith("system-")]
    if not blocks:
        raise SystemExit("write_registers: generate systems first (write_data)")
    ids = [b.split("\n", 1)[0] for b in blocks]
    activities = "".join(_processing(n, ids[(n - 1) % len(ids)], blocks[(n - 1) % len(ids)] + "\n")
                         for n in range(1, processing + 1))
    for name, extra in (("behandlingar.yaml", activities),
                        ("incidentlogg.yaml", "".join(_incident(n, ids[n % len(ids)])
                                                      for n in range(1, incidents + 1)))):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra, encoding="utf-8")
