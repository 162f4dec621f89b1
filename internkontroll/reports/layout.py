"""Shared page layout for every PDF: A4, styles in the embedded font, tables, 'Sida x av y'.

Pages are portrait; a table too wide for them goes on landscape pages (``Orientation``), with
the same footer, marking and page numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    ActionFlowable,
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from internkontroll import __version__
from internkontroll.reports import pdfa, tagging
from internkontroll.reports.fonts import BOLD, FAMILY, drawable

MARGIN = 20 * mm
TOP, BOTTOM = 20 * mm, 18 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH = A4[1] - 2 * MARGIN
PORTRAIT, LANDSCAPE = "portrait", "landscape"  # the page templates
HEADER_FILL = colors.HexColor("#E6E6E6")
TOTAL_FILL = colors.HexColor("#F2F2F2")  # the rows that sum up the others
RULE = colors.HexColor("#808080")
WARNING = colors.HexColor("#9C0006")
SHORT = 12  # cells up to this many characters never need wrapping


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    footer: str
    marking: str = ""  # printed on top of every page, e.g. for internal documents


class NumberedCanvas(Canvas):
    """Draws 'Sida x av y', the footer and the marking once the page count is known; writes
    PDF/A-2b, tagged for PDF/UA-1 (``pdfa``, ``tagging``)."""

    def __init__(self, *args: Any, meta: Meta, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pdfa.adopt(self)
        self.structure = tagging.Structure()
        self._pages: list[dict[str, Any]] = []
        self._meta = meta

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, height = self._pagesize  # each page its own: portrait or landscape
            if self._meta.marking:
                tagging.artifact(self, "Header")
                self.setFont(BOLD, 9)
                self.setFillColor(WARNING)
                self.drawString(MARGIN, height - 12 * mm, drawable(self._meta.marking))
                tagging.end(self)
            tagging.artifact(self, "Footer")
            self.setFillColor(colors.black)
            self.setFont(FAMILY, 8)
            self.drawString(MARGIN, 10 * mm, drawable(self._meta.footer))
            self.drawRightString(width - MARGIN, 10 * mm, f"Sida {self._pageNumber} av {total}")
            tagging.end(self)
            super().showPage()
        self.structure.finish(self)
        pdfa.archive(self)
        super().save()


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("brödtext", fontName=FAMILY, fontSize=10, leading=14, spaceAfter=5)
    return {
        "body": base,
        "bullet": ParagraphStyle("punkt", parent=base, leftIndent=24, bulletIndent=12,
                                 bulletFontName=FAMILY, spaceAfter=3),
        "small": ParagraphStyle("liten", parent=base, fontSize=8.5, leading=11, spaceAfter=3),
        "note": ParagraphStyle("not", parent=base, fontSize=8.5, leading=11,
                               textColor=colors.HexColor("#333333")),
        "warning": ParagraphStyle("varning", parent=base, fontName=BOLD, textColor=WARNING,
                                  borderColor=WARNING, borderWidth=0.8, borderPadding=4,
                                  spaceBefore=4, spaceAfter=10),
        "caption": ParagraphStyle("bildtext", parent=base, fontSize=8.5, leading=11,
                                  fontName=BOLD, spaceBefore=4),
        "h1": ParagraphStyle("rubrik1", parent=base, fontName=BOLD, fontSize=17, leading=21,
                             spaceAfter=6),
        "h2": ParagraphStyle("rubrik2", parent=base, fontName=BOLD, fontSize=12.5, leading=16,
                             spaceBefore=12, spaceAfter=5, keepWithNext=1),
        "h2table": ParagraphStyle("rubrik2tabell", parent=base, fontName=BOLD, fontSize=12.5,
                                  leading=16, spaceBefore=12, spaceAfter=5),
        "h3": ParagraphStyle("rubrik3", parent=base, fontName=BOLD, fontSize=10.5, leading=14,
                             spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "continued": ParagraphStyle("fortsättning", parent=base, fontSize=8.5, leading=11,
                                    fontName=BOLD, spaceAfter=3, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "cellbold": ParagraphStyle("cellfet", parent=base, fontSize=8.5, leading=11,
                                   spaceAfter=0, fontName=BOLD),
    }


def para(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph of user text: markup characters escaped, line breaks kept."""
    return tagging.SpacedParagraph(escape(drawable(text)).replace("\n", "<br/>"), style,
                                   bulletText=bullet)


