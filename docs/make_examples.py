"""Builds an example database with all three shipped controls and renders each redovisning.

    uv run python docs/make_examples.py        (needs pdftoppm from poppler-utils)

Writes docs/redovisning-<kontroll>-<sida>.png at 70 dpi, and the landscape page of a report
with nine indicators over eight periods (redovisning-manga-kolumner.png). The data is invented.
"""

from __future__ import annotations

import contextlib
import io
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from internkontroll.cli import main

HERE = Path(__file__).parent
EB = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
      "barnperspektiv", "beslut"]
VG = ["genomforandeplan", "delaktig", "behov_onskemal", "dagsform", "egen_tid", "maltider",
      "utevistelse", "gruppaktiviteter"]


def run(db: Path, *args: object) -> None:
    if main(["--db", str(db), *map(str, args)]) != 0:
        sys.exit(f"misslyckades: {args}")


def write(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(";".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    return path


def ekonomiskt_bistand(db: Path, work: Path, rng: random.Random) -> int:
    for label, when, helt in (("Nov -21", "2021-11-18", 0.72), ("Maj -22", "2022-05-19", 0.8)):
        rows: list[list[object]] = [["kontrollmoment", "helt", "delvis", "saknas",
                                     "ej_aktuellt"]]
        for item in EB:
            n = 9 if item == "barnperspektiv" else 20
            h = round(n * helt) - rng.randint(0, 2)
            d = rng.randint(0, n - h)
            rows.append([item, h, d, n - h - d, 20 - n])
        run(db, "review", "counts", "ekonomiskt-bistand", "--label", label, "--date", when,
            write(work / "c.csv", rows))
    run(db, "review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date", "2022-11-17")
    rows = [["lopnummer", "kon", "barn_i_hushallet", *EB]]
    for n in range(1, 21):
        children = rng.random() < 0.45
        answers = [("" if not children else rng.choice(["helt", "delvis", "saknas"]))
                   if i == "barnperspektiv" else
                   rng.choices(["helt", "delvis", "saknas"], [85, 10, 5])[0] for i in EB]
        rows.append([n, rng.choice(["kvinna", "man"]), "ja" if children else "nej", *answers])
    run(db, "review", "import", 3, write(work / "a.csv", rows))
    (work / "t.toml").write_text(
        'diarienummer = "SN 2022/118"\n'
        'sammanfattning = "Dokumentationen håller överlag god kvalitet. Barnperspektivet behöver '
        'bli tydligare i besluten."\n'
        'analys = "Andelen helt uppfyllda kontrollmoment har ökat jämfört med föregående år. '
        'Barnperspektivet är fortfarande det svagaste området."\n'
        'atgardsforslag = "Barnperspektivet tas upp vid arbetsplatsträff i januari. En mall för '
        'motivering av barnets situation införs i beslutsstödet."\n'
        '[kommentar]\nbarnperspektiv = "Barnets situation nämns men motiveras sällan."\n',
        encoding="utf-8")
    run(db, "review", "texts", 3, "--from", work / "t.toml")
    return 3


def vardighetsgarantier(db: Path, work: Path, rng: random.Random) -> int:
    run(db, "review", "new", "vardighetsgarantier", "--label", "Mar -24", "--date", "2024-03-21")
    rows = [["nr", "enhet", "verksamhet", "kon", "maltidsinsats", *VG]]
    for n in range(1, 31):
        boende, meals = n <= 16, n <= 16 or n % 3 > 0
        plan = rng.random() < 0.9
        answers = ["ja" if plan else "nej"] + [
            "" if not plan or (i == "gruppaktiviteter" and not boende)
            or (i == "maltider" and not meals) else
            rng.choices(["ja", "nej"], [75, 25])[0] for i in VG[1:]]
        rows.append([n, f"Enhet {1 + n % 4}", "sarskilt_boende" if boende else "hemtjanst",
                     "kvinna" if n % 2 else "man", "ja" if meals else "nej", *answers])
    run(db, "review", "import", 4, write(work / "v.csv", rows))
    return 4


def sip(db: Path, work: Path, rng: random.Random) -> int:
    run(db, "review", "counts", "sip", "--label", "Nov -23", "--date", "2023-11-20",
        write(work / "s.csv", [["kontrollmoment", "upprattad", "accepterad_ej_upprattad",
                                "tackat_nej", "ej_erbjuden"], ["sip_status", 9, 3, 4, 9]]))
    run(db, "review", "new", "sip", "--label", "Apr -24", "--date", "2024-04-18")
    rows = [["nr", "verksamhetsomrade", "personkategori", "sip_status"]]
    for n in range(1, 24):
        rows.append([n, "ifo" if n <= 14 else "stod_och_service",
                     rng.choice(["flicka", "pojke", "kvinna", "man"]),
                     rng.choices(["upprattad", "accepterad_ej_upprattad", "tackat_nej",
                                  "ej_erbjuden"], [45, 15, 15, 25])[0]])
    run(db, "review", "import", 6, write(work / "p.csv", rows))
    return 6


# Seven more indicators on the SIP item: a breakdown table of nine indicator columns.
WIDE_INDICATORS = [
    ("tackat_ja_ej_upprattad", "Tackat ja, ej upprättad", ["accepterad_ej_upprattad"]),
    ("tackat_nej", "Tackat nej till SIP", ["tackat_nej"]),
    ("ej_erbjuden", "Ej erbjudits SIP", ["ej_erbjuden"]),
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
    made = io.StringIO()
    with contextlib.redirect_stdout(made):
        run(db, "review", "new", key, "--label", "Nov -24", "--date", "2024-11-19")
    review = int(made.getvalue().split()[-1])
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
    rng = random.Random(2022)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = work / "exempel.sqlite"
        run(db, "settings", "--set", "kommun=Exempelby kommun", "--set", "namnd=Socialnämnden",
            "--set", "forvaltning=Socialförvaltningen")
        for old in HERE.glob("redovisning-*.png"):
            old.unlink()
        for key, build in (("ekonomiskt-bistand", ekonomiskt_bistand),
                           ("vardighetsgarantier", vardighetsgarantier), ("sip", sip)):
            review = build(db, work, rng)
            pdf = work / f"{key}.pdf"
            run(db, "report", review, "--out", pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf),
                            str(HERE / f"redovisning-{key}")], check=True)
        review = preliminary(db, work)
        pdf = work / "preliminar.pdf"
        run(db, "report", review, "--out", pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-l", "1", str(pdf),
                        str(HERE / "redovisning-preliminar")], check=True)
        wide_page(db, work)


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
    run(db, "review", "new", "ekonomiskt-bistand", "--label", "Maj -23", "--date", "2023-05-16")
    run(db, "sample", 7, "--from-range", 20, "--size", "all", "--seed", 7)
    rows = [["lopnummer", "kon", "barn_i_hushallet", *EB]]
    rows += [[n, "kvinna" if n % 2 else "man", "ja" if n < 3 else "", *(["helt"] * 5),
              "helt" if n < 3 else "", "helt"] for n in range(1, 13)]
    run(db, "review", "import", 7, write(work / "halv.csv", rows))
    return 7


if __name__ == "__main__":
    main_examples()
