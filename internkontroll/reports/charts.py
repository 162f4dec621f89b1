"""Every chart drawn once with reportlab.graphics: vectors in the PDF, SVG in the GUI, PNG in DOCX.

A chart is plain data (``Chart``: bars, caption, alt text and its data table), made from the
results in ``report_charts``; ``draw`` turns it into a reportlab drawing when a renderer needs one.
Colours are a sequential blue scale (distinct in grey print and for colour-blind readers), every
shape has a dark outline (3:1 against white), and every value is written out, so nothing is shown
by colour alone. Text is near-black or white on dark fills (4.5:1).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from internkontroll.core.formatting import format_percent
from internkontroll.core.prose import lowered
from internkontroll.core.results import Result
from internkontroll.core.suppression import HIDDEN_ITEM
from internkontroll.core.templates import Template
from internkontroll.reports.fonts import FAMILY, drawable

WIDTH = 480.0
INK = colors.HexColor("#1A1A1A")
OUTLINE = colors.HexColor("#404040")
GRID = colors.HexColor("#8F8F8F")  # gridlines and empty bars: 3:1 on white as well
# Dark to light; white text on the first two, dark text on the rest.
PALETTE = [colors.HexColor(c) for c in ("#08306B", "#2C7BB6", "#9ECAE1", "#E3EEF8", "#FFFFFF")]
LIGHT_TEXT_UNTIL = 2
ITEMS, PERIODS, GROUPS = "items", "periods", "groups"


@dataclass
class Segment:
    """One option's part of a stacked bar."""

    count: int
    percent: int | None


@dataclass
class Bar:
    label: str
    n: str  # the number of cases or assessments, as shown ('20', or hidden)
    segments: list[Segment] = field(default_factory=list)  # stacked bars
    percent: int | None = None  # single-valued bars
    hidden: bool = False
    interval: tuple[float, float] | None = None  # the headline share's 95 % interval


@dataclass
class Chart:
    """A chart as plain data: what ``draw`` draws, and what a reader without it is told."""

    kind: str  # ITEMS | PERIODS | GROUPS
    caption: str
    alt_text: str
    table_headers: list[str]
    table_rows: list[list[str]]
    bars: list[Bar]
    legend: list[str] = field(default_factory=list)
    error_bars: bool = False  # draw the bars' intervals (the results screen; on request)

    def with_error_bars(self) -> Chart:
        """The chart with its intervals drawn, and told in its alt text."""
        told = [f"{b.label}: {b.interval[0]:.1f}–{b.interval[1]:.1f} %".replace(".", ",")
                for b in self.bars if b.interval is not None]
        if not told:
            return self
        return replace(self, error_bars=True, alt_text=f"{self.alt_text} Strecken visar "
                       f"osäkerhetsintervall (95 %) för den första andelen: {'; '.join(told)}.")


def _text(x: float, y: float, text: str, size: float = 8, anchor: str = "start",
          color: colors.Color = INK) -> String:
    return String(x, y, drawable(text), fontName=FAMILY, fontSize=size, fillColor=color,
                  textAnchor=anchor)


def _wrapped(x: float, y: float, text: str, width: int = 40, size: float = 8) -> Group:
    lines = textwrap.wrap(text, width)[:3]
    group = Group()
    top = y + (len(lines) - 1) * (size + 1) / 2
    for n, line in enumerate(lines):
        group.add(_text(x, top - n * (size + 1) - size / 3, line, size))
    return group


def _legend(drawing: Drawing, labels: list[str], y: float) -> float:
    """The legend's boxes and labels from the left; returns where it ends."""
    x = 0.0
    for n, label in enumerate(labels):
        drawing.add(Rect(x, y, 10, 10, fillColor=PALETTE[n], strokeColor=OUTLINE,
                         strokeWidth=0.6))
        drawing.add(_text(x + 14, y + 2, label, 8))
        x += 22 + 5.2 * len(label)
    return x


def stacked_items(template: Template, result: Result, hidden: frozenset[str] = frozenset(),
                  title: str = "Bedömningar per kontrollmoment, andel av aktuella ärenden."
                  ) -> Chart:
    """A 100 % stacked bar per item, with each share written in or beside its segment; an item
    hidden for small counts gets no bar and no numbers."""
    scale_labels = [o.label for o in template.main.counted]
    bars, rows, alt = [], [], []
    for item in result.items:
        text = template.item(item.key).text
        options = template.scale_of(template.item(item.key)).counted
        if item.key in hidden:
            bars.append(Bar(text, HIDDEN_ITEM, hidden=True))
            rows.append([text, HIDDEN_ITEM, *[HIDDEN_ITEM for _ in options]])
            alt.append(f"{text}: {HIDDEN_ITEM}")
            continue
        segments = [Segment(item.counts.get(o.key, 0), item.percent[o.key]) for o in options]
        headline = template.scale_of(template.item(item.key)).headline
        bars.append(Bar(text, str(item.applicable), segments,
                        interval=item.interval.get(headline)))
        parts = [f"{lowered(o.label)} {format_percent(item.percent[o.key])}" for o in options]
        rows.append([text, str(item.applicable),
                     *[format_percent(item.percent[o.key]) for o in options]])
        alt.append(f"{text}: {', '.join(parts)} (n={item.applicable})")
    return Chart(ITEMS, title, "Liggande staplar per kontrollmoment. " + "; ".join(alt) + ".",
                 ["Kontrollmoment", "n", *scale_labels], rows, bars, scale_labels)


