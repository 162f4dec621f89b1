"""Every document of a kontrolltillfälle, for the command line and the GUI alike.

Each function reads in its own session and returns plain values: the redovisning (the stored
PDF once redovisad, else made now; Word; the tables as Excel), the results document of
``results --json``, the internal urvalsprotokoll and avvikelselista, and a blank assessment
file for ``review import``. Writing the Word file needs a rasteriser for its charts (Qt, in
``ui.raster``), which the caller passes in, so this module stays Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from internkontroll.core.errors import InvalidInput
from internkontroll.ops import Done

if TYPE_CHECKING:
    from internkontroll.reports.data import ReportData
    from internkontroll.reports.outline import Outline
    from internkontroll.store.db import Database

Rasterise = Callable[[bytes], bytes]
BLANK_SHEET, HELP_SHEET = "Bedömningar", "Förklaring"


def report_data(db: Database, review_id: int) -> Done[ReportData]:
    """The redovisning's content as plain values."""
    from internkontroll.reports.data import report_data as read

    with db.session() as session:
        return Done(read(session, review_id))


def report_outline(db: Database, review_id: int) -> Done[Outline]:
    """The redovisning as blocks, as every renderer gets it."""
    from internkontroll.reports.outline import build

    return Done(build(report_data(db, review_id).value))


@dataclass(frozen=True)
class Shown:
    """What the results and preview screens show: the outline and the review's state."""

    outline: Outline
    data: ReportData


def results_screen(db: Database, review_id: int) -> Done[Shown]:
    from internkontroll.reports.outline import build

    data = report_data(db, review_id).value
    return Done(Shown(build(data, screen=True), data))


def redovisning_pdf(db: Database, review_id: int) -> Done[bytes]:
    """The redovisning as PDF: exactly what the nämnd received when redovisad, else as it
    would be made now."""
    from internkontroll.reports.data import report_data as read
    from internkontroll.reports.pdf import data_pdf
    from internkontroll.store.locking import active_lock

    with db.session() as session:
        lock = active_lock(session, review_id)
        if lock is not None:
            return Done(bytes(lock.pdf))
        data = read(session, review_id)
    return Done(data_pdf(data))


def check_out(out: Path, allowed: tuple[str, ...], what: str) -> None:
    from internkontroll.core.limits import shown

    if out.suffix.lower() not in allowed:
        raise InvalidInput(f"{what} kan sparas som {' eller '.join(allowed)}, inte "
                           f"{shown(out.name)}.")
    if not out.parent.is_dir():
        raise InvalidInput(f"Mappen {shown(out.parent)} finns inte.")


def write_redovisning(db: Database, review_id: int, out: Path,
                      rasterise: Rasterise | None = None) -> Done[Path]:
    """Save the redovisning as .pdf or .docx (the latter needs ``rasterise``)."""
    check_out(out, (".pdf", ".docx"), "Dokumentet")
    if out.suffix.lower() == ".pdf":
        out.write_bytes(redovisning_pdf(db, review_id).value)
        return Done(out)
    if rasterise is None:
        raise InvalidInput("Word-dokumentet behöver diagrammen som bilder.")
    write_docx(report_outline(db, review_id).value, out, rasterise)
    return Done(out)


def write_docx(document: Outline, out: Path, rasterise: Rasterise) -> Path:
    """Lay out an outline as Word (on the thread that may rasterise)."""
    from internkontroll.reports.docx import write_docx as write

    write(out, document, rasterise)
    return out


def write_tables(db: Database, review_id: int, out: Path) -> Done[Path]:
    """The aggregate tables for the nämnd as .xlsx."""
    from internkontroll.core.limits import shown
    from internkontroll.reports.xlsx import write_xlsx

    if out.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Exporten sparas som .xlsx, inte {shown(out.name)}.")
    check_out(out, (".xlsx",), "Exporten")
    write_xlsx(out, report_data(db, review_id).value)
    return Done(out)


def results_json(db: Database, review_id: int, by: str | None = None) -> Done[dict[str, Any]]:
    """The ``results --json`` document."""
    from internkontroll.store.results import full_result, result_document

    with db.session() as session:
        return Done(result_document(full_result(session, review_id, by)))


def write_urvalsprotokoll(db: Database, review_id: int, out: Path) -> Done[Path]:
    """The sampling record laid out for a revisor (internal: secrecy on every page)."""
    from internkontroll.reports.internal import write_urvalsprotokoll as write
    from internkontroll.store.reviews import get_review
    from internkontroll.store.sampling import get_record

    check_out(out, (".pdf",), "Dokumentet")
    with db.session() as session:
        _, template = get_review(session, review_id)
        stored = get_record(session, review_id)
        if stored is None:
            raise InvalidInput(f"Kontrolltillfälle {review_id} har inget urval.")
        record = dict(stored.record)
    write(out, record, template.title)
    return Done(out)


def write_avvikelselista(db: Database, review_id: int, out: Path) -> Done[Path]:
    """Per item, the cases not answered with the headline option (internal)."""
    from internkontroll.reports.deviations import deviations
    from internkontroll.reports.internal import write_avvikelselista as write

    check_out(out, (".pdf",), "Dokumentet")
    with db.session() as session:
        found = deviations(session, review_id)
    write(out, found)
    return Done(out)


def write_blank_assessments(db: Database, review_id: int, out: Path) -> Done[Path]:
    """An .xlsx with one row per case of the sample: its löpnummer, a column per attribute
    and per kontrollmoment key, blank, as ``review import`` reads it; a second sheet tells what
    each column means and which answers it takes."""
    from internkontroll.core.limits import shown
    from internkontroll.core.templates import is_caseworker
    from internkontroll.reports.sheets import Book
    from internkontroll.store.reviews import get_review, list_cases

    if out.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Bedömningsfilen sparas som .xlsx, inte {shown(out.name)}.")
    check_out(out, (".xlsx",), "Bedömningsfilen")
    with db.session() as session:
        _, template = get_review(session, review_id)
        numbers = [c.number for c in list_cases(session, review_id) if c.role == "case"]
    attributes = [a for a in template.attributes
                  if not is_caseworker(a.key) and not is_caseworker(a.label)]
    book = Book(out)
    bold = book.format({"bold": True})
    sheet = book.sheet(BLANK_SHEET)
    sheet.row(0, 0, ["lopnummer", *[a.key for a in attributes],
                     *[i.key for i in template.items]], bold)
    for row, number in enumerate(numbers, start=1):
        sheet.cell(row, 0, number)
    sheet.set_column(0, 0, 11)
    sheet.set_column(1, len(attributes) + len(template.items), 16)
    sheet.freeze_panes(1, 1)
    explained = book.sheet(HELP_SHEET)
    explained.row(0, 0, ["Kolumn", "Betyder", "Svar"], bold)
    lines = [("lopnummer", "Ärendets löpnummer i urvalet (ändra inte)", "")]
    lines += [(a.key, a.label, ", ".join(v.label for v in a.values)) for a in attributes]
    lines += [(i.key, i.text, ", ".join(o.label for o in template.scale_of(i).options))
              for i in template.items]
    for row, line in enumerate(lines, start=1):
        explained.row(row, 0, list(line))
    explained.cell(len(lines) + 2, 0, "Tomma celler lämnas orörda vid import.")
    explained.set_column(0, 0, 22)
    explained.set_column(1, 1, 60)
    explained.set_column(2, 2, 40)
    book.close()
    return Done(out)
