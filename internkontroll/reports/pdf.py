"""The redovisning for the nämnd as a PDF bilaga (SPEC § 9.1). Layout only: the content comes
from ``reports.data`` and ``reports.charts``."""

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
    Paragraph,
    Spacer,
)

from internkontroll.core.suppression import WITHHELD
from internkontroll.reports.charts import Chart
from internkontroll.reports.data import ROUNDING_NOTE, ReportData
from internkontroll.reports.fonts import FAMILY
from internkontroll.reports.layout import TEXT_WIDTH, Meta, build, para, styles, table


def _heading(data: ReportData, style: dict[str, Any]) -> list[Any]:
    org = data.organisation
    story: list[Any] = []
    logo = org.get("logo")
    if logo and Path(logo).is_file():
        image = Image(logo)
        scale = 14 * mm / image.imageHeight
        image.drawHeight, image.drawWidth = 14 * mm, image.imageWidth * scale
        image.hAlign = "LEFT"
        story.append(image)
    top = " – ".join(v for v in (org.get("kommun", ""), org.get("namnd", ""),
                                 org.get("forvaltning", "")) if v)
    if top:
        story.append(para(top, style["small"]))
    story.append(para(data.title, style["h1"]))
    facts = [f"Kontrolltillfälle: {data.label}", f"Datum: {data.date}"]
    if data.diarienummer:
        facts.append(f"Diarienummer: {data.diarienummer}")
    story.append(para("\n".join(facts), style["body"]))
    return story


def _section(title: str, style: dict[str, Any], room: float = 45 * mm) -> list[Any]:
    """A heading before a table or chart: a new page only when less than ``room`` is left, so
    a long table starts under its heading and breaks across pages instead of jumping."""
    return [CondPageBreak(room), Paragraph(title, style["h2table"])]


def _texts(title: str, text: str, style: dict[str, Any], extra: str = "") -> list[Any]:
    """A heading with its texts; nothing at all when there is no text."""
    parts = [t for t in (text, extra) if t]
    if not parts:
        return []
    return [Paragraph(title, style["h2"]), *(para(t, style["body"]) for t in parts)]


def _chart(chart: Chart, style: dict[str, Any]) -> list[Any]:
    numbers = len(chart.table_headers) - 1
    number_width = min(28 * mm, TEXT_WIDTH * 0.7 / numbers)
    first = TEXT_WIDTH - number_width * numbers
    return [KeepTogether([Paragraph(chart.caption, style["caption"]), chart.drawing]),
            Spacer(0, 2 * mm),
            table([chart.table_headers, *chart.table_rows],
                  [first] + [number_width] * (len(chart.table_headers) - 1), style),
            Spacer(0, 4 * mm)]


def story(data: ReportData, charts: list[Chart]) -> list[Any]:
    style = styles()
    parts: list[Any] = _heading(data, style)
    parts += _texts("Sammanfattning", data.summary, style, data.summary_sentence)
    parts.append(Paragraph("Kontrollen enligt internkontrollplanen", style["h2"]))
    for label, value in data.plan[:1]:
        parts.append(para(f"{label}: {value}", style["body"]))
    parts.append(para("Kontrollmoment:", style["body"]))
    parts.append(ListFlowable([ListItem(para(t, style["body"]), leftIndent=12)
                               for t in data.items], bulletType="bullet", start="•",
                              leftIndent=12, bulletFontName=FAMILY))
    for label, value in data.plan[1:]:
        parts.append(para(f"{label}: {value}", style["body"]))
    parts += _texts("Metod", data.method, style, data.scale_text)
    if data.composition:
        parts += _texts("Urvalets sammansättning", " ".join(data.composition), style)
    parts += _section("Resultat", style)
    rows = [["Kontrollmoment", "Kommentar", "Resultat"]]
    rows += [[r.text, r.comment, r.counts] for r in data.results]
    if data.total_text:
        rows.append(["Summa", "", data.total_text])
    parts.append(table(rows, [62 * mm, 58 * mm, TEXT_WIDTH - 120 * mm], style,
                       bold_rows=(len(rows) - 1,) if data.total_text else ()))
    if data.rounding_note:
        parts.append(para(ROUNDING_NOTE, style["note"]))
    if len(data.periods) > 1:
        parts += _section("Jämförelse av resultat", style)
        label_width = 70 * mm
        column = (TEXT_WIDTH - label_width) / len(data.periods)
        rows = [["Kontrollmoment", *data.periods]]
        bold = []
        for row in data.comparison:
            if row.kind != "option":
                bold.append(len(rows))
            rows.append([row.text if row.kind != "option" else f"   {row.text}", *row.values])
        parts.append(table(rows, [label_width] + [column] * len(data.periods), style,
                           bold_rows=tuple(bold)))
        note = "n = antal ärenden där kontrollmomentet var aktuellt och bedömt."
        if any(row.kind == "summa" for row in data.comparison):
            note += " Summa = andel av samtliga bedömningar under perioden."
        parts.append(para(note, style["note"]))
    if data.indicators:
        parts += _section("Indikatorer", style)
        parts.append(table([["Indikator", "Resultat"], *[list(i) for i in data.indicators]],
                           [90 * mm, TEXT_WIDTH - 90 * mm], style))
    for b in data.breakdowns:
        parts += [CondPageBreak(35 * mm),
                  Paragraph(f"Resultat efter {b.label.lower()}", style["h3"])]
        if b.withheld:
            parts.append(para(WITHHELD, style["body"]))
            continue
        width = (TEXT_WIDTH - 55 * mm) / len(b.columns)
        parts.append(table([[b.label, *b.columns], *[[r.value, *r.cells] for r in b.rows]],
                           [55 * mm] + [width] * len(b.columns), style))
    if data.suppression_note:
        parts.append(para(data.suppression_note, style["note"]))
    if charts:
        parts += _section("Diagram", style, 110 * mm)
        for chart in charts:
            parts += _chart(chart, style)
    parts += _texts("Analys av resultatet", data.analysis, style)
    parts += _texts("Åtgärdsförslag", data.actions, style)
    parts += _texts("Förslag till beslut", data.proposal, style)
    return parts


def review_pdf(session: Any, review_id: int) -> bytes:
    """The redovisning of a review as it would be saved now."""
    from internkontroll.reports.charts import report_charts
    from internkontroll.reports.data import report_data

    data = report_data(session, review_id)
    return pdf_bytes(data, report_charts(data.template, data.full, data.breakdowns))


def pdf_bytes(data: ReportData, charts: list[Chart]) -> bytes:
    """The redovisning as PDF bytes, e.g. to keep what the nämnd received in the database."""
    buffer = io.BytesIO()
    write_pdf(buffer, data, charts)
    return buffer.getvalue()


def write_pdf(path: Path | BinaryIO, data: ReportData, charts: list[Chart]) -> None:
    author = data.organisation.get("forvaltning") or data.organisation.get("kommun") or ""
    build(path, story(data, charts),
          Meta(f"{data.title} {data.label}", author, "Redovisning av internkontroll",
               f"{data.title} – {data.label}"))
