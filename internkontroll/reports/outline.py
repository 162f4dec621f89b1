"""The redovisning as data: one list of blocks that every renderer lays out.

``build(data)`` turns ``ReportData`` into an ``Outline``: headings with their level,
paragraphs, bullet lists, tables (header rows, column roles, total and sub-rows), figures
(chart, caption, alt text), notes and page breaks, plus the document's own facts (title,
author, the marking on every page). ``pdf.py``, ``docx.py`` and the GUI's results and preview
views render these blocks and nothing else, so they say the same things; a tagged PDF tags the
same structure. No layout here: no fonts, widths or colours.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from internkontroll.core.prose import lowered
from internkontroll.core.suppression import WITHHELD
from internkontroll.reports.charts import Chart
from internkontroll.reports.data import ROUNDING_NOTE, Breakdown, ReportData
from internkontroll.reports.groups import GroupColumns, GroupSection, GroupSections
from internkontroll.reports.plan import KONTROLLMOMENT

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

# Column roles: what a column holds, for alignment and for tagging.
LABEL, TEXT, NUMBER, PERCENT = "label", "text", "number", "percent"
# Paragraph roles.
ORGANISATION, FACTS, SUMMARY, COMPOSITION, BODY, UNCERTAIN = (
    "organisation", "facts", "summary", "composition", "body", "uncertainty")
# Note kinds. ADVICE is for the person preparing the report (e.g. about small groups) and is
# shown on screen only, never in a document for the nämnd.
PRELIMINARY, N_NOTE, ROUNDING, SMALL, SUPPRESSION, ADVICE = (
    "preliminary", "n", "rounding", "small", "suppression", "advice")
N_TEXT = "n = antal ärenden där kontrollmomentet var aktuellt och bedömt."
SUMMA_TEXT = " Summa = andel av samtliga bedömningar under perioden."
PRELIMINARY_MARK = "Preliminär"
CHART_DATA = "Uppgifterna i diagrammet"  # numbered with its figure


@dataclass(frozen=True)
class Heading:
    level: int  # 1 the document's title, 2 a section, 3 a part of a section
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str  # line breaks are kept
    role: str = BODY


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header_rows: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    roles: tuple[str, ...]  # one per column: LABEL, TEXT, NUMBER, PERCENT
    caption: str = ""
    key: str = ""  # a stable name ("resultat", "efter_kon") for screens and tests
    totals: tuple[int, ...] = ()  # rows (indices into ``rows``) that sum up the others
    sub_rows: tuple[int, ...] = ()  # rows that belong to the row above them
    small: tuple[int, ...] = ()  # rows of 1–4 cases, which may identify people


@dataclass(frozen=True)
class Figure:
    chart: Chart
    caption: str
    alt_text: str

    @property
    def drawing(self) -> Drawing:
        from internkontroll.reports.charts import draw

        return draw(self.chart)


@dataclass(frozen=True)
class Logo:
    path: str  # the organisation's logo file, as set in the settings
    alt_text: str


@dataclass(frozen=True)
class Note:
    text: str
    kind: str = ""


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Figure | Logo | Note | PageBreak


@dataclass
class Outline:
    title: str  # the file's title
    author: str
    subject: str
    footer: str  # on every page
    marking: str  # on top of every page ("Preliminär …"), empty when final
    blocks: list[Block] = field(default_factory=list)

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def notes(self, screen: bool = False) -> list[Note]:
        return [b for b in self.blocks if isinstance(b, Note) and (screen or b.kind != ADVICE)]


def _row(*cells: str) -> tuple[str, ...]:
    return tuple(cells)


def _texts(title: str, *texts: str, role: str = BODY) -> list[Block]:
    """A heading with its texts; nothing at all when there is no text."""
    parts = [t for t in texts if t]
    return [Heading(2, title), *(Paragraph(t, role) for t in parts)] if parts else []


def _heading(data: ReportData) -> list[Block]:
    org = data.organisation
    blocks: list[Block] = []
    if org.get("logo"):
        blocks.append(Logo(org["logo"], f"Logotyp för {org.get('kommun') or 'kommunen'}"))
    top = " – ".join(v for v in (org.get("kommun", ""), org.get("namnd", ""),
                                 org.get("forvaltning", "")) if v)
    if top:
        blocks.append(Paragraph(top, ORGANISATION))
    blocks.append(Heading(1, f"{PRELIMINARY_MARK}: {data.title}" if data.preliminary
                          else data.title))
    if data.preliminary:
        open_work = [m for m in data.missing if "inställningarna" not in m]
        blocks.append(Note(" ".join([
            "Preliminär redovisning: kontrolltillfället är inte klart, och siffrorna kan "
            "ändras.", *open_work]), PRELIMINARY))
    facts = [f"Kontrolltillfälle: {data.label}", f"Datum: {data.date}"]
    if data.diarienummer:
        facts.append(f"Diarienummer: {data.diarienummer}")
    blocks.append(Paragraph("\n".join(facts), FACTS))
    return blocks


def _plan(data: ReportData) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Kontrollen enligt internkontrollplanen")]
    intro = next((value for label, value in data.plan if label == KONTROLLMOMENT), "")
    plan = [(label, value) for label, value in data.plan if label != KONTROLLMOMENT]
    blocks += [Paragraph(f"{label}: {value}") for label, value in plan[:1]]
    blocks += [Paragraph(f"Kontrollmoment: {intro}" if intro else "Kontrollmoment:"),
               Bullets(tuple(data.items))]
    blocks += [Paragraph(f"{label}: {value}") for label, value in plan[1:]]
    return blocks


def _results(data: ReportData) -> list[Block]:
    rows = [_row(r.text, r.comment, r.counts) for r in data.results]
    if data.total_text:
        rows.append(_row("Summa", "", data.total_text))
    blocks: list[Block] = [
        Heading(2, "Resultat"),
        Table((_row("Kontrollmoment", "Kommentar", "Resultat"),), tuple(rows),
              (LABEL, TEXT, NUMBER), key="resultat",
              totals=(len(rows) - 1,) if data.total_text else ())]
    if data.rounding_note:
        blocks.append(Note(ROUNDING_NOTE, ROUNDING))
    return blocks


def _comparison(data: ReportData) -> list[Block]:
    if len(data.periods) <= 1:
        return []
    rows = tuple(_row(r.text, *r.values) for r in data.comparison)
    note = N_TEXT + (SUMMA_TEXT if any(r.kind == "summa" for r in data.comparison) else "")
    said = data.uncertainty.sentences if data.uncertainty and data.show_uncertainty else []
    return [Heading(2, "Jämförelse av resultat"),
            Table((_row("Kontrollmoment", *data.periods),), rows,
                  (LABEL, *[NUMBER] * len(data.periods)), key="jamforelse",
                  totals=tuple(n for n, r in enumerate(data.comparison) if r.kind == "summa"),
                  sub_rows=tuple(n for n, r in enumerate(data.comparison)
                                 if r.kind == "option")),
            Note(note, N_NOTE), *([Paragraph(" ".join(said), UNCERTAIN)] if said else [])]


def _small_advice(small: list[str], threshold: int | None) -> list[Block]:
    if not small:
        return []
    groups = ", ".join(small)
    if threshold:
        return [Note(f"Små grupper ({groups}) döljs i dokumenten till nämnden enligt "
                     "inställningen för små antal.", ADVICE)]
    return [Note(f"Obs! {groups} har färre än 5 ärenden. Så små antal kan peka ut enskilda "
                 "personer. Överväg att dölja små antal (Arkiv → Inställningar) innan "
                 "redovisningen lämnas till nämnden.", ADVICE)]


def _table(b: Breakdown, threshold: int | None) -> list[Block]:
    blocks: list[Block] = [Heading(2, f"Resultat efter {lowered(b.label)}")]
    if b.withheld:
        return [*blocks, Note(WITHHELD, SUPPRESSION)]
    blocks.append(Table((_row(b.label, *b.columns),),
                        tuple(_row(r.value, *r.cells) for r in b.rows),
                        (LABEL, NUMBER, *[PERCENT] * (len(b.columns) - 1)),
                        key=f"efter_{b.attribute}",
                        small=tuple(n for n, r in enumerate(b.rows) if r.small)))
    return blocks + _small_advice([r.value for r in b.rows if r.small], threshold)


def _breakdowns(data: ReportData) -> list[Block]:
    """The indicators, then each breakdown in the template's order: a table of its groups,
    the items with the groups as columns, or a section per group."""
    blocks: list[Block] = []
    if data.indicators:
        blocks += [Heading(2, "Indikatorer"),
                   Table((_row("Indikator", "Resultat"),),
                         tuple(_row(*i) for i in data.indicators), (LABEL, PERCENT),
                         key="indikatorer")]
    shown: dict[str, list[Block]] = {b.attribute: _table(b, data.small_counts)
                                     for b in data.breakdowns}
    for g in data.per_group:
        shown[g.attribute] = _columns(g) if isinstance(g, GroupColumns) else _sections(g)
        shown[g.attribute] += _small_advice(g.small if isinstance(g, GroupColumns) else
                                            [x for s in g.sections for x in s.small], None)
    for attribute in data.breakdown_order:
        blocks += shown.get(attribute, [])
    if data.suppression_note:
        blocks.append(Note(data.suppression_note, SUPPRESSION))
    return blocks


def _charts(charts: list[Chart]) -> list[Block]:
    if not charts:
        return []
    blocks: list[Block] = [Heading(2, "Diagram")]
    for n, chart in enumerate(charts, start=1):
        blocks += _figure(chart, str(n))
    return blocks


def _figure(chart: Chart, key: str) -> list[Block]:
    """A chart, and after it the table of its numbers (for every reader, not only by /Alt)."""
    return [Figure(chart, chart.caption, chart.alt_text),
            Table((tuple(chart.table_headers),), tuple(tuple(r) for r in chart.table_rows),
                  (LABEL, *[NUMBER] * (len(chart.table_headers) - 1)), caption=CHART_DATA,
                  key=f"diagram_{key}")]


def _columns(b: GroupColumns) -> list[Block]:
    return [Heading(2, f"Resultat efter {lowered(b.label)}"),
            Table((_row("Kontrollmoment" if not b.measure.startswith("Andel av") else
                        "Indikator", *b.headers),),
                  tuple(_row(text, *cells) for text, cells in b.rows),
                  (LABEL, *[PERCENT] * len(b.headers)), caption=b.measure,
                  key=f"kolumner_{b.attribute}")]


def _section(b: GroupSections, n: int, section: GroupSection) -> list[Block]:
    key = f"{b.attribute}_{n}"
    blocks: list[Block] = [Heading(3, section.label)]
    if section.composition:
        blocks.append(Paragraph(" ".join(section.composition), COMPOSITION))
    blocks.append(Table((_row("Kontrollmoment", "Resultat"),),
                        tuple(_row(*r) for r in section.results), (LABEL, NUMBER),
                        key=f"resultat_{key}"))
    if section.indicators:
        blocks.append(Table((_row("Indikator", "Resultat"),),
                            tuple(_row(*i) for i in section.indicators), (LABEL, PERCENT),
                            key=f"indikatorer_{key}"))
    if section.comparison:
        blocks.append(Table((_row("Jämfört med tidigare", *section.periods),),
                            tuple(_row(text, *cells) for text, cells in section.comparison),
                            (LABEL, *[PERCENT] * len(section.periods)),
                            caption=f"{section.label}: resultat per kontrolltillfälle",
                            key=f"jamforelse_{key}"))
    if section.chart is not None:
        blocks += _figure(section.chart, key)
    return blocks


def _sections(b: GroupSections) -> list[Block]:
    blocks: list[Block] = [Heading(2, f"Resultat efter {lowered(b.label)}")]
    for n, section in enumerate(b.sections, start=1):
        blocks += _section(b, n, section)
    return blocks


def _numbered(blocks: list[Block]) -> list[Block]:
    """Figures numbered in reading order, and the data table after each named after it."""
    numbered: list[Block] = []
    n = 0
    for block in blocks:
        if isinstance(block, Figure):
            n += 1
            block = replace(block, caption=f"Diagram {n}. {block.caption}")
        elif isinstance(block, Table) and block.caption == CHART_DATA:
            block = replace(block, caption=f"Uppgifterna i diagram {n}")
        numbered.append(block)
    return numbered


def _uncertainty(data: ReportData) -> list[Block]:
    """The appendix "Om osäkerheten i resultaten", on a page of its own: two paragraphs for a
    lay reader and the table of intervals and verdicts."""
    found = data.uncertainty
    if found is None or not found.rows:
        return []
    wide = found.intervals
    header = ("Kontrollmoment" if not data.indicators else "Indikator", "Resultat",
              *(("Osäkerhetsintervall (95 %)",) if wide else ()), "Jämfört med förra", "Trend")
    rows = tuple(_row(r.text, r.share, *((r.interval,) if wide else ()), r.change, r.trend)
                 for r in found.rows)
    blocks: list[Block] = [
        PageBreak(), Heading(2, "Om osäkerheten i resultaten"),
        *(Paragraph(p, UNCERTAIN) for p in found.paragraphs),
        Table((header,), rows, (LABEL, PERCENT, *((PERCENT,) if wide else ()), TEXT, TEXT),
              key="osakerhet")]
    for n, group in enumerate(found.groups, start=1):  # a balanced sample: each group's own
        blocks += [Heading(3, group.heading),
                   Table(((*header[:2], "Osäkerhetsintervall (95 %)"),),
                         tuple(_row(r.text, r.share, r.interval) for r in group.rows),
                         (LABEL, PERCENT, PERCENT), key=f"osakerhet_grupp_{n}")]
    return blocks


def _with_error_bars(figure: Figure) -> Figure:
    chart = figure.chart.with_error_bars()
    return replace(figure, chart=chart, alt_text=chart.alt_text)


def build(data: ReportData, screen: bool = False) -> Outline:
    """The redovisning of ``data`` as blocks, in reading order; ``screen`` adds what only the
    results screen shows (the appendix on uncertainty, when the documents leave it out)."""
    blocks = _heading(data)
    blocks += _texts("Sammanfattning", data.summary, data.summary_sentence, role=SUMMARY)
    blocks += _plan(data)
    blocks += _texts("Metod", data.method, data.scale_text)
    if data.composition:
        blocks += _texts("Ärendenas sammansättning" if data.census else
                         "Urvalets sammansättning", " ".join(data.composition),
                         role=COMPOSITION)
    blocks += _results(data) + _comparison(data) + _breakdowns(data)
    blocks += _charts(data.charts)
    blocks += _texts("Analys av resultatet", data.analysis)
    blocks += _texts("Åtgärdsförslag", data.actions)
    blocks += _texts("Förslag till beslut", data.proposal)
    if data.show_uncertainty or screen:
        blocks += _uncertainty(data)
        if data.uncertainty is not None and data.uncertainty.intervals:
            blocks = [_with_error_bars(b) if isinstance(b, Figure) else b for b in blocks]
    mark = f"{PRELIMINARY_MARK}: " if data.preliminary else ""
    author = data.organisation.get("forvaltning") or data.organisation.get("kommun") or ""
    return Outline(
        title=f"{mark}{data.title} {data.label}", author=author,
        subject="Redovisning av internkontroll", footer=f"{data.title} – {data.label}",
        marking=(f"{PRELIMINARY_MARK} – kontrolltillfället är inte klart"
                 if data.preliminary else ""),
        blocks=_numbered(blocks))
