"""Reads CSV (UTF-8, UTF-16 with BOM, Windows-1252; ';', ',' or tab) and XLSX into rows of text.

Cells are normalised so that the same content gives the same strings from CSV and from XLSX:
whole numbers without '.0', dates as ISO dates.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown

TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Table:
    """Rows of text cells; ``line`` numbers are 1-based rows in the file or sheet."""

    name: str
    rows: list[list[str]]
    lines: list[int]
    sheet: str | None = None


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | XLSX_SUFFIXES:
        raise InvalidInput(f"{shown(path.name)}: filtypen '{suffix or 'utan ändelse'}' stöds inte. "
                           "Använd CSV eller Excel (.xlsx).")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        from internkontroll.errortext import os_error

        raise os_error(error) from None
    if head.startswith(_OLE):
        raise InvalidInput(f"{shown(path.name)} är lösenordsskyddad eller en gammal Excel-fil "
                           "(.xls). "
                           "Spara den som .xlsx utan lösenord eller som CSV.")
    if suffix in XLSX_SUFFIXES:
        if not head.startswith(_ZIP):
            raise InvalidInput(f"{shown(path.name)} har ändelsen {suffix} men är ingen Excel-fil.")
        return "xlsx"
    if head.startswith(_ZIP):
        raise InvalidInput(f"{shown(path.name)} har ändelsen {suffix} men är en Excel-fil. "
                           "Byt ändelse till .xlsx.")
    return "text"


# å ä ö Å Ä Ö é in UTF-8, as they look when read as Windows-1252.
_UTF8_IN_CP1252 = re.compile("Ã[¥¤¶…„–©]")


def decode_text(raw: bytes, name: str) -> str:
    """Decode a CSV file's bytes: BOM first, then strict UTF-8, then Windows-1252."""
    if raw.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" and _UTF8_IN_CP1252.search(text):
            raise InvalidInput(f"{shown(name)} blandar två teckenkodningar (UTF-8 och "
                               "Windows-1252), "
                               "så å, ä och ö skulle bli fel. Spara om filen som CSV (UTF-8).")
        if not CONTROL.search(text):
            return text
    if raw[1::2].count(0) > len(raw) // 4 or raw[::2].count(0) > len(raw) // 4:
        raise InvalidInput(f"{shown(name)} är sparad som UTF-16 utan byte-ordningsmärke. Spara om "
                           "filen som CSV (UTF-8).")
    raise InvalidInput(f"{shown(name)} kan inte läsas som text: okänd teckenkodning eller inte en "
                       "textfil. Spara filen som CSV (UTF-8) eller Excel (.xlsx).")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def normalise_cell(value: Any) -> str:
    """One cell as text: whole floats as integers, dates and midnight datetimes as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def csv_problem(error: csv.Error) -> str:
    """The csv module's English complaint, said in Swedish."""
    text = str(error)
    if "field limit" in text:
        return f"ett fält är längre än {csv.field_size_limit():,} tecken".replace(",", "\u00a0")
    if "NUL" in text:
        return "filen innehåller NUL-tecken (fel teckenkodning eller inte en textfil)"
    return "citattecken eller radbrytningar stämmer inte"


def _csv_rows(path: Path) -> Iterator[list[str]]:
    text = decode_text(path.read_bytes(), path.name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for row in reader:
            yield [cell.strip() for cell in row]
    except csv.Error as error:
        raise InvalidInput(f"{shown(path.name)}, rad {reader.line_num}: felaktig CSV: "
                           f"{csv_problem(error)}.") from None


def sheet_names(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # calamine raises several error types for broken files
        raise InvalidInput(f"{shown(path.name)} kan inte läsas som en Excel-fil.") from None


def xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[list[Any]]]:
    """(sheet name, raw rows) of ``sheet``, or of the first sheet with data."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise InvalidInput(f"{shown(path.name)} har inget blad '{shown(sheet)}'. Bladen heter: "
                               f"{shown(', '.join(names))}.")
        for name in [sheet] if sheet else names:
            loaded = workbook.get_sheet_by_name(name)
            if loaded.height > 0:
                return name, loaded.iter_rows()
    except InvalidInput:
        raise
    except Exception:  # calamine raises several error types for broken files
        raise InvalidInput(f"{shown(path.name)} kan inte läsas som en Excel-fil.") from None
    raise InvalidInput(f"{shown(path.name)} är tom.")


def read_table(path: Path, sheet: str | None = None) -> Table:
    """All non-empty rows of a CSV or XLSX file, with their line numbers."""
    if not path.is_file():
        raise InvalidInput(f"Filen {shown(path)} finns inte.")
    used_sheet = None
    rows: Iterator[list[Any]]
    if file_kind(path) == "xlsx":
        used_sheet, raw = xlsx_rows(path, sheet)
        rows = ([normalise_cell(c) for c in row] for row in raw)
    else:
        rows = _csv_rows(path)
    table = Table(path.name, [], [], used_sheet)
    for line, row in enumerate(rows, start=1):
        if any(row):
            table.rows.append(row)
            table.lines.append(line)
    if not table.rows:
        raise InvalidInput(f"{shown(path.name)} är tom.")
    return table
