"""Reads CSV (UTF-8, UTF-16 with BOM, Windows-1252; ';', ',' or tab) and XLSX into rows of text.

Cells are normalised so that the same content gives the same strings from CSV and from XLSX:
whole numbers without '.0', dates as ISO dates.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from internkontroll.core.errors import InvalidInput
from internkontroll.core.inputs import open_input, os_reason
from internkontroll.core.limits import MAX_CELL, MAX_COLUMNS, MAX_TABLE_BYTES, shown
from internkontroll.importers.xlsx_bounds import check_workbook

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


def open_table(path: Path) -> tuple[str, BinaryIO]:
    """('xlsx' or 'text', the opened file) of a population or assessment file.

    Only a regular file within MAX_TABLE_BYTES is opened, and an XLSX file is checked part by
    part before calamine may see it (importers/xlsx_bounds.py). The caller closes the file.
    """
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | XLSX_SUFFIXES:
        raise InvalidInput(f"{shown(path.name)}: filtypen '{shown(suffix or 'utan ändelse')}' "
                           "stöds inte. Använd CSV eller Excel (.xlsx).")
    handle = open_input(path, MAX_TABLE_BYTES, "Filen")
    try:
        kind = _kind(handle, path.name, suffix)
        if kind == "xlsx":
            check_workbook(handle, path.name)
        return kind, handle
    except BaseException:
        handle.close()
        raise


def _kind(handle: BinaryIO, name: str, suffix: str) -> str:
    try:
        head = handle.read(8)
        handle.seek(0)
    except OSError as error:
        raise InvalidInput(f"{shown(name)} {os_reason(error)}.") from None
    label = shown(name)
    if head.startswith(_OLE):
        raise InvalidInput(f"{label} är lösenordsskyddad eller en gammal Excel-fil (.xls). "
                           "Spara den som .xlsx utan lösenord eller som CSV.")
    if suffix in XLSX_SUFFIXES:
        if not head.startswith(_ZIP):
            raise InvalidInput(f"{label} har ändelsen {suffix} men är ingen Excel-fil.")
        return "xlsx"
    if head.startswith(_ZIP):
        raise InvalidInput(f"{label} har ändelsen {suffix} men är en Excel-fil. "
                           "Byt ändelse till .xlsx.")
    return "text"


# å ä ö Å Ä Ö é in UTF-8, as they look when read as Windows-1252.
_UTF8_IN_CP1252 = re.compile("Ã[¥¤¶…„–©]")


def decode_text(raw: bytes, name: str) -> str:
    """Decode a CSV file's bytes: BOM first, then strict UTF-8, then Windows-1252."""
    name = shown(name)
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
    """One cell as text: whole floats as integers, dates and midnight datetimes as ISO dates.

    A text longer than MAX_CELL is refused, as the csv module refuses a longer CSV field.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > MAX_CELL:
            raise InvalidInput(cell_too_long())
        return value.strip()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def cell_too_long() -> str:
    limit = f"{MAX_CELL:,}".replace(",", "\u00a0")
    return f"ett fält är längre än {limit} tecken, som är gränsen för en cell"


def csv_problem(error: csv.Error) -> str:
    """The csv module's English complaint, said in Swedish."""
    text = str(error)
    if "field limit" in text:
        return cell_too_long()
    if "NUL" in text:
        return "filen innehåller NUL-tecken (fel teckenkodning eller inte en textfil)"
    return "citattecken eller radbrytningar stämmer inte"


def csv_reader(lines: Iterable[str], delimiter: str) -> Iterator[list[str]]:
    """The one CSV reader of the app: fields of at most MAX_CELL characters (SPEC § 7.2)."""
    csv.field_size_limit(MAX_CELL)
    return csv.reader(lines, delimiter=delimiter)


def _csv_rows(handle: BinaryIO, name: str) -> Iterator[list[str]]:
    text = decode_text(handle.read(), name)
    reader = csv_reader(io.StringIO(text, newline=""), _delimiter(text))
    try:
        for row in reader:
            yield [cell.strip() for cell in row]
    except csv.Error as error:
        raise InvalidInput(f"{shown(name)}, rad {reader.line_num}: felaktig CSV: "  # type: ignore[attr-defined]
                           f"{csv_problem(error)}.") from None


def _workbook(path: Path) -> Any:
    """calamine's workbook of a file that open_table has checked."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path))


def sheet_names(path: Path) -> list[str]:
    kind, handle = open_table(path)
    handle.close()
    if kind != "xlsx":
        return []
    try:
        return list(_workbook(path).sheet_names)
    except Exception:  # calamine raises several error types for broken files
        raise InvalidInput(f"{shown(path.name)} kan inte läsas som en Excel-fil.") from None


def xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[list[Any]]]:
    """(sheet name, raw rows) of ``sheet``, or of the first sheet with data.

    Only for a file that ``open_table`` has opened and checked.
    """
    label = shown(path.name)
    try:
        workbook = _workbook(path)
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise InvalidInput(f"{label} har inget blad '{shown(sheet)}'. Bladen heter: "
                               f"{shown(', '.join(names))}.")
        for name in [sheet] if sheet else names:
            loaded = workbook.get_sheet_by_name(name)
            if loaded.height > 0:
                return name, loaded.iter_rows()
    except InvalidInput:
        raise
    except Exception:  # calamine raises several error types for broken files
        raise InvalidInput(f"{label} kan inte läsas som en Excel-fil.") from None
    raise InvalidInput(f"{label} är tom.")


def read_table(path: Path, sheet: str | None = None) -> Table:
    """All non-empty rows of a CSV or XLSX file, with their line numbers."""
    used_sheet = None
    rows: Iterator[list[Any]]
    kind, handle = open_table(path)
    with handle:
        if kind == "xlsx":
            used_sheet, raw = xlsx_rows(path, sheet)
            rows = ([normalise_cell(c) for c in row] for row in raw)
        else:
            rows = _csv_rows(handle, path.name)
        table = Table(shown(path.name), [], [], used_sheet)
        for line, row in enumerate(rows, start=1):
            if len(row) > MAX_COLUMNS:
                raise InvalidInput(f"{table.name}, rad {line}: fler än {MAX_COLUMNS} kolumner, "
                                   "som är gränsen.")
            if any(row):
                table.rows.append(row)
                table.lines.append(line)
    if not table.rows:
        raise InvalidInput(f"{table.name} är tom.")
    return table
