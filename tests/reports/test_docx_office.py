"""The Word redovisning is accessible and looks the same in every office suite: real heading
styles, header rows marked and repeated, alt text on every picture, sv-SE, its own title,
author and time; page numbers, column widths by role and one font family also in LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from internkontroll.reports import outline as o
from internkontroll.reports.docx import FONT
from tests.reports.conftest import REDOVISNINGAR, Examples
from tests.reports.test_archival_pdf import outline_of

NAMES = list(REDOVISNINGAR)


def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(part).decode("utf-8")


@pytest.mark.parametrize("name", NAMES)
def test_core_properties_tell_language_title_author_and_time(examples: Examples,
                                                             name: str) -> None:
    db, documents = examples
    document = outline_of(db, REDOVISNINGAR[name])
    properties = Document(str(documents[f"{name}.docx"])).core_properties
    assert properties.language == "sv-SE"
    assert properties.title == document.title and properties.author == document.author
    assert properties.created is not None
    now = datetime.now(UTC)
    assert now - timedelta(hours=1) < properties.created <= now + timedelta(minutes=1)
    styles = _xml(documents[f"{name}.docx"], "word/styles.xml")
    assert set(re.findall(r'<w:lang [^>]*w:val="([^"]+)"', styles)) == {"sv-SE"}
    with zipfile.ZipFile(documents[f"{name}.docx"]) as archive:
        assert not [n for n in archive.namelist() if b"en-US" in archive.read(n)]


@pytest.mark.parametrize("name", NAMES)
def test_headings_tables_and_pictures_are_marked_for_a_screen_reader(examples: Examples,
                                                                     name: str) -> None:
    db, documents = examples
    document = outline_of(db, REDOVISNINGAR[name])
    word = Document(str(documents[f"{name}.docx"]))
    headings = [(p.style.name, p.text) for p in word.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings == [(f"Heading {h.level}", h.text) for h in document.headings()]
    tables = document.tables()
    assert len(word.tables) >= len(tables)
    for table in word.tables:
        rows = table._tbl.tr_lst
        marked = [tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
                  for tr in rows]
        assert marked[0] and marked == sorted(marked, reverse=True)  # the leading rows
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
    pictures = [e for e in word.element.body.iter(qn("wp:docPr"))]
    figures = [b for b in document.blocks if isinstance(b, o.Figure)]
    assert [p.get("descr") for p in pictures] == [f.alt_text for f in figures] and figures


@pytest.mark.parametrize("name", NAMES)
def test_one_named_font_family_and_page_numbers_with_a_value(examples: Examples,
                                                             name: str) -> None:
    path = examples[1][f"{name}.docx"]
    xml = "".join(_xml(path, part) for part in ("word/styles.xml", "word/document.xml",
                                                 "word/footer1.xml"))
    assert "Theme=" not in xml and "w:cstheme" not in xml  # theme fonts LibreOffice lacks
    fonts = " ".join(re.findall(r"<w:rFonts [^>]*>", xml))
    assert set(re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', fonts)) == {FONT}
    footer = _xml(path, "word/footer1.xml")
    for code in ("PAGE", "NUMPAGES"):
        # begin, the code, separate, a value shown until the suite counts, end
        assert re.search(rf'fldCharType="begin"/>.*?<w:instrText[^>]*> {code} </w:instrText>'
                         r'.*?fldCharType="separate"/>.*?<w:t>1</w:t>.*?fldCharType="end"',
                         footer, re.S), code
    assert "fldSimple" not in footer


def test_column_widths_follow_the_roles(examples: Examples) -> None:
    """The label column wide, number columns narrow: the comparison's kontrollmoment does
    not wrap over five lines."""
    db, documents = examples
    document = outline_of(db, REDOVISNINGAR["ekonomiskt-bistand"])
    comparison = next(t for t in document.tables() if t.key == "jamforelse")
    word = Document(str(documents["ekonomiskt-bistand.docx"]))
    table = next(t for t in word.tables
                 if [c.text for c in t.rows[0].cells] == list(comparison.header_rows[0]))
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert widths[0] > 4 * max(widths[1:])
    assert max(widths[1:]) - min(widths[1:]) < 0.2 * max(widths[1:])


# The order of a table's properties in the Office Open XML schema (CT_TblPr)
TABLE_PROPERTIES = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
                    "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
                    "tblDescription"]


@pytest.mark.parametrize("name", NAMES)
def test_table_properties_in_the_schemas_order(examples: Examples, name: str) -> None:
    """Word reports "unreadable content" for properties out of order."""
    _, documents = examples
    for table in Document(str(documents[f"{name}.docx"])).tables:
        found = [child.tag.split("}")[1] for child in table._tbl.tblPr]
        assert found == sorted(found, key=TABLE_PROPERTIES.index), found


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow  # seconds: CI runs it, uv run pytest leaves it out
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (CI installs it)")
def test_libreoffice_shows_page_numbers_and_one_family(examples: Examples,
                                                       tmp_path: Path) -> None:
    source = examples[1]["ekonomiskt-bistand.docx"]
    profile = tmp_path / "profil"  # its own profile: no clash with a running LibreOffice
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "ekonomiskt-bistand.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 1
    for n, page in enumerate(pages, start=1):
        assert re.search(rf"Sida {n} av {len(pages)}\s*$", page.strip()), (n, page[-200:])
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    families = {re.sub(r"^[A-Z]{6}\+", "", f.split()[0]).split("-")[0] for f in fonts}
    assert len(families - {"OpenSymbol"}) == 1, fonts  # OpenSymbol: the list bullets
    assert not any("Serif" in f for f in fonts)
    # the comparison's kontrollmoment on one line, as in Word
    text = "\n".join(pages)
    assert "Att det finns aktuella och relevanta aktanteckningar" in text
