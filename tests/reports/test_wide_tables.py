"""Tables with many columns stay readable: SIP with nine indicators over eight periods,
rendered as PDF and Word and parsed back. Numbers never break, header words stay whole, a table
too wide for portrait goes on landscape pages, and one too wide even for those is split into
tables that each repeat the label column."""

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from docs.make_examples import ekonomiskt_bistand, many_columns, run
from internkontroll.ops.documents import report_outline
from internkontroll.reports import columns
from internkontroll.reports import outline as o
from internkontroll.reports.docx import write_docx
from internkontroll.reports.fonts import FAMILY
from internkontroll.reports.pdf import pdf_bytes
from internkontroll.store.db import open_database

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

NBSP = "\u00a0"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BREAKDOWNS = ("Resultat efter verksamhetsområde", "Resultat efter personkategori")


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, o.Outline]:
    work = tmp_path_factory.mktemp("manga-kolumner")
    db = work / "exempel.sqlite"
    run(db, "settings", "--set", "kommun=Exempelby kommun")
    review = many_columns(db, work)
    run(db, "report", review, "--out", work / "r.pdf")
    run(db, "report", review, "--out", work / "r.docx")
    database = open_database(db, write=False)
    try:
        document = report_outline(database, review).value
    finally:
        database.close()
    return work / "r.pdf", work / "r.docx", document


def layout_pages(pdf: Path) -> list[str]:
    raw = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return raw.replace(NBSP, " ").split("\f")[:-1]


def page_sizes(pdf: Path | bytes) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def test_the_outline_has_the_wide_tables(wide: tuple[Path, Path, o.Outline]) -> None:
    document = wide[2]
    breakdown = next(t for t in document.tables() if t.key == "efter_verksamhetsomrade")
    assert len(breakdown.roles) == 11  # the label, Antal ärenden, nine indicators
    assert ("Individ- och familjeomsorgen", "43", f"41 av 43 (95{NBSP}%)") == \
        breakdown.rows[0][:3]
    comparison = next(t for t in document.tables() if t.key == "jamforelse")
    assert len(comparison.header_rows[0]) == 9  # the label and eight periods


def assert_unbroken(document: o.Outline, lines: list[str]) -> None:
    """Every number cell on one line; a counts cell may break between its parts only.
    (pdftotext -layout sometimes drops the no-break space of a narrow cell: '9%'.)"""
    lines = [line.replace(" %", "%") for line in lines]
    for table in document.tables():
        for cell in (c for r in table.rows for c, role in zip(r, table.roles, strict=True)
                     if role in columns.NUMBERS and c):
            for part in columns.pieces(cell.replace(NBSP, " "), number=True):
                part = part.replace(" %", "%")
                assert any(part in line for line in lines), (table.key, part)


def test_pdf_numbers_never_break_and_header_words_stay_whole(
        wide: tuple[Path, Path, o.Outline]) -> None:
    pdf, _, document = wide
    pages = layout_pages(pdf)
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
    tokens = {t for line in lines for t in line.split()}
    assert any("41 av 43 (95 %)" in line for line in lines)
    assert_unbroken(document, lines)
    for table in document.tables():
        for word in (w for r in table.header_rows for c in r for w in c.split()):
            assert word.replace(NBSP, " ") in tokens, (table.key, word)
    text = " ".join(lines)
    for broken in ("Anta l", "äre nden", "(9 5", "Samordningsäre nden"):
        assert broken not in text
    # the eight periods side by side on one line, each label whole
    assert any("Kontrollmoment Apr -21 Nov -21 Apr -22 Nov -22 Apr -23 Nov -23 Apr -24 Nov -24"
               in line for line in lines)


def test_pdf_puts_the_widest_tables_on_landscape_pages_split_with_the_label_column(
        wide: tuple[Path, Path, o.Outline]) -> None:
    pdf, _, _ = wide
    pages = layout_pages(pdf)
    sizes = page_sizes(pdf)
    assert len(sizes) == len(pages)
    turned = [n for n, (w, h) in enumerate(sizes) if w > h]
    assert turned, sizes
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] < sizes[-1][1]
    for title in BREAKDOWNS:
        (page,) = [n for n, p in enumerate(pages) if title in p]
        assert page in turned
        assert f"{title} (forts.)" in pages[page]
    for n, page in enumerate(pages):  # the footer and 'Sida x av y' on every page
        assert f"Sida {n + 1} av {len(pages)}" in page
        assert "Internkontroll SIP, uppföljning per indikator – Nov -24" in page
    # every part of a split table starts with the label column's header
    landscape = "\n".join(pages[n] for n in turned)
    assert landscape.count("Verksamhetsområde ") == 2 and \
        landscape.count("Personkategori ") == 2
    # the page number is at the right edge of the landscape page, not of a portrait one
    with pdfplumber.open(pdf) as document:
        page = document.pages[turned[0]]
        sida = [w for w in page.extract_words() if w["text"] == "Sida"]
        assert sida and sida[0]["x0"] > 600