def cell_styles(size: float) -> tuple[ParagraphStyle, ParagraphStyle]:
    """Wrapping table cells at ``size``: regular and bold."""
    base = styles()["cell"]
    regular = ParagraphStyle(f"cell{size}", parent=base, fontSize=size, leading=size * 1.3)
    return regular, ParagraphStyle(f"cellfet{size}", parent=regular, fontName=BOLD)


def _commands(header: int, bold: set[int], size: float) -> list[tuple[Any, ...]]:
    leading = size * 1.3
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FAMILY, size, leading),
        *[("FONT", (0, r), (-1, r), BOLD, size, leading) for r in sorted(bold)],
        # rules between rows only, as in SCB's tables: a grid of vertical rules as well is
        # read by accessibility checkers as a table of its own once a table goes on over a page
        ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, header - 1), HEADER_FILL))
    for r in sorted(bold):
        if r >= header:
            commands.append(("BACKGROUND", (0, r), (-1, r), TOTAL_FILL))
    return commands


def table(rows: list[list[str]], widths: list[float], style: dict[str, ParagraphStyle],
          header: bool = True, bold_rows: tuple[int, ...] = (),
          right_from: int | None = None) -> Table:
    """A grid table of text that breaks across pages with its header row repeated.

    Short cells (numbers, 'n=20', '80 %') are drawn as plain strings; only longer text gets a
    wrapping Paragraph, which is what makes long comparison tables slow to lay out.
    """
    cells = []
    strong = {r for r in range(len(rows)) if (header and r == 0) or r in bold_rows}
    for r, row in enumerate(rows):
        name = "cellbold" if r in strong else "cell"
        cells.append([para(str(c), style[name]) if len(str(c)) > SHORT else str(c)
                      for c in row])
    result = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    result.setStyle(TableStyle(_commands(1 if header else 0, strong, 8.5)))
    return result


def grid_table(cells: list[list[Any]], widths: Sequence[float], size: float, header: int,
               bold: set[int], indented: set[int], pad: float, indent: float) -> Table:
    """A report table laid out to measured widths: its header rows repeated on every page,
    sub-rows' labels indented."""
    result = Table(cells, colWidths=list(widths), repeatRows=header)
    commands = _commands(header, bold, size)
    commands += [("LEFTPADDING", (0, 0), (-1, -1), pad),
                 ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                 *[("LEFTPADDING", (0, r), (0, r), pad + indent) for r in sorted(indented)]]
    result.setStyle(TableStyle(commands))
    return result


class Orientation(ActionFlowable):
    """Continue on portrait or landscape pages: on the next page, or on this one while
    nothing is on it yet."""

    def __init__(self, template: str) -> None:
        super().__init__(("orientation", template))


class Document(BaseDocTemplate):
    pageTemplate: Any  # noqa: N815 (reportlab's name)

    def handle_orientation(self, template: str) -> None:
        if self.pageTemplate.id == template:
            return
        if self._curPageFlowableCount == 0 and self.frame._atTop:
            # an empty page (the one before ended exactly full): begin it again, turned
            self.pageTemplate = next(t for t in self.pageTemplates if t.id == template)
            self.page -= 1
            self.handle_pageBegin()
            return
        self.handle_nextPageTemplate(template)
        self.handle_pageBreak()


def _template(name: str, size: tuple[float, float]) -> PageTemplate:
    frame = Frame(MARGIN, BOTTOM, size[0] - 2 * MARGIN, size[1] - TOP - BOTTOM, id=name,
                  leftPadding=6, rightPadding=6, topPadding=6, bottomPadding=6)
    return PageTemplate(id=name, frames=[frame], pagesize=size)


def build(path: Path | BinaryIO, story: list[Any], meta: Meta) -> None:
    document = Document(
        str(path) if isinstance(path, Path) else path, pagesize=A4, leftMargin=MARGIN,
        rightMargin=MARGIN, topMargin=TOP, bottomMargin=BOTTOM, title=meta.title,
        author=meta.author, subject=meta.subject, lang="sv-SE",
        creator=f"Internkontroll {__version__}", producer=f"Internkontroll {__version__}",
        pageTemplates=[_template(PORTRAIT, A4), _template(LANDSCAPE, landscape(A4))])
    document.build(tagging.tag_story(story),
                   canvasmaker=lambda *a, **k: NumberedCanvas(*a, meta=meta, **k))
