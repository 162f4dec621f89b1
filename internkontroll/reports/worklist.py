"""The arbetslista: löpnummer ↔ identifying columns, written to a file the user chooses.

It is never written into the database.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.inputs import os_reason
from internkontroll.core.limits import shown
from internkontroll.store.files import write_private

CONFIDENTIAL = ("Innehåller uppgifter som omfattas av sekretess (OSL 26 kap. 1 §). Förvaras "
                "enligt förvaltningens rutiner och gallras efter redovisning.")
ROLE_TEXT = {"case": "Urval", "reserve": "Reserv", "replaced": "Ersatt"}


def worklist_rows(population: Any, draw: Any) -> tuple[list[str], list[tuple[int, str, list[str]]]]:
    """(headers, rows) of the work list: löpnummer, role and identifying values in draw order."""
    by_reference = {c.reference: c for c in population.frame}
    headers = list(population.frame[0].identifying) if population.frame else []
    roles = [("case", m) for m in draw.drawn] + [("reserve", m) for m in draw.reserves]
    return headers, [(n, role, list(by_reference[m.reference].identifying.values()))
                     for n, (role, m) in enumerate(roles, start=1)]


def write_worklist(path: Path, title: str, headers: list[str],
                   rows: list[tuple[int, str, list[str]]]) -> None:
    """Write (löpnummer, role, identifying values) rows as XLSX, readable only by the user."""
    from internkontroll.reports.sheets import Book

    if path.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Arbetslistan ska sparas som .xlsx, inte {path.name}.")
    label = f"Arbetslistan {shown(path.name)}"
    try:
        if not path.parent.is_dir():
            raise InvalidInput(f"Mappen {shown(path.parent)} finns inte.")
        if path.is_dir():
            raise InvalidInput(f"{label} är en mapp; ange ett filnamn som slutar på .xlsx.")
    except OSError as error:  # a name over 255 bytes, no permission …
        raise InvalidInput(f"{label} {os_reason(error)}.") from None
    buffer = BytesIO()  # saved whole as a private file, also over an existing one
    workbook = Book(buffer)
    bold = workbook.format({"bold": True})
    warning = workbook.format({"bold": True, "font_color": "#9C0006", "text_wrap": True})
    sheet = workbook.sheet("Arbetslista")
    sheet.cell(0, 0, title, bold)
    sheet.merged((1, 0), (1, max(3, len(headers) + 1)), CONFIDENTIAL, warning)
    sheet.set_row(1, 32)
    sheet.row(3, 0, ["Löpnummer", "Roll", *headers], bold)
    for offset, (number, role, values) in enumerate(rows, start=4):
        sheet.cell(offset, 0, number)
        sheet.row(offset, 1, [ROLE_TEXT.get(role, role), *values])
    sheet.set_column(0, 1, 11)
    sheet.set_column(2, 1 + len(headers), 22)
    sheet.freeze_panes(4, 0)
    workbook.close()
    write_private(path, buffer.getvalue())
