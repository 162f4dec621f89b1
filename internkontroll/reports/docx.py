"""The redovisning as an editable Word document: the outline's blocks, as the PDF has them.

Real headings (Word's built-in Heading styles, shown as Rubrik 1/2 in Swedish Word), real tables
with repeated header rows, and charts as images with alt text, each followed by its data table.
The user pastes it into the municipality's tjänsteskrivelse template.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from docx import Document
from internkontroll import __version__
from internkontroll.reports import outline as o
from internkontroll.reports.charts import to_svg
from internkontroll.reports.sheets import xml_text

Rasterise = Callable[[bytes], bytes]
# Strings are only ever written as text runs, without the characters XML cannot hold: no field
# code or hyperlink is made from a label or a text, whatever it says.
_clean = xml_text


def _paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    return document.add_paragraph(_clean(text), style=style)


def _heading(document: Any, text: str, level: int) -> None:
    document.add_heading(_clean(text), level=level)


def _repeat_header(table: Any) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document: Any, rows: list[list[str]], bold_rows: tuple[int, ...] = ()) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = _clean(value)
            run = cell.paragraphs[0].runs[0] if cell.paragraphs[0].runs else None
            if run is not None:
                run.font.size = Pt(9)
                run.bold = r == 0 or r in bold_rows
    _repeat_header(table)
    _paragraph(document)


def _field(paragraph: Any, code: str) -> None:
    run = paragraph.add_run()
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), code)
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    simple.append(inner)
    run._r.append(simple)


def _footer(document: Any, text: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.add_run(f"{_clean(text)}\tSida ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" av ")
    _field(paragraph, "NUMPAGES")


def _language(document: Any) -> None:
    properties = document.styles["Normal"].element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "sv-SE")
    properties.append(language)


def _header(document: Any, text: str) -> None:
    """The marking on top of every page (``Preliminär …``), bold and dark red."""
    paragraph = document.sections[0].header.paragraphs[0]
    run = paragraph.add_run(_clean(text))
    run.bold = True
    run.font.color.rgb = RGBColor(0x9C, 0x00, 0x06)


def _figure(document: Any, block: o.Figure, rasterise: Rasterise) -> None:
    _paragraph(document, block.caption, "Caption")
    picture = document.add_picture(io.BytesIO(rasterise(to_svg(block.chart))), width=Mm(165))
    properties = picture._inline.docPr
    properties.set("descr", _clean(block.alt_text))
    properties.set("title", _clean(block.caption))


def _logo(document: Any, block: o.Logo) -> None:
    if not Path(block.path).is_file():
        return
    try:
        picture = document.add_picture(block.path, height=Mm(14))
    except Exception:  # noqa: BLE001 (a format Word cannot hold: the document goes without)
        return
    picture._inline.docPr.set("descr", _clean(block.alt_text))


def _note(document: Any, block: o.Note) -> None:
    paragraph = _paragraph(document, block.text)
    for run in paragraph.runs:
        run.font.size = Pt(9)
        if block.kind == o.PRELIMINARY:
            run.bold = True
            run.font.color.rgb = RGBColor(0x9C, 0x00, 0x06)


def _rows(block: o.Table) -> tuple[list[list[str]], tuple[int, ...]]:
    header = len(block.header_rows)
    rows = [list(r) for r in (*block.header_rows, *block.rows)]
    bold = tuple(header + n for n in range(len(block.rows))
                 if n in block.totals or (block.sub_rows and n not in block.sub_rows))
    return rows, bold


def write_docx(path: Path | BinaryIO, document_outline: o.Outline, rasterise: Rasterise
               ) -> None:
    document = Document()
    _language(document)
    properties = document.core_properties
    properties.title = _clean(document_outline.title)
    properties.author = _clean(document_outline.author)
    properties.subject = document_outline.subject
    properties.language = "sv-SE"
    properties.comments = f"Internkontroll {__version__}"
    for block in document_outline.blocks:
        if isinstance(block, o.Heading):
            _heading(document, block.text, block.level)
        elif isinstance(block, o.Paragraph):
            _paragraph(document, block.text)
        elif isinstance(block, o.Bullets):
            for text in block.items:
                _paragraph(document, text, "List Bullet")
        elif isinstance(block, o.Table):
            _table(document, *_rows(block))
        elif isinstance(block, o.Figure):
            _figure(document, block, rasterise)
        elif isinstance(block, o.Note):
            if block.kind != o.ADVICE:
                _note(document, block)
        elif isinstance(block, o.Logo):
            _logo(document, block)
        elif isinstance(block, o.PageBreak):
            document.add_page_break()
    if document_outline.marking:
        _header(document, document_outline.marking)
    _footer(document, document_outline.footer)
    document.save(path if not isinstance(path, Path) else str(path))
