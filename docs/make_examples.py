"""Builds an example database with all three shipped controls and renders each redovisning.

    uv run python docs/make_examples.py        (needs pdftoppm from poppler-utils)

Writes docs/redovisning-<kontroll>-<sida>.png at 70 dpi. The data rebuilds the published
§ 156, § 159 and § 160 redovisningar (``tests/seeds.py``); names and places are invented.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from internkontroll.cli import main  # noqa: E402
from tests import seeds  # noqa: E402

HERE = Path(__file__).parent
EB = seeds.EB


def run(db: Path, *args: object) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--db", str(db), *map(str, args)])
    if code != 0:
        sys.exit(f"misslyckades: {args}")
    return out.getvalue()


def write(path: Path, rows: list[list[object]]) -> Path:
    return seeds.write(path, rows)


def ekonomiskt_bistand(db: Path, work: Path) -> int:
    """The § 156 redovisning, with its texts for the nämnd."""
    review = int(seeds.ekonomiskt_bistand(lambda *a: run(db, *a), work))
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
    run(db, "review", "texts", review, "--from", work / "t.toml")
    return review


def vardighetsgarantier(db: Path, work: Path) -> int:
    """The § 159 redovisning: per verksamhet, with two earlier periods per verksamhet."""
    return int(seeds.vardighetsgarantier(lambda *a: run(db, *a), work))


def sip(db: Path, work: Path) -> int:
    """The § 160 redovisning: per verksamhetsområde, with two earlier periods."""
    return int(seeds.sip(lambda *a: run(db, *a), work))


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
        review = preliminary(db, work)
        pdf = work / "preliminar.pdf"
        run(db, "report", review, "--out", pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-l", "1", str(pdf),
                        str(HERE / "redovisning-preliminar")], check=True)


def preliminary(db: Path, work: Path) -> int:
    """A kontrolltillfälle that is not klar: its report is marked Preliminär on every page."""
    review = int(run(db, "review", "new", "ekonomiskt-bistand", "--label", "Maj -23", "--date",
                     "2023-05-16"))
    run(db, "sample", review, "--from-range", 20, "--size", "all", "--seed", 7)
    rows = [["lopnummer", "kon", "barn_i_hushallet", *EB]]
    rows += [[n, "kvinna" if n % 2 else "man", "ja" if n < 3 else "", *(["helt"] * 5),
              "helt" if n < 3 else "", "helt"] for n in range(1, 13)]
    run(db, "review", "import", review, write(work / "halv.csv", rows))
    return review


if __name__ == "__main__":
    main_examples()
