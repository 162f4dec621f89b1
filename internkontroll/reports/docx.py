"""The redovisning as an editable Word document: the outline's blocks, as the PDF has them.

Real headings (Word's built-in Heading styles, shown as Rubrik 1/2 in Swedish Word), real tables
with repeated header rows, and charts as images with alt text, each followed by its data table.
A4 pages, and a table too wide for them in a landscape section, as in the PDF.
The user pastes it into the municipality's tjänsteskrivelse template.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from docx import Document
from internkontroll import __version__
from internkontroll.reports import columns
from internkontroll.reports import outline as o
from internkontroll.reports.charts import to_svg
from internkontroll.reports.columns import Fit
from internkontroll.reports.sheets import xml_text

Rasterise = Callable[[bytes], bytes]
# One family everywhere, named outright: the template's theme fonts are missing in LibreOffice,
# which then sets tables and headings in a serif. LibreOffice shows Arial as its metric twin
# (Liberation Sans) or as DejaVu Sans, the family the PDF's widths are measured in.
FONT = "Arial"
LANGUAGE = "sv-SE"
DARK_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption")  # blue in the template
# Strings are only ever written as text runs, without the characters XML cannot hold: no field
# code or hyperlink is made from a label or a text, whatever it says.
_clean = xml_text


def _paragraph(document: Any, text: str = "", style: str | None = None) -> Any:
    return document.add_paragraph(_clean(text), style=style)


def _heading(document: Any, text: str, level: int) -> None:
    document.add_heading(_clean(text), level=level)


def _repeat_header(table: Any, rows: int) -> None:
    """The header rows marked as such (repeated on every page); no row breaks over a page."""
    for n, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if n < rows:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            properties.append(header)


def _no_wrap(cell: Any) -> None:
    cell._tc.get_or_add_tcPr().insert_element_before(
        OxmlElement("w:noWrap"), "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
        "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def _table(document: Any, block: o.Table, found: Fit, title: str) -> None:
    """The table as the PDF has it: measured widths, number cells that never wrap, the header
    repeated on every page, and the columns split across tables when even landscape is too
    narrow."""
    grid = columns.grid(block)
    for n, (chosen, widths) in enumerate(zip(found.parts, found.widths, strict=True)):
        if n:
            caption = _paragraph(document, columns.continued(block.caption or title))
            for run in caption.runs:
                run.bold = True
                run.font.size = Pt(9)
            caption.paragraph_format.keep_with_next = True
        table = document.add_table(rows=len(grid.rows), cols=len(chosen))
        table.style = "Table Grid"
        table.autofit = False  # a fixed layout: Word keeps the measured widths
        _cell_margins(table, columns.PAD)
        for i, width in enumerate(widths):
            table.columns[i].width = Pt(width)
        for r, row in enumerate(grid.rows):
            cells = table.rows[r].cells
            for i, c in enumerate(chosen):
                cell, text, number = cells[i], row[c], grid.is_number(r, c)
                cell.width = Pt(widths[i])
                cell.text = _clean(columns.unbreakable(text) if number else text)
                if number and len(columns.pieces(text, True)) == 1:
                    _no_wrap(cell)
                if i == 0 and r in grid.indented:
                    cell.paragraphs[0].paragraph_format.left_indent = Pt(columns.INDENT)
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(found.size)  # the size the widths are measured at
                    run.bold = r in grid.bold
        _repeat_header(table, grid.header)
        _paragraph(document)


def _cell_margins(table: Any, points: float) -> None:
    """The PDF's cell padding, for which its widths are measured (Word's own is wider)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(points * 20)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    after = [properties.find(qn(f"w:{name}")) for name in ("tblLook", "tblCaption",
                                                           "tblDescription")]
    later = next((e for e in after if e is not None), None)  # the schema's order
    if later is None:
        properties.append(margins)
    else:
        later.addprevious(margins)


def _page(section: Any, landscape: bool) -> None:
    """A4 with the PDF's margins, portrait or landscape."""
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)


