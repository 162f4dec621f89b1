"""Every PDF the app writes is PDF/A-2b and tagged PDF/UA-1 (issue 16): the redovisning of each
shipped template, with comparison, breakdowns and charts, and the internal documents, checked
by two independent validators and read back through the structure tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import page
import pikepdf
import pytest
from pypdf import PdfReader

from internkontroll.ops.documents import report_outline
from internkontroll.reports import outline as o
from internkontroll.store.db import open_database
from tests.reports import tagged
from tests.reports.conftest import EB, INTERNAL, OTHERS, REDOVISNINGAR, SIP, Examples

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out


def outline_of(db: Path, review: int) -> o.Outline:
    database = open_database(db, write=False)
    try:
        return report_outline(database, review).value
    finally:
        database.close()


def _failures(report: page.ValidationReport) -> list[str]:
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


@pytest.mark.parametrize("name", [*REDOVISNINGAR, *OTHERS, *INTERNAL])
def test_pdf_a_2b_and_pdf_ua_1_by_page_validation(examples: Examples,
                                                  name: str) -> None:
    path = examples[1][name]
    for profile in ("2b", "ua1"):
        report = page.validate_pdf(str(path), profile=profile)
        assert report.is_compliant, (profile, _failures(report))


@pytest.mark.parametrize("name", [*REDOVISNINGAR, *OTHERS, *INTERNAL])
def test_outloud_passes(examples: Examples, name: str) -> None:
    outloud = shutil.which("outloud", path=str(Path(sys.executable).parent))
    assert outloud, "outloud is a test dependency"
    done = subprocess.run([outloud, "-q", str(examples[1][name])], capture_output=True,
                          text=True, check=False)
    assert done.stdout.startswith("PASS"), done.stdout + done.stderr


@pytest.mark.parametrize("name", list(REDOVISNINGAR))
def test_structure_has_the_outline_in_reading_order(examples: Examples,
                                                    name: str) -> None:
    db, documents = examples
    document = outline_of(db, REDOVISNINGAR[name])
    found = tagged.elements(documents[name])
    headings = [(t, text) for t, text in found if t in ("H1", "H2", "H3")]
    assert [text for _, text in headings] == [h.text for h in document.headings()]
    assert headings[0][0] == "H1" and all(t != "H1" for t, _ in headings[1:])
    # every paragraph whole, in order, however it wraps: a word at a soft line break keeps its
    # space and no word is cut from the next
    paragraphs = [" ".join(b.text.split()) for b in document.blocks
                  if isinstance(b, o.Paragraph) and b.text.strip()]
    read = [text for t, text in found if t == "P"]
    position = 0
    for text in paragraphs:
        assert text in read[position:], text
        position = read.index(text, position) + 1
    figures = [b for b in document.blocks if isinstance(b, o.Figure)]
    reader = pikepdf.open(documents[name])
    alts = [str(e.Alt) for e in _struct_elements(reader) if e.S == "/Figure"]
    assert alts == [f.alt_text for f in figures] and figures


def test_known_sentences_survive_soft_line_breaks(examples: Examples
                                                  ) -> None:
    """The sammanfattning and the method text wrap over lines in the PDF; ``pdfinfo
    -struct-text`` reads each sentence whole."""
    text = subprocess.run(["pdfinfo", "-struct-text", str(examples[1]["ekonomiskt-bistand"])],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for sentence in ("Dokumentationen håller överlag god kvalitet. Barnperspektivet behöver "
                     "bli tydligare i besluten.",
                     "Bedömningen görs med följande alternativ: Helt – mycket väl dokumenterat; "
                     "Delvis – dokumentation finns men i mindre utsträckning;",
                     "Barnperspektivet tas upp vid arbetsplatsträff i januari. En mall för "
                     "motivering av barnets situation införs i beslutsstödet."):
        assert sentence in flat


def test_a_table_over_two_pages_is_one_table_with_its_header_once(
        examples: Examples) -> None:
    db, documents = examples
    document = outline_of(db, EB)
    comparison = next(t for t in document.tables() if t.key == "jamforelse")
    found = tagged.tables(documents["ekonomiskt-bistand"])
    read = next(t for t in found if t[0][0] == "Kontrollmoment" and len(t) > 20)
    pages = _pages_of_table(documents["ekonomiskt-bistand"], len(read))
    assert len(pages) == 2  # it does go on over a page break
    assert len(read) == len(comparison.header_rows) + len(comparison.rows)
    assert read[0] == list(comparison.header_rows[0])
    assert [row[0] for row in read[1:]] == [row[0] for row in comparison.rows]
    assert sum(1 for row in read if row == read[0]) == 1  # the repeated header is an artifact
    assert len(found) == len(document.tables())


def test_bookmarks_follow_the_h1_and_h2_headings(examples: Examples) -> None:
    db, documents = examples
    for name, review in REDOVISNINGAR.items():
        document = outline_of(db, review)
        reader = PdfReader(documents[name])
        top = reader.outline
        assert len(top) == 2 and top[0].title == document.headings()[0].text
        sections = [b.title for b in top[1]]
        assert sections == [h.text for h in document.headings() if h.level == 2]
        heading_pages = {b.title: reader.get_destination_page_number(b) for b in top[1]}
        text = [p.extract_text() for p in reader.pages]
        for title, number in heading_pages.items():
            assert title in text[number], (name, title, number)


def test_metadata_agrees_and_names_the_language(examples: Examples) -> None:
    db, documents = examples
    document = outline_of(db, SIP)
    with pikepdf.open(documents["sip"]) as pdf:
        assert str(pdf.Root.Lang) == "sv-SE"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert bool(pdf.Root.MarkInfo.Marked)
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) == document.title
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        assert meta["pdfuaid:part"] == "1"
        assert str(pdf.docinfo.CreationDate) == str(pdf.docinfo.ModDate)
        for page_ in pdf.pages:
            assert page_.Tabs == "/S" and "/StructParents" in page_
        fonts = {str(f.BaseFont) for p in pdf.pages for f in p.Resources.Font.values()}
        assert fonts and all("+" in f for f in fonts)  # embedded subsets, no base-14 font


def _struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    found: list[pikepdf.Dictionary] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
        kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []:
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def _pages_of_table(path: Path, rows: int) -> set[int]:
    """The pages holding the cells of the Table element with this many rows."""
    with pikepdf.open(path) as pdf:
        numbers = {p.objgen: n for n, p in enumerate(pdf.pages)}
        for table in (e for e in _struct_elements(pdf) if e.S == "/Table"):
            if len(table.K) != rows:
                continue
            return {numbers[mcr.Pg.objgen] for tr in table.K for cell in tr.K for mcr in cell.K}
    return set()


def test_characters_the_font_lacks_are_drawn_in_a_plain_form(examples: Examples) -> None:
    text = subprocess.run(["pdftotext", str(examples[1]["logotyp"]), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Rutinen -> följs nu; ﬁnns i 9 av 10" in text  # Vera has the ﬁ ligature
    assert "😀" not in text and "\u200b" not in text


def test_wrapped_table_cells_keep_their_spaces(examples: Examples) -> None:
    """A kontrollmoment wrapped in the comparison table, and the lines of a counts cell, read
    with a space where the line broke."""
    flat = {name: " ".join(subprocess.run(
        ["pdfinfo", "-struct-text", str(examples[1][name])], capture_output=True, text=True,
        check=True).stdout.split()) for name in ("ekonomiskt-bistand", "sip")}
    assert "Att det framgår att barnperspektivet är beaktat i barnfamiljer" in \
        flat["ekonomiskt-bistand"]
    assert "22/48 SIP upprättad 4/48 tackat ja" in flat["sip"]