def _body_sections(path: Path) -> list[tuple[str, str]]:
    """(element kind, the orientation of its section) for every table and paragraph."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    body = xml[xml.index("<w:body>"):]
    found, pending = [], []
    for match in re.finditer(r"<w:tbl>|<w:p[ >]|<w:sectPr.*?</w:sectPr>", body, re.S):
        if match.group().startswith("<w:sectPr"):
            orient = "landscape" if 'w:orient="landscape"' in match.group() else "portrait"
            found += [(kind, orient) for kind in pending]
            pending = []
        else:
            pending.append("table" if match.group() == "<w:tbl>" else "p")
    return found


def _mm(section: object) -> tuple[int, int]:
    return round(section.page_width.mm), round(section.page_height.mm)  # type: ignore[attr-defined]


def test_docx_has_a_landscape_section_for_the_wide_tables(
        wide: tuple[Path, Path, o.Outline]) -> None:
    _, path, document = wide
    word = Document(str(path))
    orientations = [s.orientation for s in word.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    turned = word.sections[1]
    assert _mm(turned) == (297, 210) and _mm(word.sections[0]) == (210, 297)
    # 'Sida x av y' in every section, at its right margin
    for section in word.sections:
        footer = section.footer.paragraphs[0]
        assert footer.text.startswith("Internkontroll SIP, uppföljning per indikator – Nov -24\t"
                                      "Sida ")
        assert footer._p.xml.count("> PAGE </w:instrText>") == 1
        stops = [(t.position, t.alignment) for t in footer.paragraph_format.tab_stops
                 if t.alignment != WD_TAB_ALIGNMENT.CLEAR]
        width = section.page_width - section.left_margin - section.right_margin
        assert stops == [(width, WD_TAB_ALIGNMENT.RIGHT)]
    # the breakdown tables, split in two each, are in the landscape section
    tables = [[[c.text.replace(NBSP, " ") for c in row.cells] for row in t.rows]
              for t in word.tables]
    sections = [orient for kind, orient in _body_sections(path) if kind == "table"]
    assert len(sections) == len(tables)
    for head in ("Verksamhetsområde", "Personkategori"):
        parts = [n for n, t in enumerate(tables) if t[0][0] == head and len(t[0]) > 3]
        assert len(parts) == 2 and all(sections[n] == "landscape" for n in parts)
        header = [c for n in parts for c in tables[n][0][1:]]
        indicators = next(t for t in document.tables() if t.key == "indikatorer")
        assert header == ["Antal ärenden", *[r[0] for r in indicators.rows]]
    paragraphs = [p.text for p in word.paragraphs]
    assert "Resultat efter verksamhetsområde (forts.)" in paragraphs
    assert sections.count("portrait") >= 3  # results, comparison, indicators, charts' data


def test_docx_number_cells_do_not_wrap_and_headers_repeat(
        wide: tuple[Path, Path, o.Outline]) -> None:
    _, path, _ = wide
    word = Document(str(path))
    share = re.compile(r"^\d+ av \d+ \(\d+ %\)$")
    seen = 0
    for table in word.tables:
        first = table.rows[0]._tr
        assert first.find(f"{W_NS}trPr/{W_NS}tblHeader") is not None
        layout = table._tbl.tblPr.find(f"{W_NS}tblLayout")
        assert layout is not None and layout.get(f"{W_NS}type") == "fixed"
        for row in table.rows[1:]:
            for cell in row.cells:
                if share.match(cell.text.replace(NBSP, " ")):
                    seen += 1
                    assert " " not in cell.text and NBSP in cell.text
                    assert cell._tc.tcPr.find(f"{W_NS}noWrap") is not None
    assert seen >= 9 * 7  # nine indicators for seven groups
    # the widths fit the page they are on
    orientations = [orient for kind, orient in _body_sections(path) if kind == "table"]
    for table, orient in zip(word.tables, orientations, strict=True):
        width = sum(c.width for c in table.rows[0].cells)
        assert width <= (Mm(257) if orient == "landscape" else Mm(170)) + Mm(0.5)


def test_a_normal_report_stays_portrait(tmp_path: Path) -> None:
    db = tmp_path / "eb.sqlite"
    run(db, "settings", "--set", "kommun=Exempelby kommun")
    review = ekonomiskt_bistand(db, tmp_path)
    run(db, "report", review, "--out", tmp_path / "eb.pdf")
    run(db, "report", review, "--out", tmp_path / "eb.docx")
    assert all(w < h for w, h in page_sizes(tmp_path / "eb.pdf"))
    word = Document(str(tmp_path / "eb.docx"))
    assert [s.orientation for s in word.sections] == [WD_ORIENT.PORTRAIT]
    assert _mm(word.sections[0]) == (210, 297)
    lines = [" ".join(line.split()) for page in layout_pages(tmp_path / "eb.pdf")
             for line in page.splitlines()]
    database = open_database(db, write=False)
    try:
        assert_unbroken(report_outline(database, review).value, lines)
    finally:
        database.close()
    assert any(re.search(r"\d+/20 helt \d+/20 delvis", line) for line in lines)


def _table(columns_count: int, cell: str = f"41 av 43 (95{NBSP}%)") -> o.Table:
    header = ("Grupp", *[f"Indikator nummer {n}" for n in range(columns_count)])
    rows = tuple(("Stöd och service", *[cell] * columns_count) for _ in range(3))
    return o.Table((header,), rows, (o.LABEL, *[o.PERCENT] * columns_count), key="bred")


@pytest.mark.parametrize(("count", "size", "landscape", "parts"), [
    (2, 8.5, False, 1),  # fits portrait as it is
    (6, None, False, 1),  # a smaller font, still portrait
    (8, 8.5, True, 1),  # landscape, at the normal size
    (14, 8.5, True, 2),  # split, at the normal size
])
def test_the_decision_shrinks_then_turns_then_splits(count: int, size: float | None,
                                                     landscape: bool, parts: int) -> None:
    found = columns.fit(columns.grid(_table(count)))
    assert found.landscape == landscape and len(found.parts) == parts
    if size is not None:
        assert found.size == size
    else:
        assert columns.SIZES[-1] <= found.size < columns.SIZES[0]
    assert sorted(c for part in found.parts for c in part[1:]) == list(range(1, count + 1))
    for part, widths in zip(found.parts, found.widths, strict=True):
        assert part[0] == 0
        assert sum(widths) == pytest.approx(found.frame)
        unbroken = stringWidth(f"41 av 43 (95{NBSP}%)", FAMILY, found.size) + 2 * columns.PAD
        assert all(w >= unbroken for w in widths[1:])


def test_a_wide_table_at_the_top_of_a_page_turns_that_page_and_marks_it(
        tmp_path: Path) -> None:
    """After a page break the next page is still empty: it is turned, not left blank."""
    blocks: list[o.Block] = [o.Heading(1, "Rubrik"), o.Paragraph("Text."), o.PageBreak(),
                             o.Heading(2, "Bred tabell"), _table(8), o.Note("En not."),
                             o.Heading(2, "Efter"), o.Paragraph("Mer text.")]
    document = o.Outline("Titel", "", "", "Sidfot", "Preliminär – inte klar", blocks)
    data = pdf_bytes(document)
    sizes = page_sizes(data)
    assert [w > h for w, h in sizes] == [False, True, False]
    raw = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                         check=True).stdout.decode("utf-8").split("\f")[:-1]
    assert "Bred tabell" in raw[1] and "En not." in raw[1] and "Efter" in raw[2]
    for n, page in enumerate(raw):
        assert "Preliminär – inte klar" in page and f"Sida {n + 1} av 3" in page
    write_docx(tmp_path / "bred.docx", document, lambda svg: svg)
    word = Document(str(tmp_path / "bred.docx"))
    assert [s.orientation for s in word.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                      WD_ORIENT.PORTRAIT]
    assert 'w:type="page"' not in word.element.xml  # the section break is the page break
    for section in word.sections:
        assert section.header.paragraphs[0].text == "Preliminär – inte klar"
        assert section.footer.paragraphs[0].text.startswith("Sidfot\tSida ")


def test_landscape_pages_are_archivable_and_tagged(wide: tuple[Path, Path, o.Outline]) -> None:
    import page

    for profile in ("2b", "ua1"):
        report = page.validate_pdf(str(wide[0]), profile=profile)
        assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]
    done = subprocess.run([str(Path(sys.executable).parent / "outloud"), "-q", str(wide[0])],
                          capture_output=True, text=True, check=False)
    assert done.stdout.startswith("PASS"), done.stdout
