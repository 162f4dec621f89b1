"""Builds an example database with all three shipped controls and renders each redovisning.

    uv run python docs/make_examples.py        (needs pdftoppm from poppler-utils)

Writes docs/redovisning-<kontroll>-<sida>.png at 70 dpi, and the landscape page of a report
with nine indicators over eight periods (redovisning-manga-kolumner.png). The data rebuilds
the published § 156, § 159 and § 160 redovisningar (``tests/demo.py``); names and places are
invented.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from internkontroll import demo  # noqa: E402

HERE = Path(__file__).parent
EB = demo.EB


def run(db: Path, *args: object) -> str:
    return demo.command_line(db)(*args)


def write(path: Path, rows: list[list[object]]) -> Path:
    return demo.write(path, rows)


def ekonomiskt_bistand(db: Path, work: Path) -> int:
    """The § 156 redovisning, with its texts for the nämnd."""
    return int(demo.with_texts(lambda *a: run(db, *a), work))


def vardighetsgarantier(db: Path, work: Path) -> int:
    """The § 159 redovisning: per verksamhet, with two earlier periods per verksamhet."""
    return int(demo.vardighetsgarantier(lambda *a: run(db, *a), work))


def sip(db: Path, work: Path) -> int:
    """The § 160 redovisning: per verksamhetsområde, with two earlier periods."""
    return int(demo.sip(lambda *a: run(db, *a), work))


# Four more indicators on the SIP item's five: a breakdown table of nine indicator columns.
WIDE_INDICATORS = [
    ("tackat_ja", "Tackat ja till samordning", ["upprattad", "accepterad_ej_upprattad"]),
    ("utan_plan", "Samordningsärenden utan upprättad plan",
     ["accepterad_ej_upprattad", "tackat_nej", "ej_erbjuden"]),
    ("erbjuden_ej_upprattad", "Erbjudits men ej upprättad",
     ["accepterad_ej_upprattad", "tackat_nej"]),
    ("besked", "Upprättad eller tackat nej", ["upprattad", "tackat_nej"]),
]


def many_columns(db: Path, work: Path) -> int:
    """SIP with nine indicators, followed over eight periods: the widest tables a report has.
    In the last period 41 of the 43 cases in individ- och familjeomsorgen were offered a SIP."""
    from internkontroll.ops.templates import load_template, save_template
    from internkontroll.store.db import open_database

    database = open_database(db, write=True, create=True)
    try:
        data = load_template(database, "sip").value.data
        data["title"] = "SIP, uppföljning per indikator"
        data["breakdowns"] = ["verksamhetsomrade", "personkategori"]  # both as tables
        data["indicators"] += [{"key": k, "label": label, "item": "sip_status",
                                "options": options, "headline": False}
                               for k, label, options in WIDE_INDICATORS]
        key = save_template(database, data, None).value.key
    finally:
        database.close()
    counts = [(9, 3, 4, 9), (10, 2, 5, 8), (12, 3, 3, 7), (11, 4, 4, 6), (14, 2, 3, 6),
              (15, 3, 2, 5), (16, 2, 3, 4)]
    for n, (label, when) in enumerate(zip(
            ["Apr -21", "Nov -21", "Apr -22", "Nov -22", "Apr -23", "Nov -23", "Apr -24"],
            ["2021-04-20", "2021-11-18", "2022-04-19", "2022-11-17", "2023-04-18",
             "2023-11-20", "2024-04-18"], strict=True)):
        run(db, "review", "counts", key, "--label", label, "--date", when,
            write(work / "s.csv", [["kontrollmoment", "upprattad", "accepterad_ej_upprattad",
                                    "tackat_nej", "ej_erbjuden"], ["sip_status", *counts[n]]]))
    review = int(run(db, "review", "new", key, "--label", "Nov -24", "--date", "2024-11-19"))
    statuses = (["upprattad"] * 30 + ["accepterad_ej_upprattad"] * 6 + ["tackat_nej"] * 5
                + ["ej_erbjuden"] * 2 + ["upprattad"] * 12 + ["tackat_nej"] * 2
                + ["ej_erbjuden"] * 3)
    people = ["flicka", "pojke", "kvinna", "man", "kvinna", "man", "annan"]
    rows: list[list[object]] = [["nr", "verksamhetsomrade", "personkategori", "sip_status"]]
    rows += [[n + 1, "ifo" if n < 43 else "stod_och_service", people[n % len(people)], status]
             for n, status in enumerate(statuses)]
    run(db, "review", "import", review, write(work / "m.csv", rows))
    return review


def main_examples() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = work / "exempel.sqlite"
        run(db, "settings", "--set", "kommun=Exempelby kommun", "--set", "namnd=Socialnämnden",
            "--set", "forvaltning=Socialförvaltningen")
        for old in HERE.glob("redovisning-*.png"):
            old.unlink()
        for key, build in (("ekonomiskt-bistand", ekonomiskt_bistand),
                           ("vardighetsgarantier", vardighetsgarantier), ("sip", sip)):
            review = build(db, work)
            pdf = work / f"{key}.pdf"
            run(db, "report", review, "--out", pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf),
                            str(HERE / f"redovisning-{key}")], check=True)
            if key == "ekonomiskt-bistand":
                uncertainty_page(db, work, review)
        review = preliminary(db, work)
        pdf = work / "preliminar.pdf"
        run(db, "report", review, "--out", pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-l", "1", str(pdf),
                        str(HERE / "redovisning-preliminar")], check=True)
        wide_page(db, work)


def uncertainty_page(db: Path, work: Path, review: int) -> None:
    """The appendix "Om osäkerheten i resultaten", chosen for this kontrolltillfälle."""
    import pypdf

    (work / "val.toml").write_text('osakerhet = "ja"\n', encoding="utf-8")
    run(db, "review", "texts", review, "--from", work / "val.toml")
    pdf = work / "osakerhet.pdf"
    run(db, "report", review, "--out", pdf)
    page = str(len(pypdf.PdfReader(pdf).pages))
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", page, "-l", page, "-singlefile",
                    str(pdf), str(HERE / "redovisning-osakerhet")], check=True)
    (work / "val.toml").write_text('osakerhet = ""\n', encoding="utf-8")
    run(db, "review", "texts", review, "--from", work / "val.toml")


def wide_page(db: Path, work: Path) -> None:
    """The first landscape page of a redovisning with nine indicators and eight periods."""
    import pypdf

    pdf = work / "manga-kolumner.pdf"
    run(db, "report", many_columns(db, work), "--out", pdf)
    sizes = [(p.mediabox.width, p.mediabox.height) for p in pypdf.PdfReader(pdf).pages]
    page = str(next(n for n, (w, h) in enumerate(sizes, start=1) if w > h))
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", page, "-l", page, "-singlefile",
                    str(pdf), str(HERE / "redovisning-manga-kolumner")], check=True)


def preliminary(db: Path, work: Path) -> int:
    """A kontrolltillfälle that is not klar: its report is marked Preliminär on every page."""
    return int(demo.being_scored(lambda *a: run(db, *a), work))


if __name__ == "__main__":
    main_examples()