def _field(paragraph: Any, code: str, shown: str = "1") -> None:
    """A field as Word writes it (begin, code, separate, its value, end), so that every office
    suite shows a number: the value until it counts the pages itself."""
    for kind, value in (("begin", None), ("code", code), ("separate", None), ("value", shown),
                        ("end", None)):
        run = paragraph.add_run()
        if kind == "code":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = f" {value} "
            run._r.append(instruction)
        elif kind == "value":
            run.text = value
        else:
            character = OxmlElement("w:fldChar")
            character.set(qn("w:fldCharType"), kind)
            run._r.append(character)


def _footer(document: Any, text: str) -> None:
    """'Sida x av y' at the right margin of every section, portrait or landscape."""
    inherited = document.styles["Footer"].paragraph_format.tab_stops
    for section in document.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        stops = paragraph.paragraph_format.tab_stops
        for stop in inherited:
            stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(section.page_width - section.left_margin - section.right_margin,
                           WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"{_clean(text)}\tSida ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" av ")
        _field(paragraph, "NUMPAGES")
        for run in paragraph.runs:
            run.font.size = Pt(8)  # as in the PDF: the footer fits on one line


def _house_style(document: Any) -> None:
    """One named font family and the language sv-SE in every style, the template's defaults
    included; headings and captions dark (the template's blue is below 4.5:1 on white)."""
    styles = document.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for key in [k for k in fonts.attrib if k.lower().endswith("theme")]:
            del fonts.attrib[key]
        for script in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{script}"), FONT)
    for language in styles.iter(qn("w:lang")):
        for key in list(language.attrib):
            language.set(key, LANGUAGE)
    for name in DARK_STYLES:
        document.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    for language in document.settings.element.iter(qn("w:themeFontLang")):
        for key in list(language.attrib):
            language.set(key, LANGUAGE)
    for rel in list(document.part.rels.values()):  # Word 2010's copy of the styles, in en-US
        if rel.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(rel.rId)


def _header(document: Any, text: str) -> None:
    """The marking on top of every page (``Preliminär …``), bold and dark red."""
    for section in document.sections:
        header = section.header
        header.is_linked_to_previous = False
        run = header.paragraphs[0].add_run(_clean(text))
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


def write_docx(path: Path | BinaryIO, document_outline: o.Outline, rasterise: Rasterise
               ) -> None:
    document = Document()
    _house_style(document)
    properties = document.core_properties
    properties.title = _clean(document_outline.title)
    properties.author = properties.last_modified_by = _clean(document_outline.author)
    properties.subject = document_outline.subject
    properties.language = LANGUAGE
    properties.comments = f"Internkontroll {__version__}"
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0)
    properties.revision = 1
    _page(document.sections[0], landscape=False)
    blocks = document_outline.blocks
    fits = {n: columns.fit(columns.grid(b)) for n, b in enumerate(blocks)
            if isinstance(b, o.Table)}
    turned = columns.landscape_blocks(blocks, {n for n, f in fits.items() if f.landscape})
    title = ""
    for n, block in enumerate(blocks):
        if (n in turned) != (n - 1 in turned):
            _page(document.add_section(WD_SECTION.NEW_PAGE), landscape=n in turned)
        if isinstance(block, o.Heading):
            title = block.text
            _heading(document, block.text, block.level)
        elif isinstance(block, o.Paragraph):
            _paragraph(document, block.text)
        elif isinstance(block, o.Bullets):
            for text in block.items:
                _paragraph(document, text, "List Bullet")
        elif isinstance(block, o.Table):
            _table(document, block, fits[n], title)
        elif isinstance(block, o.Figure):
            _figure(document, block, rasterise)
        elif isinstance(block, o.Note):
            if block.kind != o.ADVICE:
                _note(document, block)
        elif isinstance(block, o.Logo):
            _logo(document, block)
        elif isinstance(block, o.PageBreak) and (n + 1 in turned) == (n in turned):
            document.add_page_break()  # a new section begins on a new page by itself
    if document_outline.marking:
        _header(document, document_outline.marking)
    _footer(document, document_outline.footer)
    document.save(path if not isinstance(path, Path) else str(path))
