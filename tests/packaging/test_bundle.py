"""The Linux bundle (issue 18): packaging/build.sh builds one folder with two programs, both
start from it, alone, and the bundle makes the same documents as the source does."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from internkontroll import demo
from internkontroll.ops import reviews
from internkontroll.store.db import open_database

pytestmark = [pytest.mark.long, pytest.mark.sqlite_only]  # about two minutes; a file of its own

ROOT = Path(__file__).parents[2]
CEILING_MB = 185  # now about 170 (of it Qt's ICU data, 31 MB); more means something crept in


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bygge")
    built = subprocess.run(["bash", "packaging/build.sh", str(out)], cwd=ROOT,
                           capture_output=True, text=True, timeout=1800)
    assert built.returncode == 0, built.stderr[-3000:]
    print(built.stdout)  # the bundle's size, for the record
    return out / "dist" / "internkontroll"


def sheets(path: Path) -> list[list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]


def started(program: Path | str, *args: object, home: Path, code: int = 0) -> str:
    """What ``program`` prints, run as on a user's machine: its own home, no environment of
    the checkout's, no screen. With ``code``, the exit code expected, and what it says."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen"}
    command = [str(program)] if isinstance(program, Path) else [sys.executable, "-m", program]
    done = subprocess.run([*command, *map(str, args)], cwd=home, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == code, done.stderr
    return done.stdout if code == 0 else done.stderr


def test_both_programs_start_alone_and_the_bundle_stays_small(bundle: Path,
                                                             tmp_path: Path) -> None:
    from PIL import Image

    listed = started(bundle / "internkontroll", "templates", home=tmp_path)
    assert listed == started("internkontroll", "templates", home=tmp_path)
    assert [line.split()[0] for line in listed.splitlines()[:3]] == [
        "ekonomiskt-bistand", "vardighetsgarantier", "sip"]
    started(bundle / "internkontroll-gui", "--db", tmp_path / "ny.sqlite", "--screenshot",
            tmp_path / "start.png", home=tmp_path)
    with Image.open(tmp_path / "start.png") as shot:
        assert shot.size == (1366, 768) and len(shot.getcolors(1 << 16) or ()) > 10
    size = sum(f.stat().st_size for f in bundle.rglob("*")
               if f.is_file() and not f.is_symlink()) / 2**20
    print(f"Paketet: {size:.0f} MB")
    assert size <= CEILING_MB


def test_the_bundle_makes_a_database_and_the_documents_the_source_makes(
        bundle: Path, tmp_path: Path) -> None:
    import pypdf

    program = bundle / "internkontroll"
    fresh = tmp_path / "ny.sqlite"  # made and migrated by the bundle's own migrations
    assert started(program, "--db", fresh, "review", "new", "sip", "--label", "Apr -26",
                   "--date", "2026-04-30", home=tmp_path).strip() == "1"
    assert "Apr -26" in started(program, "--db", fresh, "review", "list", home=tmp_path)

    path = demo.build(tmp_path / "exempel.sqlite")
    db = open_database(path, write=False)
    try:
        found = {r.template: r.id for r in reviews.list_all(db).value if r.cases}
    finally:
        db.close()
    assert len(found) == 3
    for view in ("results", "scoring"):  # the charts, the scoring form: Qt beyond the window
        shot = tmp_path / f"{view}.png"
        started(bundle / "internkontroll-gui", "--db", path, "--screenshot", shot, "--view",
                view, "--review", found["vardighetsgarantier"], home=tmp_path)
        assert shot.stat().st_size > 20_000, view
    for template, review in found.items():
        texts = []
        for maker in (program, "internkontroll"):
            out = tmp_path / f"{template}-{len(texts)}.pdf"
            started(maker, "--db", path, "report", review, "--out", out, home=tmp_path)
            texts.append([page.extract_text() for page in pypdf.PdfReader(out).pages])
        assert texts[0] == texts[1] and len(texts[0]) >= 2, template


def test_the_bundle_reaches_for_a_server_as_the_source_does(bundle: Path,
                                                            tmp_path: Path) -> None:
    """The server driver loads in the bundle (psycopg needs Python's ssl module): a server
    that does not answer is said in Swedish, as from the source, not an unexpected error."""
    url = "postgresql://nobody@127.0.0.1:1/internkontroll"  # nothing listens on port 1
    said = [started(program, "--db", url, "review", "list", home=tmp_path, code=3)
            for program in (bundle / "internkontroll", "internkontroll")]
    assert said[0] == said[1] and "kan inte nås: servern svarar inte" in said[0]


def test_the_bundle_draws_scores_and_exports_as_the_source_does(bundle: Path,
                                                                tmp_path: Path) -> None:
    """A cycle on the bundle's own code paths: reading a cp1252 CSV and an XLSX (calamine,
    hashing without OpenSSL), the draw, the arbetslista and the blank bedömningsfil, answers
    read from a file, and the Word and Excel documents (lxml, xlsxwriter)."""
    from tests.importers.population_data import (
        population_rows,
        write_population_csv,
        write_population_xlsx,
    )
    from tests.ops.scoring_data import assessment_file

    rows = population_rows(60)
    sources = [write_population_csv(tmp_path / "beslut.csv", rows),
               write_population_xlsx(tmp_path / "beslut.xlsx", rows)]
    outcomes = []
    for n, maker in enumerate([bundle / "internkontroll", "internkontroll"] * 2):
        db, source = tmp_path / f"{n}.sqlite", sources[n // 2]

        def run(*args: object, maker: Path | str = maker, db: Path = db) -> str:
            return started(maker, "--db", db, *args, home=tmp_path)

        run("review", "new", "ekonomiskt-bistand", "--label", "Nov -26", "--date", "2026-11-30")
        run("sample", "1", "--population", source, "--size", "12", "--spread", "handläggare",
            "--seed", "20261130", "--worklist", tmp_path / f"arbetslista-{n}.xlsx")
        blank = tmp_path / f"bedomningar-{n}.xlsx"
        run("review", "blank", "1", "--out", blank)
        run("review", "new", "ekonomiskt-bistand", "--label", "Maj -26", "--date", "2026-05-30")
        run("review", "import", "2", assessment_file(tmp_path / f"svar-{n}.csv"))
        run("report", "2", "--out", tmp_path / f"redovisning-{n}.docx")
        run("export", "2", "--out", tmp_path / f"tabeller-{n}.xlsx")
        with zipfile.ZipFile(tmp_path / f"redovisning-{n}.docx") as docx:
            body = docx.read("word/document.xml")
        outcomes.append((run("review", "list"), run("results", "2", "--json"), body,
                         *(sheets(tmp_path / name) for name in (
                             f"arbetslista-{n}.xlsx", f"bedomningar-{n}.xlsx",
                             f"tabeller-{n}.xlsx"))))
        assert b"Maj -26" in body
    assert outcomes[0] == outcomes[1] and outcomes[2] == outcomes[3]
    assert "0 av 12" in outcomes[0][0]
    assert json.loads(outcomes[0][1])["items"][0]["counts"]["helt"] == 6
