"""The redovisning for the nämnd as a PDF bilaga (SPEC § 9.1): the outline's blocks laid out.

The structure comes from ``reports.outline``; this module decides only how it looks. Every
text goes through ``layout.para``, which escapes it, so a label such as '<b>&' is printed as
it is and never read as markup.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    Spacer,
)
from reportlab.platypus import PageBreak as BreakPage

from internkontroll.reports import outline as o
from internkontroll.reports.data import ReportData
from internkontroll.reports.fonts import FAMILY
from internkontroll.reports.layout import TEXT_WIDTH, Meta, build, para, styles, table

PARAGRAPH_STYLES = {o.ORGANISATION: "small"}


def _widths(block: o.Table) -> list[float]:
    """Label columns wide, a comment column in between, numbers sharing what is left."""
    roles = block.roles
    numbers = sum(1 for r in roles if r in (o.NUMBER, o.PERCENT))
    texts = sum(1 for r in roles if r == o.TEXT)
    if texts:  # the results table: item, comment, counts
        return [62 * mm, *[58 * mm] * texts,
                *[(TEXT_WIDTH - (62 + 58 * texts) * mm) / max(1, numbers)] * numbers]
    if block.sub_rows:  # the comparison: the periods share what the label leaves
        number = (TEXT_WIDTH - 70 * mm) / max(1, numbers)
    elif numbers == 1:  # one result column, e.g. '17 av 23 (74 %)'
        number = 40 * mm
    else:
        number = min(28 * mm, TEXT_WIDTH * 0.7 / numbers)
    return [TEXT_WIDTH - number * numbers, *[number] * numbers]


def _logo(block: o.Logo) -> list[Any]:
    if not Path(block.path).is_file():
        return []
    image = Image(block.path)
    scale = 14 * mm / image.imageHeight
    image.drawHeight, image.drawWidth = 14 * mm, image.imageWidth * scale
    image.hAlign = "LEFT"
    return [image]


def _table(block: o.Table, style: dict[str, Any]) -> Any:
    header = len(block.header_rows)
    rows = [list(r) for r in block.header_rows]
    rows += [[f"   {r[0]}", *r[1:]] if n in block.sub_rows else list(r)
             for n, r in enumerate(block.rows)]
    return table(rows, _widths(block), style,
                 bold_rows=tuple(header + n for n in range(len(block.rows))
                                 if n in block.totals or (block.sub_rows and
                                                          n not in block.sub_rows)))


def _heading(block: o.Heading, following: o.Block | None, style: dict[str, Any]) -> list[Any]:
    if block.level == 1:
        return [para(block.text, style["h1"])]
    if block.level >= 3:
        return [CondPageBreak(35 * mm), para(block.text, style["h3"])]
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
    for n, block in enumerate(blocks):
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if isinstance(block, o.Heading):
            parts += _heading(block, following, style)
        elif isinstance(block, o.Paragraph):
            parts.append(para(block.text, style[PARAGRAPH_STYLES.get(block.role, "body")]))
        elif isinstance(block, o.Bullets):
            parts.append(ListFlowable([ListItem(para(t, style["body"]), leftIndent=12)
                                       for t in block.items], bulletType="bullet", start="•",
                                      leftIndent=12, bulletFontName=FAMILY))
        elif isinstance(block, o.Table):
            parts.append(_table(block, style))
            if block.key.startswith("diagram_"):
                parts.append(Spacer(0, 4 * mm))
        elif isinstance(block, o.Figure):
            parts += [KeepTogether([para(block.caption, style["caption"]), block.drawing]),
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
