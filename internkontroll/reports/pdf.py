"""The redovisning for the nämnd as a PDF bilaga (SPEC § 9.1): the outline's blocks laid out.

The structure comes from ``reports.outline``; this module decides only how it looks. Every
text goes through ``layout.para``, which escapes it, so a label such as '<b>&' is printed as
it is and never read as markup.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
)
from reportlab.platypus import PageBreak as BreakPage

from internkontroll.reports import outline as o
from internkontroll.reports import tagging
from internkontroll.reports.columns import (
    INDENT,
    PAD,
    Fit,
    continued,
    fit,
    grid,
    landscape_blocks,
    unbreakable,
)
from internkontroll.reports.data import ReportData
from internkontroll.reports.fonts import BOLD, FAMILY, drawable
from internkontroll.reports.layout import (
    LANDSCAPE,
    PORTRAIT,
    Meta,
    Orientation,
    build,
    cell_styles,
    grid_table,
    para,
    styles,
)

PARAGRAPH_STYLES = {o.ORGANISATION: "small"}
UNBROKEN_ROWS = 12  # a table of up to this many rows is never broken over a page


def _rgb(path: Path) -> Any:
    """The logo as RGB (with its transparency): PDF/A with an sRGB output intent allows no
    CMYK or other device colours."""
    from io import BytesIO

    from PIL import Image as Picture

    with Picture.open(path) as picture:
        if picture.mode in ("RGB", "RGBA", "L", "LA"):
            return str(path)
        converted = picture.convert("RGBA" if "transparency" in picture.info or
                                    picture.mode in ("PA", "RGBa") else "RGB")
    buffer = BytesIO()
    converted.save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def _logo(block: o.Logo) -> list[Any]:
    if not Path(block.path).is_file():
        return []
    image = Image(_rgb(Path(block.path)))
    scale = 14 * mm / image.imageHeight
    image.drawHeight, image.drawWidth = 14 * mm, image.imageWidth * scale
    image.hAlign = "LEFT"
    return [tagging.figure(image, block.alt_text)]


def _cell(text: str, number: bool, room: float, bold: bool, size: float,
          style: tuple[ParagraphStyle, ParagraphStyle]) -> Any:
    """A plain string when it fits on one line (quick to lay out), else a Paragraph that wraps
    only where it may: between words, or between the parts of a counts cell."""
    text = drawable(text)
    if "\n" not in text and stringWidth(text, BOLD if bold else FAMILY, size) <= room:
        return text
    return para(unbreakable(text) if number else text, style[1 if bold else 0])


def _table(block: o.Table, found: Fit, title: str, style: dict[str, Any]) -> list[Any]:
    """The table, or its parts side by side in turn, each with the label column."""
    table = grid(block)
    cell_style = cell_styles(found.size)
    parts: list[Any] = []
    for n, (columns, widths) in enumerate(zip(found.parts, found.widths, strict=True)):
        if n:
            parts += [Spacer(0, 3 * mm), para(continued(block.caption or title),
                                               style["continued"])]
        cells = [[_cell(row[c], table.is_number(r, c),
                        widths[i] - 2 * PAD - (INDENT if i == 0 and r in table.indented else 0),
                        r in table.bold, found.size, cell_style)
                  for i, c in enumerate(columns)] for r, row in enumerate(table.rows)]
        parts.append(grid_table(cells, widths, found.size, table.header, set(table.bold),
                                set(table.indented), PAD, INDENT))
    return parts


def _unbroken(block: o.Table) -> bool:
    return len(block.header_rows) + len(block.rows) <= UNBROKEN_ROWS


def _heading(block: o.Heading, following: o.Block | None, style: dict[str, Any]) -> list[Any]:
    if block.level == 1:
        return [para(block.text, style["h1"])]
    if block.level >= 3:
        return [CondPageBreak(35 * mm), para(block.text, style["h3"])]
    if isinstance(following, o.Heading):
        # the part's own page break would come between this heading and the part's
        return [CondPageBreak(45 * mm), para(block.text, style["h2"])]
    if isinstance(following, o.Figure):
        return [CondPageBreak(110 * mm), para(block.text, style["h2table"])]
    if isinstance(following, o.Table):
        # a new page only when little is left, so a long table starts under its heading and
        # breaks across pages instead of jumping
        return [CondPageBreak(45 * mm), para(block.text, style["h2table"])]
    return [para(block.text, style["h2"])]


def story(document: o.Outline) -> list[Any]:
    style = styles()
    parts: list[Any] = []
    blocks = document.blocks
    fits = {n: fit(grid(b)) for n, b in enumerate(blocks) if isinstance(b, o.Table)}
    turned = landscape_blocks(blocks, {n for n, f in fits.items() if f.landscape})
    title = ""
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if (n in turned) != (n - 1 in turned):
            parts.append(Orientation(LANDSCAPE if n in turned else PORTRAIT))
        if isinstance(block, o.Heading):
            title = block.text
            parts += _heading(block, following, style)
        elif isinstance(block, o.Paragraph):
            parts.append(para(block.text, style[PARAGRAPH_STYLES.get(block.role, "body")]))
        elif isinstance(block, o.Bullets):
            parts += [para(t, style["bullet"], bullet="• ") for t in block.items]
        elif isinstance(block, o.Table):
            laid = _table(block, fits[n], title, style)
            if _unbroken(block):  # never broken over a page, and its heading goes with it
                heading = (n > 0 and isinstance(blocks[n - 1], o.Heading) and bool(parts)
                           and isinstance(parts[-1], Paragraph))
                laid = [KeepTogether([parts.pop(), *laid] if heading else laid)]
            parts += laid
            if block.key.startswith("diagram_"):
                parts.append(Spacer(0, 4 * mm))
        elif isinstance(block, o.Figure):
            parts += [KeepTogether([para(block.caption, style["caption"]),
                                    tagging.figure(block.drawing, block.alt_text)]),
                      Spacer(0, 2 * mm)]
        elif isinstance(block, o.Note):
            if block.kind != o.ADVICE:
                parts.append(para(block.text, style["warning" if block.kind == o.PRELIMINARY
                                                    else "note"]))
        elif isinstance(block, o.Logo):
            parts += _logo(block)
        elif isinstance(block, o.PageBreak):
            parts.append(BreakPage())
    return parts


def write_pdf(path: Path | BinaryIO, document: o.Outline) -> None:
    build(path, story(document),
          Meta(document.title, document.author, document.subject, document.footer,
               document.marking))


def pdf_bytes(document: o.Outline) -> bytes:
    """The redovisning as PDF bytes, e.g. to keep what the nämnd received in the database."""
    buffer = io.BytesIO()
    write_pdf(buffer, document)
    return buffer.getvalue()


def data_pdf(data: ReportData) -> bytes:
    return pdf_bytes(o.build(data))


def review_pdf(session: Any, review_id: int) -> bytes:
    """The redovisning of a review as it would be saved now."""
    from internkontroll.reports.data import report_data

    return data_pdf(report_data(session, review_id))
