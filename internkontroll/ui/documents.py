"""Writing the documents for the nämnd from the GUI, in the background.

A redovisad review's PDF is the stored one, byte for byte: what the nämnd received.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from internkontroll.ui.tasks import Tasks


def current_pdf(db: Any, review_id: int) -> bytes:
    """The redovisning as PDF: the stored one when redovisad, else as it would be made now."""
    from internkontroll.reports.pdf import review_pdf
    from internkontroll.store.locking import active_lock

    with db.session() as session:
        lock = active_lock(session, review_id)
        return lock.pdf if lock is not None else review_pdf(session, review_id)


def small_groups(db: Any, review_id: int) -> str:
    """A warning when a nämnd document would show groups of 1–4 cases (SPEC § 7); empty when
    there are none, or when the small-counts setting hides them."""
    from internkontroll.reports.data import report_data

    with db.session() as session:
        data = report_data(session, review_id)
    if data.small_counts:
        return ""
    found = [f"{row.value} ({row.cases})" for b in data.breakdowns for row in b.rows
             if row.small]
    if not found:
        return ""
    return (f"Redovisningen visar grupper med färre än 5 ärenden: {', '.join(found)}. Så små "
            "antal kan peka ut enskilda personer. Du kan dölja dem under Arkiv → "
            "Inställningar.\n\nVill du ändå spara dokumentet?")


def confirm_small_groups(parent: Any, db: Any, review_id: int) -> bool:
    from internkontroll.ui import messages

    warning = small_groups(db, review_id)
    return not warning or messages.ask_yes_no(parent, "Små antal", warning)


KINDS = ("redovisning", "tabeller", "urvalsprotokoll", "avvikelselista", "bedomningsfil")


def save_document(owner: Any, db: Any, tasks: Tasks, review_id: int, out: Path, kind: str,
                  done: Callable[[Path], None], failed: Callable[[BaseException], None]
                  ) -> None:
    """Save one of the review's documents (``KINDS``) as ``out``: the redovisning as .pdf or
    .docx, the tables as .xlsx, the internal documents, or a blank assessment file. Asks
    first when the nämnd document shows small groups; calls ``done`` with the path."""
    if kind not in KINDS[:2]:
        raise NotImplementedError(kind)
    if not confirm_small_groups(owner, db, review_id):
        return
    write_document(owner, db, tasks, review_id, out, done, failed)


def write_document(owner: Any, db: Any, tasks: Tasks, review_id: int, out: Path,
                   done: Callable[[Path], None], failed: Callable[[BaseException], None]
                   ) -> None:
    """Write ``out`` (.pdf, .docx or .xlsx) and call ``done`` with its path."""
    kind = out.suffix.lower()

    def op() -> Any:
        if kind == ".pdf":
            out.write_bytes(current_pdf(db, review_id))
            return out
        from internkontroll.reports.charts import report_charts
        from internkontroll.reports.data import report_data

        with db.session() as session:
            data = report_data(session, review_id)
        if kind == ".xlsx":
            from internkontroll.reports.xlsx import write_xlsx

            write_xlsx(out, data)
            return out
        return data, report_charts(data.template, data.full, data.breakdowns)

    def written(result: Any) -> None:
        if isinstance(result, tuple):  # rasterising the charts needs Qt: on this thread
            from internkontroll.reports.docx import write_docx
            from internkontroll.ui.raster import svg_to_png

            write_docx(out, *result, svg_to_png)
            result = out
        done(result)

    tasks.run(owner, op, written, failed)
