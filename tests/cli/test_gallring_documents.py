"""Gallring gives identical documents: the nämnd documents made after purge say word for word
what the ones made before said, kön table and "Urvalets sammansättning" included (SPEC § 7).

What legitimately differs, and is left out of the comparison: the creation and modification
times in the PDF's Info dictionary and in the DOCX's and XLSX's docProps/core.xml.
"""

import json
import re
import zipfile
from pathlib import Path

import pytest

from internkontroll.reports.pdf import review_pdf
from internkontroll.store.db import open_database
from tests.cli.helpers import EB_ITEMS, worked_example_rows
from tests.cli.test_safety_cli import locked
from tests.conftest import Cli, write_csv
from tests.reports.test_documents import pdf_text, xlsx_text

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

NOTE = "GALLRAS-ANTECKNING-4417"
REFERENCES = [f"GX-{n:04d}-KILO" for n in range(1, 11)]
__all__ = ["locked"]  # the fixture


def parts_text(path: Path) -> dict[str, str]:
    """The text of every XML part but the document properties (which hold the save time)."""
    with zipfile.ZipFile(path) as archive:
        return {n: re.sub(r"<[^>]+>", " ", archive.read(n).decode("utf-8"))
                for n in archive.namelist() if n.endswith(".xml") and "docProps" not in n}


def new_pdf(db: Path, review: str, out: Path) -> Path:
    """The redovisning as it would be made now (not the stored PDF the nämnd received)."""
    database = open_database(db, write=False)
    try:
        with database.session() as session:
            out.write_bytes(review_pdf(session, int(review)))
    finally:
        database.close()
    return out


def documents(cli: Cli, review: str, folder: Path) -> dict[str, object]:
    folder.mkdir()
    cli.ok("report", review, "--out", folder / "r.docx")
    cli.ok("export", review, "--out", folder / "r.xlsx")
    return {"pdf": pdf_text(new_pdf(cli.db, review, folder / "r.pdf")),
            "docx": parts_text(folder / "r.docx"),
            "xlsx": xlsx_text(folder / "r.xlsx"),
            "results": json.loads(cli.ok("results", review, "--json")),
            "by kon": json.loads(cli.ok("results", review, "--by", "kon", "--json"))}


@pytest.fixture
def redovisad(cli: Cli, tmp_path: Path) -> str:
    counts = write_csv(tmp_path / "antal.csv", [["kontrollmoment", "helt", "delvis", "saknas"],
                                                ["ansokan", "17", "3", "0"]])
    cli.ok("review", "counts", "ekonomiskt-bistand", "--label", "Nov -21", "--date",
           "2021-11-18", counts)
    review = cli.ok("review", "new", "ekonomiskt-bistand", "--label", "Nov -22", "--date",
                    "2022-11-17").strip()
    rows = worked_example_rows()
    rows[0] += ["arende", "anteckning:ansokan"]
    for n, row in enumerate(rows[1:]):
        row += [REFERENCES[n], NOTE if row[EB_ITEMS.index("ansokan") + 3] == "delvis" else ""]
    rows[3][1] = ""  # one case with kön unknown: the "uppgift saknas" group
    cli.ok("review", "import", review, write_csv(tmp_path / "svar.csv", rows))
    texts = tmp_path / "texter.toml"
    texts.write_text('sammanfattning = "God dokumentation."\nanalys = "Bra."\n'
                     '[kommentar]\nansokan = "Tydligt."\n', encoding="utf-8")
    cli.ok("review", "texts", review, "--from", texts)
    cli.ok("review", "lock", review, "--by", "Anna Berg")
    return review


@pytest.mark.parametrize("small_counts", ["", "3"])
def test_documents_after_gallring_are_the_documents_before(cli: Cli, redovisad: str,
                                                           tmp_path: Path,
                                                           small_counts: str) -> None:
    cli.ok("settings", "--set", f"small_counts={small_counts}")
    before = documents(cli, redovisad, tmp_path / "fore")
    assert "Efter kön:" in before["pdf"] and "Kvinna" in before["pdf"]
    assert any("Kvinna" in text for text in before["docx"].values())  # type: ignore[union-attr]
    assert "Kvinna" in before["xlsx"]  # type: ignore[operator]
    assert NOTE not in before["pdf"] and REFERENCES[0] not in before["pdf"]  # type: ignore[operator]
    cli.ok("purge", redovisad, "--ja")
    after = documents(cli, redovisad, tmp_path / "efter")
    for kind in before:
        assert after[kind] == before[kind], kind
    assert [g["value"] for g in after["by kon"]["groups"]] == ["kvinna", "man", None]  # type: ignore[index]
    # Only the breakdowns the documents show are kept per group (data minimisation): barn i
    # hushållet is not one of this template's breakdowns.
    code, _, err = cli("results", redovisad, "--by", "barn_i_hushallet", "--json")
    assert code == 3 and "endast antal" in err


def test_internal_documents_are_refused_after_gallring(cli: Cli, locked: str,
                                                       tmp_path: Path) -> None:
    cli.ok("report", locked, "--internal", "urvalsprotokoll", "--out", tmp_path / "fore.pdf")
    cli.ok("purge", locked, "--ja")
    for kind in ("urvalsprotokoll", "avvikelser"):
        code, _, err = cli("report", locked, "--internal", kind, "--out",
                           tmp_path / f"{kind}.pdf")
        assert code == 3 and "Traceback" not in err and len(err.splitlines()) == 1, err
        assert not (tmp_path / f"{kind}.pdf").exists()
