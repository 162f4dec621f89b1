"""The aggregate tables as an Excel file for the nämnd: results, comparison, breakdowns.

Numbers are real numbers and shares carry a percentage format. No case-level data. The rows
are made with the report data (``reports.tables``); this module only writes them.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from internkontroll.reports.data import ReportData
from internkontroll.reports.sheets import Book

NOTE = "Aggregerade uppgifter. Innehåller inga uppgifter om enskilda ärenden."


def write_xlsx(path: Path | BinaryIO, data: ReportData) -> None:
    workbook = Book(path)
    bold = workbook.format({"bold": True})
    header = workbook.format({"bold": True, "bg_color": "#E6E6E6", "border": 1,
                              "text_wrap": True, "valign": "top"})
    percent = workbook.format({"num_format": "0%"})
    for found in data.sheets:
        ws = workbook.sheet(found.name)
        ws.cell(0, 0, f"{data.title} – {data.label}", bold)
        ws.cell(1, 0, NOTE)
        ws.row(3, 0, found.headers, header)
        for r, row in enumerate(found.rows, start=4):
            for c, value in enumerate(row):
                is_share = c >= found.percent_from and isinstance(value, float)
                ws.cell(r, c, value, percent if is_share else None)
        ws.set_column(0, 0, 48)
        ws.set_column(1, len(found.headers), 13)
        ws.freeze_panes(4, 1)
    workbook.close()
