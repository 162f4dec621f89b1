"""Internal documents (never for the nämnd): the urvalsprotokoll.

Every page says that it holds information covered by secrecy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from internkontroll import __version__
from internkontroll.reports.fonts import BOLD, register_fonts

INTERNAL = "Intern – innehåller uppgifter som omfattas av sekretess"
ROLES = {"case": "Urval", "reserve": "Reserv", "replaced": "Ersatt"}


class NumberedCanvas(Canvas):
    """Draws 'Sida x av y' once the page count is known, and the internal marking on top."""

    def __init__(self, *args: Any, footer: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(BOLD, 9)
            self.setFillColor(colors.HexColor("#9C0006"))
            self.drawString(20 * mm, A4[1] - 12 * mm, INTERNAL)
            self.setFillColor(colors.black)
            self.setFont("IK", 8)
            self.drawString(20 * mm, 10 * mm, self._footer)
            self.drawRightString(A4[0] - 20 * mm, 10 * mm,
                                 f"Sida {self._pageNumber} av {total}")
            super().showPage()
        super().save()


def _styles() -> dict[str, ParagraphStyle]:
    family = register_fonts()
    base = ParagraphStyle("brödtext", fontName=family, fontSize=9.5, leading=13)
    return {"body": base,
            "h1": ParagraphStyle("rubrik1", parent=base, fontName=BOLD, fontSize=16, leading=20,
                                 spaceAfter=6),
            "h2": ParagraphStyle("rubrik2", parent=base, fontName=BOLD, fontSize=11.5,
                                 leading=15, spaceBefore=10, spaceAfter=4),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11)}


def _table(rows: list[list[str]], widths: list[float], styles: dict[str, ParagraphStyle],
           header: bool = True) -> Table:
    cells = [[Paragraph(str(c), styles["cell"]) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#808080")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")))
    table.setStyle(TableStyle(commands))
    return table


def record_facts(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The sampling record's key facts as label/value rows."""
    from internkontroll.store.clock import local_text

    source, frame, mode = record["source"], record["frame"], record["mode"]
    if "file" in source:
        skipped = ", ".join(f"{n} {reason}" for reason, n in source["skipped"].items() if n)
        facts = [("Fil", source["file"]), ("SHA-256", source["sha256"]),
                 ("Blad", source["sheet"] or "–"), ("Rubrikrad", str(source["header_line"])),
                 ("Ärendekolumn", source.get("case_column", "–")),
                 ("Rader lästa", str(source["rows_read"])),
                 ("Rader överhoppade", skipped or "inga"),
                 ("Rader som uppfyller villkoren", str(source["rows_kept"]))]
    else:
        facts = [("Källa", f"Numrerad lista med {source['from_range']} rader (utan fil)")]
    size = mode["size"]
    facts += [
        ("Villkor", "; ".join(record["filters"]) or "inga"),
        ("Urvalsram", f"{frame['cases']} ärenden ({frame['rows']} rader)"),
        ("Urvalets storlek", "samtliga (totalundersökning)" if size == "all" else str(size)),
        ("Spridning över", mode["spread"] or "–"), ("Jämn fördelning på", mode["balance"] or "–"),
        ("Reserver", str(mode["reserves"])),
        ("Algoritm", record["algorithm"]), ("Frö", str(record["seed"])),
        ("Dragen", f"{local_text(record['time'])} av {record['user']}"),
    ]
    return facts


def write_urvalsprotokoll(path: Path, record: dict[str, Any], title: str) -> None:
    """Lay out a sampling record for a revisor."""
    styles = _styles()
    facts = record_facts(record)
    label = record["review"]["label"]
    story: list[Any] = [
        Paragraph("Urvalsprotokoll", styles["h1"]),
        Paragraph(f"{title}, kontrolltillfälle {label}", styles["body"]),
        Spacer(0, 4 * mm),
        _table([[k, v] for k, v in facts], [55 * mm, 115 * mm], styles, header=False),
        Paragraph("Så gick dragningen till", styles["h2"]),
        Paragraph(
            "Ramen sorteras på ärendenummer. Varje ärende i ramen får i tur och ordning ett "
            "slumptal från Pythons <i>random.Random(frö).random()</i>. Inom varje grupp väljs "
            "de ärenden som fått lägst slumptal, så många som gruppen tilldelats; reserverna är "
            "de närmast följande. Löpnumren följer slumptalens ordning. Med samma fil, samma "
            "villkor och samma frö blir urvalet detsamma.", styles["body"]),
    ]
    strata, mode = record.get("strata", []), record["mode"]
    if len(strata) > 1:
        names = [f for f in (mode["spread"], mode["balance"]) if f]
        rows = [[*(v or "(tomt)" for v, f in zip((s["spread"], s["balance"]),
                                                 (mode["spread"], mode["balance"]), strict=True)
                   if f), str(s["frame"]), str(s["drawn"]), str(s["reserves"])]
                for s in strata]
        width = 95 * mm / len(names)
        story += [Paragraph("Grupper (strata)", styles["h2"]),
                  _table([[n.capitalize() for n in names] + ["I ramen", "Dragna", "Reserver"]]
                         + rows, [width] * len(names) + [25 * mm] * 3, styles)]
    story += [Paragraph("Dragna ärenden i dragningsordning", styles["h2"]),
              _table([["Löpnummer", "Ärende", "Roll", "Grupp"]]
                     + [[str(o["lopnummer"]), o["reference"] or "(personnummer, lagras ej)",
                         ROLES.get(o["role"], o["role"]),
                         " / ".join(v for v in o["stratum"] if v) or "–"]
                        for o in record["order"]],
                     [25 * mm, 55 * mm, 25 * mm, 65 * mm], styles)]
    if record.get("replacements"):
        story += [Paragraph("Ersättningar", styles["h2"]),
                  _table([["Ersatt", "Ersatt av", "Skäl", "Av"]]
                         + [[str(r["replaced"]), str(r["by"]), r["reason"], r["user"]]
                            for r in record["replacements"]],
                         [25 * mm, 25 * mm, 80 * mm, 40 * mm], styles)]
    document = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
        bottomMargin=18 * mm, title=f"Urvalsprotokoll {label}", subject=INTERNAL,
        author="Internkontroll", lang="sv-SE", creator=f"Internkontroll {__version__}")
    document.build(story, canvasmaker=lambda *a, **k: NumberedCanvas(
        *a, footer=f"Urvalsprotokoll – {label}", **k))
