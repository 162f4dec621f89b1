"""The redovisning as data: one list of blocks that every renderer lays out.

``build(data)`` turns ``ReportData`` into an ``Outline``: headings with their level,
paragraphs, bullet lists, tables (header rows, column roles, total and sub-rows), figures
(chart, caption, alt text), notes and page breaks, plus the document's own facts (title,
author, the marking on every page). ``pdf.py``, ``docx.py`` and the GUI's results and preview
views render these blocks and nothing else, so they say the same things; a tagged PDF tags the
same structure. No layout here: no fonts, widths or colours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from internkontroll.core.suppression import WITHHELD
from internkontroll.reports.charts import Chart
from internkontroll.reports.data import ROUNDING_NOTE, Breakdown, ReportData
from internkontroll.reports.plan import KONTROLLMOMENT

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

# Column roles: what a column holds, for alignment and for tagging.
LABEL, TEXT, NUMBER, PERCENT = "label", "text", "number", "percent"
# Paragraph roles.
ORGANISATION, FACTS, SUMMARY, COMPOSITION, BODY = (
    "organisation", "facts", "summary", "composition", "body")
# Note kinds. ADVICE is for the person preparing the report (e.g. about small groups) and is
# shown on screen only, never in a document for the nämnd.
PRELIMINARY, N_NOTE, ROUNDING, SMALL, SUPPRESSION, ADVICE = (
    "preliminary", "n", "rounding", "small", "suppression", "advice")
N_TEXT = "n = antal ärenden där kontrollmomentet var aktuellt och bedömt."
SUMMA_TEXT = " Summa = andel av samtliga bedömningar under perioden."
PRELIMINARY_MARK = "Preliminär"


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
    return [Heading(2, "Jämförelse av resultat"),
            Table((_row("Kontrollmoment", *data.periods),), rows,
                  (LABEL, *[NUMBER] * len(data.periods)), key="jamforelse",
                  totals=tuple(n for n, r in enumerate(data.comparison) if r.kind == "summa"),
                  sub_rows=tuple(n for n, r in enumerate(data.comparison)
                                 if r.kind == "option")),
            Note(note, N_NOTE)]


def _small_advice(b: Breakdown, threshold: int | None) -> list[Block]:
    small = [r.value for r in b.rows if r.small]
    if not small:
        return []
    groups = ", ".join(small)
    if threshold:
        return [Note(f"Små grupper ({groups}) döljs i dokumenten till nämnden enligt "
                     "inställningen för små antal.", ADVICE)]
    return [Note(f"Obs! {groups} har färre än 5 ärenden. Så små antal kan peka ut enskilda "
                 "personer. Överväg att dölja små antal (Arkiv → Inställningar) innan "
                 "redovisningen lämnas till nämnden.", ADVICE)]


def _breakdowns(data: ReportData) -> list[Block]:
    blocks: list[Block] = []
    if data.indicators:
        blocks += [Heading(2, "Indikatorer"),
                   Table((_row("Indikator", "Resultat"),),
                         tuple(_row(*i) for i in data.indicators), (LABEL, PERCENT),
                         key="indikatorer")]
    for b in data.breakdowns:
        blocks.append(Heading(3, f"Resultat efter {b.label.lower()}"))
        if b.withheld:
            blocks.append(Note(WITHHELD, SUPPRESSION))
            continue
        blocks.append(Table((_row(b.label, *b.columns),),
                            tuple(_row(r.value, *r.cells) for r in b.rows),
                            (LABEL, NUMBER, *[PERCENT] * (len(b.columns) - 1)),
                            key=f"efter_{b.attribute}",
                            small=tuple(n for n, r in enumerate(b.rows) if r.small)))
        blocks += _small_advice(b, data.small_counts)
    if data.suppression_note:
        blocks.append(Note(data.suppression_note, SUPPRESSION))
    return blocks


def _charts(charts: list[Chart]) -> list[Block]:
    if not charts:
        return []
    blocks: list[Block] = [Heading(2, "Diagram")]
    for n, chart in enumerate(charts, start=1):
        blocks.append(Figure(chart, chart.caption, chart.alt_text))
        blocks.append(Table((tuple(chart.table_headers),),
                            tuple(tuple(r) for r in chart.table_rows),
                            (LABEL, *[NUMBER] * (len(chart.table_headers) - 1)),
                            caption=f"Uppgifterna i diagram {n}", key=f"diagram_{n}"))
    return blocks


def build(data: ReportData) -> Outline:
    """The redovisning of ``data`` as blocks, in reading order."""
    blocks = _heading(data)
    blocks += _texts("Sammanfattning", data.summary, data.summary_sentence, role=SUMMARY)
    blocks += _plan(data)
    blocks += _texts("Metod", data.method, data.scale_text)
    if data.composition:
        blocks += _texts("Urvalets sammansättning", " ".join(data.composition),
                         role=COMPOSITION)
    blocks += _results(data) + _comparison(data) + _breakdowns(data) + _charts(data.charts)
    blocks += _texts("Analys av resultatet", data.analysis)
    blocks += _texts("Åtgärdsförslag", data.actions)
    blocks += _texts("Förslag till beslut", data.proposal)
    mark = f"{PRELIMINARY_MARK}: " if data.preliminary else ""
    author = data.organisation.get("forvaltning") or data.organisation.get("kommun") or ""
    return Outline(
        title=f"{mark}{data.title} {data.label}", author=author,
        subject="Redovisning av internkontroll", footer=f"{data.title} – {data.label}",
        marking=(f"{PRELIMINARY_MARK} – kontrolltillfället är inte klart"
                 if data.preliminary else ""),
        blocks=blocks)
