"""The arbetslista: löpnummer ↔ identifying columns, written to a file the user chooses.

It is never written into the database.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown

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
        raise InvalidInput(f"Arbetslistan ska sparas som .xlsx, inte {shown(path.name)}.")
    if not path.parent.is_dir():
        raise InvalidInput(f"Mappen {path.parent} finns inte.")
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    workbook = Book(path)
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