def headline_over_periods(template: Template, chain: list[Result], label: str) -> Chart:
    """The headline share of the Summa (e.g. helt) for each period, oldest first."""
    headline = template.main.option(template.main.headline)
    bars, alt, rows = [], [], []
    for result in chain[-8:]:
        percent = result.total.percent.get(headline.key)
        bars.append(Bar(result.review.label, str(result.total.applicable), percent=percent))
        alt.append(f"{result.review.label} {format_percent(percent)} av "
                   f"{result.total.applicable} bedömningar")
        rows.append([result.review.label, str(result.total.applicable),
                     format_percent(percent)])
    name = lowered(headline.label)
    caption = f"Andel {name} per kontrolltillfälle, till och med {label}."
    return Chart(PERIODS, caption, f"Stapeldiagram: andel {name} per "
                 f"kontrolltillfälle: {', '.join(alt)}.",
                 ["Kontrolltillfälle", "Antal bedömningar", f"Andel {name}"], rows, bars)


def breakdown(title: str, measure: str, groups: list[tuple[str, int | None, str]]) -> Chart:
    """One bar per group: the headline share (or first indicator) with its n.

    A group whose numbers are hidden (small counts) gets no bar and no percentage, here or in
    the alt text.
    """
    bars, alt, rows = [], [], []
    for label, percent, cases in groups:
        shown = format_percent(percent) if cases.isdigit() or percent is not None else "dolt"
        bars.append(Bar(label, cases, percent=percent, hidden=shown == "dolt"))
        alt.append(f"{label} {shown} av {cases}" if shown != "dolt" else f"{label} dolt")
        rows.append([label, cases, shown])
    return Chart(GROUPS, f"{measure} efter {lowered(title)}.",
                 f"Liggande staplar, {lowered(measure)} efter {lowered(title)}: "
                 f"{'; '.join(alt)}.", [title, "Antal ärenden", measure], rows, bars)


def _draw_items(chart: Chart) -> Drawing:
    label_width, bar_width, row = 200.0, 230.0, 26.0
    whisker = (f"osäkerhetsintervall (95 %) för {lowered(chart.legend[0])}"
               if chart.error_bars and chart.legend else "")
    # The whisker's key beside the legend, or on a line of its own where it would not fit
    end = sum(22 + 5.2 * len(label) for label in chart.legend)
    own_line = bool(whisker) and end + 22 + stringWidth(whisker, FAMILY, 8) > WIDTH
    top = 30 + (14 if own_line else 0)
    height = top + row * len(chart.bars)
    drawing = Drawing(WIDTH, height)
    x = _legend(drawing, chart.legend, height - 12)
    if whisker:
        x, y = (0.0, height - 26) if own_line else (x, height - 12)
        _error_bar(drawing, x, x + 16, y + 5)
        drawing.add(_text(x + 22, y + 2, whisker, 8))
    for n, bar in enumerate(chart.bars):
        y = height - top - (n + 1) * row + 6
        drawing.add(_wrapped(0, y + 7, bar.label))
        if bar.hidden:
            drawing.add(_text(label_width, y + 4, HIDDEN_ITEM, 7))
            continue
        applicable = int(bar.n)
        x = label_width
        for index, segment in enumerate(bar.segments):
            width = bar_width * segment.count / applicable if applicable else 0
            if width > 0:
                drawing.add(Rect(x, y, width, 14, fillColor=PALETTE[index],
                                 strokeColor=OUTLINE, strokeWidth=0.6))
                if width >= 28:
                    color = colors.white if index < LIGHT_TEXT_UNTIL else INK
                    drawing.add(_text(x + width / 2, y + 4, format_percent(segment.percent), 7,
                                      "middle", color))
            x += width
        if not applicable:
            drawing.add(Rect(label_width, y, bar_width, 14, fillColor=None, strokeColor=GRID,
                             strokeWidth=0.6, strokeDashArray=[2, 2]))
        elif chart.error_bars and bar.interval is not None:
            _error_bar(drawing, label_width + bar_width * bar.interval[0] / 100,
                       label_width + bar_width * bar.interval[1] / 100, y - 3)
        drawing.add(_text(label_width + bar_width + 6, y + 4, f"n={bar.n}", 7))
    return drawing


