"""Reads a case-system export into a sampling frame, streaming, without keeping the file.

Only the fields the draw needs are normalised and kept: the reference, filter, spread and
balance fields, the template's attributes, and (for the work list) the identifying columns.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.templates import Template
from internkontroll.core.values import parse_date, parse_number
from internkontroll.importers.columns import (
    DATE_FIELD,
    REFERENCE,
    Columns,
    map_columns,
    recognised,
)
from internkontroll.importers.tabular import _CONTROL, _kind, normalise_cell

HEADER_SCAN = 30
_SUM_START = ("summa", "totalt", "total", "antal", "delsumma")


@dataclass
class Request:
    """What to read and how to filter; field names are keys or header texts."""

    path: Path
    sheet: str | None = None
    header_row: int | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    where: list[tuple[str, list[str]]] = field(default_factory=list)
    between: list[tuple[str, str, str]] = field(default_factory=list)
    spread: str | None = None
    balance: str | None = None
    worklist_columns: list[str] | None = None  # None: no work list wanted


@dataclass
class FrameCase:
    reference: str
    values: dict[str, str]
    identifying: dict[str, str]
    rows: int
    order: tuple[str, Any]


@dataclass
class Population:
    file_name: str
    sha256: str
    sheet: str | None
    header_line: int
    columns: Columns
    rows_read: int
    skipped: dict[str, int]
    rows_kept: int
    frame: list[FrameCase]
    needed: dict[str, int]

    @property
    def frame_rows(self) -> int:
        return sum(c.rows for c in self.frame)


def parse_where(text: str) -> tuple[str, list[str]]:
    """'kon=K,M' → ('kon', ['K', 'M']); a comma inside a value is written '\\,'."""
    name, sep, values = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"--where '{text}' ska skrivas FÄLT=VÄRDE1,VÄRDE2.")
    parts = [v.replace("\x00", ",").strip() for v in values.replace("\\,", "\x00").split(",")]
    return name.strip(), [p for p in parts if p]


def parse_between(text: str) -> tuple[str, str, str]:
    name, sep, span = text.partition("=")
    low, dots, high = span.partition("..")
    if not sep or not dots:
        raise InvalidInput(f"--between '{text}' ska skrivas FÄLT=FRÅN..TILL.")
    return name.strip(), low.strip(), high.strip()


def _bound(value: str, name: str) -> Any:
    parsed_date = parse_date(value)
    if parsed_date is not None:
        return parsed_date
    number = parse_number(value)
    if number is None:
        raise InvalidInput(f"--between {name}: '{value}' är varken ett datum (ÅÅÅÅ-MM-DD) "
                           "eller ett tal.")
    return number


def _text_rows(path: Path, encoding: str) -> Iterator[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        head = handle.read(65536)
        lines = head.splitlines()[:HEADER_SCAN]
        delimiter = max((";", "\t", ","), key=lambda d: sum(line.count(d) for line in lines))
        handle.seek(0)

        def checked() -> Iterator[str]:
            for number, line in enumerate(handle, start=1):
                if _CONTROL.search(line):
                    raise InvalidInput(f"{path.name}, rad {number}: oläslig text (fel "
                                       "teckenkodning eller inte en textfil).")
                yield line

        yield from csv.reader(checked(), delimiter=delimiter)


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[list[Any]]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        if sheet is not None and sheet not in names:
            raise InvalidInput(f"{path.name} har inget blad '{sheet}'. Bladen heter: "
                               f"{', '.join(names)}.")
        for name in [sheet] if sheet else names:
            loaded = workbook.get_sheet_by_name(name)
            if loaded.height > 0:
                return name, loaded.iter_rows()
    except InvalidInput:
        raise
    except Exception:  # calamine raises several error types for broken files
        raise InvalidInput(f"{path.name} kan inte läsas som en Excel-fil.") from None
    raise InvalidInput(f"{path.name} är tom.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8"


def read_population(request: Request, template: Template | None) -> Population:
    """Read, map and filter a population file into a frame sorted by reference."""
    path = request.path
    if not path.is_file():
        raise InvalidInput(f"Filen {path} finns inte.")
    if _kind(path) == "xlsx":
        sheet, rows = _xlsx_rows(path, request.sheet)
        return _build(request, template, sheet, rows, xlsx=True)
    encoding = _encoding(path)
    try:
        return _build(request, template, None, _text_rows(path, encoding), xlsx=False)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise InvalidInput(f"{path.name} kan inte läsas som text (fel teckenkodning).") \
                from None
    try:
        return _build(request, template, None, _text_rows(path, "cp1252"), xlsx=False)
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name} kan inte läsas som text: okänd teckenkodning eller "
                           "inte en textfil.") from None


def _header(request: Request, template: Template | None, rows: Iterator[list[Any]],
            norm: Callable[[Any], str]) -> tuple[int, list[str], list[list[str]]]:
    """Find the header row; returns its line, its cells, and some rows after it."""
    seen: list[list[str]] = []
    header_line = 0
    for line, row in enumerate(rows, start=1):
        cells = [norm(c) for c in row]
        seen.append(cells)
        if request.header_row is not None:
            if line == request.header_row:
                header_line = line
        elif not header_line and recognised(cells, template) >= 2:
            header_line = line
        if header_line and line >= header_line + 50:
            break
        if not header_line and line >= max(HEADER_SCAN, request.header_row or 0):
            break
    name = request.path.name
    if not seen:
        raise InvalidInput(f"{name} är tom.")
    if not header_line:
        if request.header_row is not None:
            raise InvalidInput(f"{name} har ingen rad {request.header_row}.")
        raise InvalidInput(f"{name}: hittar ingen rubrikrad med kända kolumner (t.ex. "
                           "Ärendenummer, Handläggare, Beslutsdatum) bland de första "
                           f"{HEADER_SCAN} raderna. Ange rubrikraden med --header-row.")
    return header_line, seen[header_line - 1], seen[header_line:]


def _build(request: Request, template: Template | None, sheet: str | None,
           rows: Iterator[list[Any]], xlsx: bool) -> Population:
    name = request.path.name
    norm: Callable[[Any], str] = normalise_cell if xlsx else str.strip
    header_line, headers, sample = _header(request, template, rows, norm)
    columns = map_columns(headers, template, request.overrides, sample, name)
    needed: dict[str, int] = {}
    for field_name in [*(w for w, _ in request.where), *(b for b, _, _ in request.between),
                       *(f for f in (request.spread, request.balance) if f)]:
        index = columns.index(field_name, name)
        if index in columns.identifying.values() and index != columns.fields[REFERENCE]:
            raise InvalidInput(f"{name}: kolumnen '{field_name}' innehåller personuppgifter och "
                               "kan inte användas i urvalet.")
        needed[columns.field_of(index)] = index
    if template is not None:
        for attribute in template.attributes:
            if attribute.key in columns.fields:
                needed.setdefault(attribute.key, columns.fields[attribute.key])
    date_index = columns.fields.get(DATE_FIELD)
    if date_index is not None:
        needed.setdefault(DATE_FIELD, date_index)
    identifying: dict[str, int] = {}
    if request.worklist_columns is not None:
        wanted = request.worklist_columns or [
            headers[columns.fields[REFERENCE]], *columns.identifying]
        identifying = {h: columns.index(h, name) for h in dict.fromkeys(wanted)}

    attribute_of = {a.key: a for a in template.attributes} if template else {}
    where = []
    for field_name, accepted in request.where:
        key = columns.field_of(columns.index(field_name, name))
        attribute = attribute_of.get(key)
        allowed = {(attribute.match(v) if attribute else None) or v.casefold() for v in accepted}
        where.append((needed[key], allowed, attribute))
    between = []
    for field_name, low, high in request.between:
        key = columns.field_of(columns.index(field_name, name))
        between.append((needed[key], _bound(low, field_name), _bound(high, field_name)))

    ref_index = columns.fields[REFERENCE]
    frame: dict[str, FrameCase] = {}
    skipped = {"tomt ärende": 0, "summa- eller rubrikrad": 0}
    read = kept = 0
    for row in _chain(sample, rows):
        cell = norm(row[ref_index]) if ref_index < len(row) else ""
        first = norm(row[0]).casefold() if row else ""
        if not cell:
            if any(norm(c) for c in row):
                read += 1
                skipped["summa- eller rubrikrad" if first.startswith(_SUM_START)
                        else "tomt ärende"] += 1
            continue
        read += 1
        if cell.casefold().startswith(_SUM_START) or first.startswith(_SUM_START):
            skipped["summa- eller rubrikrad"] += 1
            continue
        if not _passes(row, where, between, norm):
            continue
        kept += 1
        values = {k: norm(row[i]) if i < len(row) else "" for k, i in needed.items()}
        order = (values.get(DATE_FIELD, ""), row)
        found = frame.get(cell)
        if found is None:
            frame[cell] = FrameCase(cell, values, _identifying(row, identifying, norm), 1,
                                    _order_key(order, xlsx))
            continue
        found.rows += 1
        candidate = _order_key(order, xlsx)
        if _sort_value(candidate, norm) >= _sort_value(found.order, norm):
            found.values, found.order = values, candidate
            found.identifying = _identifying(row, identifying, norm)
    ordered = [frame[k] for k in sorted(frame)]
    for case in ordered:
        case.order = ("", None)  # the tie-break text is no longer needed
    return Population(name, _sha256(request.path), sheet, header_line, columns, read, skipped,
                      kept, ordered, needed)


def _chain(first: list[list[str]], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield from first
    yield from rest


def _passes(row: list[Any], where: list[Any], between: list[Any],
            norm: Callable[[Any], str]) -> bool:
    for index, allowed, attribute in where:
        text = norm(row[index]) if index < len(row) else ""
        key = (attribute.match(text) if attribute else None) or text.casefold()
        if key not in allowed:
            return False
    for index, low, high in between:
        text = norm(row[index]) if index < len(row) else ""
        value: Any = parse_date(text) if hasattr(low, "year") else parse_number(text)
        if value is None or not low <= value <= high:
            return False
    return True


def _identifying(row: list[Any], columns: dict[str, int], norm: Callable[[Any], str]
                 ) -> dict[str, str]:
    return {h: norm(row[i]) if i < len(row) else "" for h, i in columns.items()}


def _order_key(order: tuple[str, Any], xlsx: bool) -> tuple[str, Any]:
    date_text, row = order
    # CSV rows are text already: join now and keep one string. XLSX rows are joined only if a
    # second row for the same case makes the comparison necessary.
    return (date_text, row if xlsx else "\x1f".join(map(str.strip, row)))


def _sort_value(key: tuple[str, Any], norm: Callable[[Any], str]) -> tuple[str, str]:
    """(date, full row text): the row that sorts last gives a case its values."""
    date_text, text = key
    when = parse_date(date_text)
    return (when.isoformat() if when else date_text,
            text if isinstance(text, str) else "\x1f".join(norm(c) for c in text))
