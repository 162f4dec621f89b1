"""The one reader of population, assessment and counts files: CSV and XLSX into rows.

CSV files follow one encoding rule and one delimiter choice (importers/encoding.py); XLSX files
are checked part by part before calamine reads them (importers/xlsx_bounds.py). Cells are
normalised so that the same content gives the same strings from CSV and from XLSX:
whole numbers without '.0', dates as ISO dates.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from internkontroll.core.errors import InvalidInput
from internkontroll.core.inputs import open_input, os_reason
from internkontroll.core.limits import MAX_CELL, MAX_COLUMNS, MAX_TABLE_BYTES, shown
from internkontroll.importers.encoding import (
    BLOCK,
    detect,
    mixed_message,
    sniff_delimiter,
    unreadable_message,
)
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


@dataclass
class Source:
    """The rows of an opened table: text cells from a CSV, calamine's raw values from XLSX."""

    rows: Iterator[list[Any]]
    sheet: str | None
    sha256: str
    xlsx: bool


@contextmanager
def table_rows(path: Path, sheet: str | None = None) -> Iterator[Source]:
    """The rows of a CSV or XLSX file, read lazily while the ``with`` block runs.

    A CSV is decoded by the one rule of importers/encoding.py, split by its sniffed delimiter,
    and a broken field or quote is refused with its line number.
    """
    kind, handle = open_table(path)
    with handle:
        if kind == "xlsx":
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(BLOCK), b""):
                digest.update(block)
            used, rows = xlsx_rows(path, sheet)
            yield Source(rows, used, digest.hexdigest(), xlsx=True)
            return
        found = detect(handle, path.name)
        text = io.TextIOWrapper(handle, encoding=found.name, newline="")
        reader: Any = None
        try:
            delimiter = sniff_delimiter(text.read(65536))
            text.seek(0)
            reader = csv_reader(text, delimiter)
            rows = _checked(reader, path.name) if found.name == "utf-16" else reader
            yield Source(rows, None, found.sha256, xlsx=False)
        except csv.Error as error:
            raise InvalidInput(f"{shown(path.name)}, rad {reader.line_num}: felaktig CSV: "
                               f"{csv_problem(error)}.") from None
        except UnicodeDecodeError:  # UTF-8 with other bytes later on, or broken UTF-16
            raise InvalidInput(mixed_message(path.name) if found.name != "utf-16"
                               else unreadable_message(path.name)) from None
        finally:
            text.detach()


def _checked(rows: Iterator[list[str]], name: str) -> Iterator[list[str]]:
    """UTF-16 has NUL bytes in every character, so its control characters are checked here."""
    for row in rows:
        if any(CONTROL.search(cell) for cell in row):
            raise InvalidInput(unreadable_message(name))
        yield row


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
    with table_rows(path, sheet) as source:
        table = Table(shown(path.name), [], [], source.sheet)
        norm = normalise_cell if source.xlsx else str.strip
        for line, row in enumerate(source.rows, start=1):
            if len(row) > MAX_COLUMNS:
                raise InvalidInput(f"{table.name}, rad {line}: fler än {MAX_COLUMNS} kolumner, "
                                   "som är gränsen.")
            cells = [norm(c) for c in row]
            if any(cells):
                table.rows.append(cells)
                table.lines.append(line)
    if not table.rows:
        raise InvalidInput(f"{table.name} är tom.")
    return table
