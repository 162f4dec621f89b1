"""Every colour of the documents meets WCAG 2.1: text at least 4.5:1 against what it stands on
(1.4.3), lines, outlines and bars at least 3:1 (1.4.11), and no result told by colour alone."""

from __future__ import annotations

from typing import Any

import pytest
from docx.shared import RGBColor
from reportlab.graphics.shapes import Group, Rect, String
from reportlab.lib import colors

from internkontroll.reports import charts, layout
from internkontroll.reports import outline as o
from internkontroll.reports.docx import DARK_STYLES
from tests.reports.conftest import REDOVISNINGAR, Examples
from tests.reports.test_archival_pdf import outline_of
from tests.reports.test_charts import contrast

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

WHITE = colors.white
TABLE_FILLS = (WHITE, layout.HEADER_FILL, layout.TOTAL_FILL)


def test_text_of_every_style_on_every_background_it_can_have() -> None:
    for name, style in layout.styles().items():
        for fill in TABLE_FILLS if name.startswith("cell") else (WHITE,):
            assert contrast(style.textColor, fill) >= 4.5, (name, fill)
    assert contrast(layout.WARNING, WHITE) >= 4.5  # the marking on top of every page
    assert contrast(charts.INK, WHITE) >= 4.5


def test_lines_outlines_and_gridlines_reach_3_to_1() -> None:
    for color in (layout.RULE, charts.OUTLINE, charts.GRID, charts.INK):
        assert contrast(color, WHITE) >= 3, color
    assert contrast(layout.RULE, layout.HEADER_FILL) >= 3  # the rule under the header row


def _shapes(node: Any) -> list[Any]:
    found = []
    for shape in node.contents if isinstance(node, Group) else node.getContents():
        found += _shapes(shape) if isinstance(shape, Group) else [shape]
    return found


@pytest.mark.parametrize("name", list(REDOVISNINGAR))
def test_every_bar_is_outlined_and_every_value_written(examples: Examples, name: str) -> None:
    """A light fill may be close to white; its dark outline is not, and each share is also
    written out in the chart and in the table that follows it."""
    db, _ = examples
    document = outline_of(db, REDOVISNINGAR[name])
    for n, block in enumerate(document.blocks):
        if not isinstance(block, o.Figure):
            continue
        shapes = _shapes(block.drawing)
        filled = [s for s in shapes if isinstance(s, Rect) and s.fillColor is not None]
        assert all(s.strokeColor == charts.OUTLINE for s in filled)
        for text in (s for s in shapes if isinstance(s, String)):
            assert contrast(text.fillColor, _behind(text, filled)) >= 4.5, text.text
        alt = block.alt_text.replace("\u00a0", " ")
        for row in block.chart.table_rows:  # its alt text tells every number it shows
            assert all(c.replace("\u00a0", " ").lower() in alt.lower() for c in row
                       if c not in ("0", "–")), (row, alt)
        if not block.caption.startswith("Diagram") or ":" in block.caption.split(".")[1]:
            continue  # a section's chart: its numbers are in the section's tables above it
        following = document.blocks[n + 1]
        assert isinstance(following, o.Table)  # its data, also for who cannot see it
        assert [list(r) for r in following.rows] == [list(r) for r in block.chart.table_rows]


def _behind(text: String, filled: list[Rect]) -> colors.Color:
    for rect in filled:
        if rect.x <= text.x <= rect.x + rect.width and rect.y <= text.y <= rect.y + rect.height:
            return rect.fillColor
    return WHITE


def test_word_headings_and_captions_are_dark(examples: Examples) -> None:
    from docx import Document

    word = Document(str(examples[1]["ekonomiskt-bistand.docx"]))
    for name in DARK_STYLES:
        assert word.styles[name].font.color.rgb == RGBColor(0, 0, 0), name
