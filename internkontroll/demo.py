"""Exempeldata: the three published redovisningar the app was built from, rebuilt as
fictional data. Case-level data consistent with the published counts, earlier periods typed in
as counts (per group where the published report had them), texts for the nämnd, one review
redovisad i nämnd and one being scored. Always the same: the one draw has a fixed seed.

``build`` makes the separate example database the start page offers; the tests and
``docs/make_examples.py`` use the parts. ``run(*args)`` runs one command line against the
database and returns its standard output.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

Run = Callable[..., str]

EB = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
      "barnperspektiv", "beslut"]
VG = ["genomforandeplan", "delaktig", "behov_onskemal", "dagsform", "egen_tid", "maltider",
      "utevistelse", "gruppaktiviteter"]


def write(path: Path, rows: list[list[object]]) -> Path:
    path.write_text("\n".join(";".join(map(str, r)) for r in rows) + "\n", encoding="utf-8")
    return path


def _answers(spec: Mapping[str, tuple[int, ...]], cases: int) -> list[dict[str, str]]:
    """Per case, the answer to each item: ``spec`` gives (helt, delvis, saknas) counts, filled
    in case order; cases beyond the counts are ej aktuellt."""
    found: list[dict[str, str]] = [{} for _ in range(cases)]
    for item, counts in spec.items():
        answers = [o for o, n in zip(("helt", "delvis", "saknas"), counts, strict=False)
                   for _ in range(n)]
        for case in range(cases):
            found[case][item] = answers[case] if case < len(answers) else "ej_aktuellt"
    return found


# § 156, Nov -22: 20 cases, 129 assessments, 113 helt (88 %); barnperspektiv in 9 cases.
EB_NOV_22 = {"ansokan": (20, 0, 0), "sjalvforsorjning": (15, 3, 2),
             "aktanteckningar": (18, 1, 1), "berakningar": (20, 0, 0),
             "bedomning": (17, 1, 2), "barnperspektiv": (5, 1, 3), "beslut": (18, 0, 2)}
EB_EARLIER = [  # label, date, ansokan (helt, delvis, saknas), barnperspektiv n
    ("Aug -21", "2021-08-31", (9, 8, 3), 11),
    ("Nov -21", "2021-11-18", (15, 4, 1), 11),
    ("Maj -22", "2022-05-19", (17, 3, 0), 12),
]


def ekonomiskt_bistand(run: Run, work: Path) -> str:
    """§ 156: three earlier periods as counts, then Nov -22 with its 20 cases; kön was never
    recorded."""
    for label, when, ansokan, child_n in EB_EARLIER:
        rows: list[list[object]] = [["kontrollmoment", "helt", "delvis", "saknas",
                                     "ej_aktuellt"], ["ansokan", *ansokan, 0]]
        for item in EB[1:]:
            n = child_n if item == "barnperspektiv" else 20
            saknas = 1 + len(item) % 2
            rows.append([item, n - 2 - saknas, 2, saknas, 20 - n])
        run("review", "counts", "ekonomiskt-bistand", "--label", label, "--date", when,
            write(work / "antal.csv", rows))
    review = run("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                 "2022-11-17").strip()
    answers = _answers(EB_NOV_22, 20)
    rows = [["lopnummer", "barn_i_hushallet", *EB]]
    for n, case in enumerate(answers, start=1):
        rows.append([n, "ja" if case["barnperspektiv"] != "ej_aktuellt" else "nej",
                     *(case[i] if case[i] != "ej_aktuellt" else "" for i in EB)])
    run("review", "import", review, write(work / "eb.csv", rows))
    return review


# § 160, Apr -24: every identified samordningsärende. IFO: 23 cases, 13 erbjudna (10
# upprättade, 2 tackat ja men ej upprättad, 1 tackat nej), 10 ej erbjudna; Stöd och service:
# 25 cases, 15 erbjudna, 12 upprättade.
SIP_CASES = {  # (verksamhetsområde, personkategori, status): cases
    ("ifo", "flicka", "upprattad"): 2, ("ifo", "pojke", "upprattad"): 2,
    ("ifo", "kvinna", "upprattad"): 3, ("ifo", "man", "upprattad"): 3,
    ("ifo", "pojke", "accepterad_ej_upprattad"): 1, ("ifo", "kvinna", "accepterad_ej_upprattad"): 1,
    ("ifo", "kvinna", "tackat_nej"): 1,
    ("ifo", "flicka", "ej_erbjuden"): 5, ("ifo", "pojke", "ej_erbjuden"): 1,
    ("ifo", "kvinna", "ej_erbjuden"): 2, ("ifo", "man", "ej_erbjuden"): 2,
    ("stod_och_service", "flicka", "upprattad"): 2, ("stod_och_service", "pojke", "upprattad"): 3,
    ("stod_och_service", "kvinna", "upprattad"): 3, ("stod_och_service", "man", "upprattad"): 4,
    ("stod_och_service", "kvinna", "accepterad_ej_upprattad"): 2,
    ("stod_och_service", "man", "tackat_nej"): 1,
    ("stod_och_service", "flicka", "ej_erbjuden"): 1,
    ("stod_och_service", "pojke", "ej_erbjuden"): 3,
    ("stod_och_service", "kvinna", "ej_erbjuden"): 3,
    ("stod_och_service", "man", "ej_erbjuden"): 3,
}
SIP_EARLIER = [  # label, date, {verksamhetsområde: (upprättad, tackat ja, tackat nej, ej)}
    ("Apr -23", "2023-04-20", {"ifo": (6, 2, 2, 11), "stod_och_service": (9, 1, 1, 12)}),
    ("Nov -23", "2023-11-20", {"ifo": (8, 1, 2, 10), "stod_och_service": (10, 2, 1, 11)}),
]


def sip(run: Run, work: Path) -> str:
    """§ 160: two earlier periods as counts per verksamhetsområde, then Apr -24 (a census)."""
    for label, when, groups in SIP_EARLIER:
        rows: list[list[object]] = [["grupp", "kontrollmoment", "upprattad",
                                     "accepterad_ej_upprattad", "tackat_nej", "ej_erbjuden"]]
        for value, counts in groups.items():
            rows.append([f"verksamhetsomrade={value}", "sip_status", *counts])
        run("review", "counts", "sip", "--label", label, "--date", when,
            write(work / "sip-antal.csv", rows))
    review = run("review", "new", "sip", "--label", "Apr -24", "--date", "2024-04-18").strip()
    rows = [["nr", "verksamhetsomrade", "personkategori", "sip_status"]]
    for (area, person, status), n in SIP_CASES.items():
        for _ in range(n):
            rows.append([len(rows), area, person, status])
    run("review", "import", review, write(work / "sip.csv", rows))
    return review


# § 159, Mar -24: 47 vårdtagare, 24 in särskilt boende and 23 in hemtjänst; 19 (40 %) have
# måltidsinsats, and 16 of them (84 %) a plan that says how they want their meals.
VG_NO_PLAN = {14, 20, 35, 40, 45}
VG_MEALS = set(range(1, 13)) | set(range(25, 32))
VG_MEALS_NOT_SAID = {3, 11, 26}
VG_EARLIER = [  # label, date, {verksamhet: ja share of every item, as (ja, nej) of n}
    ("Mar -23", "2023-03-23", {"sarskilt_boende": (14, 8), "hemtjanst": (12, 10)}),
    ("Nov -23", "2023-11-16", {"sarskilt_boende": (16, 6), "hemtjanst": (15, 8)}),
]


def _vg_answer(n: int, item: str) -> str:
    if item == "genomforandeplan":
        return "nej" if n in VG_NO_PLAN else "ja"
    if n in VG_NO_PLAN or (item == "gruppaktiviteter" and n > 24) \
            or (item == "maltider" and n not in VG_MEALS):
        return ""
    if item == "maltider":
        return "nej" if n in VG_MEALS_NOT_SAID else "ja"
    return "nej" if (n + 3 * VG.index(item)) % 7 == 0 else "ja"


def vardighetsgarantier(run: Run, work: Path) -> str:
    """§ 159: two earlier periods as counts per verksamhet, then Mar -24 with its cases."""
    for label, when, groups in VG_EARLIER:
        rows: list[list[object]] = [["grupp", "kontrollmoment", "ja", "nej"]]
        for value, (ja, nej) in groups.items():
            rows += [[f"verksamhet={value}", item, ja - k % 3, nej + k % 3]
                     for k, item in enumerate(VG)]
        run("review", "counts", "vardighetsgarantier", "--label", label, "--date", when,
            write(work / "vg-antal.csv", rows))
    review = run("review", "new", "vardighetsgarantier", "--label", "Mar -24", "--date",
                 "2024-03-21").strip()
    rows = [["nr", "enhet", "verksamhet", "kon", "maltidsinsats", *VG]]
    for n in range(1, 48):
        rows.append([n, f"Enhet {1 + n % 4}", "sarskilt_boende" if n <= 24 else "hemtjanst",
                     "kvinna" if n % 2 else "man", "ja" if n in VG_MEALS else "nej",
                     *(_vg_answer(n, item) for item in VG)])
    run("review", "import", review, write(work / "vg.csv", rows))
    return review


EB_TEXTS = """\
diarienummer = "SN 2022/118"
sammanfattning = "Dokumentationen håller överlag god kvalitet. Barnperspektivet behöver bli \
tydligare i besluten."
analys = "Andelen helt uppfyllda kontrollmoment har ökat jämfört med föregående år. \
Barnperspektivet är fortfarande det svagaste området."
atgardsforslag = "Barnperspektivet tas upp vid arbetsplatsträff i januari. En mall för \
motivering av barnets situation införs i beslutsstödet."
[kommentar]
barnperspektiv = "Barnets situation nämns men motiveras sällan."
"""


def with_texts(run: Run, work: Path) -> str:
    """§ 156 with its texts for the nämnd."""
    review = ekonomiskt_bistand(run, work)
    (work / "texter.toml").write_text(EB_TEXTS, encoding="utf-8")
    run("review", "texts", review, "--from", work / "texter.toml")
    return review


def being_scored(run: Run, work: Path) -> str:
    """Maj -23, not klar: 20 cases drawn with seed 7, 12 of them scored."""
    review = run("review", "new", "ekonomiskt-bistand", "--label", "Maj -23", "--date",
                 "2023-05-16").strip()
    run("sample", review, "--from-range", 20, "--size", "all", "--seed", 7)
    rows: list[list[object]] = [["lopnummer", "kon", "barn_i_hushallet", *EB]]
    rows += [[n, "kvinna" if n % 2 else "man", "ja" if n < 3 else "nej", *(["helt"] * 5),
              "helt" if n < 3 else "", "helt"] for n in range(1, 13)]
    run("review", "import", review, write(work / "halv.csv", rows))
    return review


def command_line(db: Path | str) -> Run:
    """``run`` for the database ``db`` (a file or a server URL), in this process."""
    from internkontroll.cli import main

    def run(*args: object) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--db", str(db), *map(str, args)])
        if code != 0:
            raise RuntimeError(f"exempeldata: {args[:2]} gav felkod {code}")
        return out.getvalue()

    return run


def build(target: Path) -> Path:
    """Make the example database at ``target`` anew (replacing one there), whole or not at
    all; returns ``target``."""
    from internkontroll.store.backups import copy_database

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        made = work / "exempel.sqlite"
        run = command_line(made)
        run("settings", "--set", "kommun=Exempelby kommun", "--set", "namnd=Socialnämnden",
            "--set", "forvaltning=Socialförvaltningen")
        eb = with_texts(run, work)
        run("review", "lock", eb, "--by", "Anna Berg", "--paragraph", "SN 2022-11-17 § 156")
        being_scored(run, work)
        vardighetsgarantier(run, work)
        sip(run, work)
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = target.with_name(f".{target.name}.ny")
        fresh.unlink(missing_ok=True)
        copy_database(made, fresh)
        for side in ("-wal", "-shm"):
            target.with_name(target.name + side).unlink(missing_ok=True)
        os.replace(fresh, target)
    return target


def demo_file() -> Path:
    """Where the example database lives: beside the user's own, in the user data folder."""
    from internkontroll.paths import default_file

    return default_file().with_name("exempeldata.sqlite")