def _error_bar(drawing: Drawing, low: float, high: float, y: float) -> None:
    """A whisker below the bar from ``low`` to ``high``: dark on white, never colour alone."""
    drawing.add(Line(low, y, high, y, strokeColor=INK, strokeWidth=1.2))
    for x in (low, high):
        drawing.add(Line(x, y - 2.5, x, y + 2.5, strokeColor=INK, strokeWidth=1.2))


def _draw_periods(chart: Chart) -> Drawing:
    height, plot, bottom = 170.0, 110.0, 30.0
    drawing = Drawing(WIDTH, height)
    left = 40.0
    for tick in (0, 25, 50, 75, 100):
        y = bottom + plot * tick / 100
        drawing.add(Line(left, y, WIDTH - 10, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(_text(left - 4, y - 3, format_percent(tick), 7, "end"))
    slot = (WIDTH - 10 - left) / max(1, len(chart.bars))
    for n, bar in enumerate(chart.bars):
        percent = bar.percent
        x = left + n * slot + slot * 0.2
        if percent is not None:
            drawing.add(Rect(x, bottom, slot * 0.6, plot * percent / 100,
                             fillColor=PALETTE[0] if n == len(chart.bars) - 1 else PALETTE[1],
                             strokeColor=OUTLINE, strokeWidth=0.6))
        drawing.add(_text(x + slot * 0.3, bottom + plot * (percent or 0) / 100 + 4,
                          format_percent(percent), 8, "middle"))
        drawing.add(_text(x + slot * 0.3, bottom - 12, bar.label, 8, "middle"))
        drawing.add(_text(x + slot * 0.3, bottom - 22, f"n={bar.n}", 7, "middle"))
    return drawing


def _draw_groups(chart: Chart) -> Drawing:
    row = 22.0
    height = 10 + row * len(chart.bars)
    drawing = Drawing(WIDTH, height)
    label_width, bar_width = 170.0, 240.0
    for n, bar in enumerate(chart.bars):
        y = height - (n + 1) * row + 4
        drawing.add(_wrapped(0, y + 7, bar.label, 34))
        drawing.add(Rect(label_width, y, bar_width, 14, fillColor=None, strokeColor=GRID,
                         strokeWidth=0.5))
        if bar.percent:
            drawing.add(Rect(label_width, y, bar_width * bar.percent / 100, 14,
                             fillColor=PALETTE[1], strokeColor=OUTLINE, strokeWidth=0.6))
        shown = "dolt" if bar.hidden else format_percent(bar.percent)
        drawing.add(_text(label_width + bar_width + 6, y + 4, f"{shown} (n={bar.n})", 7))
    return drawing


def draw(chart: Chart) -> Drawing:
    """The chart as a reportlab drawing (vectors for the PDF, the source of the SVG)."""
    return {ITEMS: _draw_items, PERIODS: _draw_periods, GROUPS: _draw_groups}[chart.kind](chart)


SVG_FONT = "'Bitstream Vera Sans', sans-serif"  # the real name of the embedded Vera family


def to_svg(chart: Chart) -> bytes:
    """The chart as SVG, for the GUI's QSvgWidget and for rasterising into DOCX; the caption
    and alt text become the SVG's title and description."""
    from xml.sax.saxutils import escape

    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(draw(chart))
    # Qt's SVG renderer paints reportlab's whole-drawing clip rectangle black; the charts stay
    # inside their bounds, so the clip is dropped.
    text = re.sub(r"<clipPath id=\"clip\">.*?</clipPath>", "", text, flags=re.S)
    text = text.replace(' style="clip-path: url(#clip)"', "")
    text = text.replace(f"font-family: {FAMILY};", f"font-family: {SVG_FONT};")
    text = text.replace("<title>...</title>", f"<title>{escape(chart.caption)}</title>", 1)
    text = text.replace("<desc>...</desc>", f"<desc>{escape(chart.alt_text)}</desc>", 1)
    from internkontroll.reports.sheets import xml_text

    return xml_text(text).encode("utf-8")  # a label with a control character is no XML


def report_charts(template: Template, full: Any, breakdowns: list[Any]) -> list[Chart]:
    """The charts of a redovisning: per item, over periods, and per breakdown group."""
    result = full.result
    found = [stacked_items(template, result, full.hidden())]
    if len(full.comparison) > 1 and template.main_items:  # a Summa to follow over time
        found.append(headline_over_periods(template, full.comparison, result.review.label))
    for b in breakdowns:
        if b.withheld:  # small counts: no chart, as no table
            continue
        measure = b.columns[1]  # the first share column: an indicator, the Summa or an item
        if not (template.indicators or template.main_items):
            first = template.items[0]
            headline = template.scale_of(first).option(template.scale_of(first).headline)
            measure = f"Andel {lowered(headline.label)}, {lowered(first.text)}"
        found.append(breakdown(b.label, measure,
                               [(label, percent, row.cells[0]) for (label, percent), row
                                in zip(b.headline_percent, b.rows, strict=True)]))
    return found
