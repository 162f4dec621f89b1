"""Saving the documents of a kontrolltillfälle from the GUI, every read and write in the
background through ``ops.documents``.

For a document to the nämnd the report data is read first (in the background); then, on the
GUI thread, the user is told what is missing (unscored cases, blank attributes, no kommun) and
about groups of 1–4 cases, and asked whether to save anyway; then the file is written, again in
the background. A redovisad review's PDF is the stored one, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from internkontroll.ops import Done, documents
from internkontroll.ui import messages
from internkontroll.ui.tasks import Tasks

if TYPE_CHECKING:
    from internkontroll.reports.data import ReportData
    from internkontroll.store.db import Database

KINDS = ("redovisning", "tabeller", "urvalsprotokoll", "avvikelselista", "bedomningsfil")
FOR_NAMND = KINDS[:2]


def small_groups(data: ReportData) -> str:
    """A warning when a nämnd document would show groups of 1–4 cases (SPEC § 7); empty when
    there are none, or when the small-counts setting hides them."""
    if data.small_counts:
        return ""
    found = [f"{row.value} ({row.cases})" for b in data.breakdowns for row in b.rows
             if row.small] + data.small_per_group
    if not found:
        return ""
    return (f"Redovisningen visar grupper med färre än 5 ärenden: {', '.join(found)}. Så små "
            "antal kan peka ut enskilda personer. Du kan dölja dem under Arkiv → "
            "Inställningar.\n\nVill du ändå spara dokumentet?")


def missing_text(data: ReportData) -> str:
    """What is missing before the report is complete, as a question; empty when nothing is."""
    if not data.missing:
        return ""
    lines = "\n".join(f"• {m}" for m in data.missing)
    marked = ("\n\nRedovisningen märks ”Preliminär” på varje sida." if data.preliminary
              else "")
    return (f"Kontrolltillfället {data.label} är inte färdigt:\n\n{lines}{marked}\n\n"
            "Vill du ändå spara dokumentet?")


def confirm(parent: Any, data: ReportData) -> bool:
    """Ask about what is missing and about small groups; False when the user says no."""
    missing = missing_text(data)
    if missing and not messages.ask_yes_no(parent, "Inte färdigt", missing):
        return False
    warning = small_groups(data)
    return not warning or messages.ask_yes_no(parent, "Små antal", warning)


def _writer(db: Database, review_id: int, out: Path, kind: str) -> Callable[[], Done[Path]]:
    if kind == "tabeller":
        return lambda: documents.write_tables(db, review_id, out)
    if kind == "urvalsprotokoll":
        return lambda: documents.write_urvalsprotokoll(db, review_id, out)
    if kind == "avvikelselista":
        return lambda: documents.write_avvikelselista(db, review_id, out)
    if kind == "bedomningsfil":
        return lambda: documents.write_blank_assessments(db, review_id, out)
    return lambda: documents.write_redovisning(db, review_id, out)


def save_document(owner: QObject, db: Database, tasks: Tasks, review_id: int, out: Path,
                  kind: str, done: Callable[[Path], None],
                  failed: Callable[[BaseException], None]) -> None:
    """Save one of the review's documents (``KINDS``) as ``out``: the redovisning as .pdf or
    .docx, the tables as .xlsx, the internal urvalsprotokoll or avvikelselista as .pdf, or a
    blank assessment file as .xlsx. For the nämnd's documents it first asks about what is
    missing and about small groups; calls ``done`` with the path."""
    if kind not in KINDS:
        raise ValueError(kind)
    if kind not in FOR_NAMND:
        tasks.run(owner, _writer(db, review_id, out, kind), done, failed)
        return

    def asked(data: ReportData) -> None:
        from internkontroll.store.reviews import GALLRAD, REDOVISAD

        stored = data.status in (REDOVISAD, GALLRAD) and out.suffix.lower() == ".pdf"
        if not stored and not confirm(owner, data):  # the stored PDF is what the nämnd got
            return
        if kind == "redovisning" and out.suffix.lower() == ".docx":
            # rasterising the charts needs Qt's fonts: on this thread, from the data read
            write_docx(data, out, done, failed)
            return
        tasks.run(owner, _writer(db, review_id, out, kind), done, failed)

    tasks.run(owner, lambda: documents.report_data(db, review_id), asked, failed)


def write_docx(data: ReportData, out: Path, done: Callable[[Path], None],
               failed: Callable[[BaseException], None]) -> None:
    from internkontroll.reports.outline import build
    from internkontroll.ui.raster import svg_to_png

    try:
        documents.check_out(out, (".docx",), "Dokumentet")
        documents.write_docx(build(data), out, svg_to_png)
    except Exception as error:  # noqa: BLE001 (told to the user like a background error)
        from internkontroll.ui.tasks import _said

        failed(_said(error))
        return
    done(out)
