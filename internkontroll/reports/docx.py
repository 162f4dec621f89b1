"""The redovisning as an editable Word document with the same content as the PDF.

Real headings (Word's built-in Heading styles, shown as Rubrik 1/2 in Swedish Word), real tables
with repeated header rows, and charts as images with alt text, each followed by its data table.
The user pastes it into the municipality's tjänsteskrivelse template.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docx import Document
from internkontroll import __version__
from internkontroll.core.suppression import WITHHELD
from internkontroll.reports.charts import Chart, to_svg
from internkontroll.reports.data import ROUNDING_NOTE, ReportData
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


def _chart(document: Any, chart: Chart, rasterise: Rasterise) -> None:
    _paragraph(document, chart.caption, "Caption")
    picture = document.add_picture(io.BytesIO(rasterise(to_svg(chart))), width=Mm(165))
    properties = picture._inline.docPr
    properties.set("descr", _clean(chart.alt_text))
    properties.set("title", _clean(chart.caption))
    _table(document, [chart.table_headers, *chart.table_rows])


def write_docx(path: Path, data: ReportData, charts: list[Chart], rasterise: Rasterise) -> None:
    document = Document()
    _language(document)
    properties = document.core_properties
    properties.title = _clean(f"{data.title} {data.label}")
    properties.author = _clean(data.organisation.get("forvaltning")
                               or data.organisation.get("kommun", ""))
    properties.subject = "Redovisning av internkontroll"
    properties.language = "sv-SE"
    properties.comments = f"Internkontroll {__version__}"
    org = " – ".join(v for v in (data.organisation.get("kommun", ""),
                                 data.organisation.get("namnd", "")) if v)
    if org:
        _paragraph(document, org)
    _heading(document, data.title, 1)
    facts = [f"Kontrolltillfälle: {data.label}", f"Datum: {data.date}"]
    if data.diarienummer:
        facts.append(f"Diarienummer: {data.diarienummer}")
    _paragraph(document, "\n".join(facts))

    def section(title: str, *texts: str) -> None:
        if not any(texts):
            return
        _heading(document, title, 2)
        for text in texts:
            if text:
                _paragraph(document, text)

    section("Sammanfattning", data.summary, data.summary_sentence)
    _heading(document, "Kontrollen enligt internkontrollplanen", 2)
    _paragraph(document, f"{data.plan[0][0]}: {data.plan[0][1]}")
    _paragraph(document, "Kontrollmoment:")
    for text in data.items:
        _paragraph(document, text, "List Bullet")
    for label, value in data.plan[1:]:
        _paragraph(document, f"{label}: {value}")
    section("Metod", data.method, data.scale_text)
    if data.composition:
        section("Urvalets sammansättning", " ".join(data.composition))
    _heading(document, "Resultat", 2)
    rows = [["Kontrollmoment", "Kommentar", "Resultat"]]
    rows += [[r.text, r.comment, r.counts] for r in data.results]
    if data.total_text:
        rows.append(["Summa", "", data.total_text])
    _table(document, rows, (len(rows) - 1,) if data.total_text else ())
    if data.rounding_note:
        _paragraph(document, ROUNDING_NOTE)
    if len(data.periods) > 1:
        _heading(document, "Jämförelse av resultat", 2)
        rows = [["Kontrollmoment", *data.periods]]
        bold = tuple(n + 1 for n, r in enumerate(data.comparison) if r.kind != "option")
        rows += [[r.text, *r.values] for r in data.comparison]
        _table(document, rows, bold)
    if data.indicators:
        _heading(document, "Indikatorer", 2)
        _table(document, [["Indikator", "Resultat"], *[list(i) for i in data.indicators]])
    for b in data.breakdowns:
        _heading(document, f"Resultat efter {b.label.lower()}", 3)
        if b.withheld:
            document.add_paragraph(WITHHELD)
            continue
        _table(document, [[b.label, *b.columns], *[[r.value, *r.cells] for r in b.rows]])
    if data.suppression_note:
        _paragraph(document, data.suppression_note)
    if charts:
        _heading(document, "Diagram", 2)
        for chart in charts:
            _chart(document, chart, rasterise)
    section("Analys av resultatet", data.analysis)
    section("Åtgärdsförslag", data.actions)
    section("Förslag till beslut", data.proposal)
    _footer(document, f"{data.title} – {data.label}")
    document.save(str(path))
