"""Reads a case-system export into a sampling frame, streaming, without keeping the file.

Only the fields the draw needs are normalised and kept: the reference, filter, spread and
balance fields, the template's attributes, and (for the work list) the identifying columns.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import MAX_CELL, shown
from internkontroll.core.personnummer import mask_personnummer
from internkontroll.core.templates import Attribute, Template
from internkontroll.core.values import parse_date, parse_number
from internkontroll.importers.columns import (
    DATE_FIELD,
    REFERENCE,
    Columns,
    map_columns,
    recognised,
    signature,
)
from internkontroll.importers.tabular import (
    CONTROL,
    csv_problem,
    csv_reader,
    normalise_cell,
    open_table,
    xlsx_rows,
)

HEADER_SCAN = 30
_SUM_START = ("summa", "totalt", "total", "antal", "delsumma")
_SUM_INITIALS = frozenset("sStTaAdD")


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
    progress: Callable[[int], None] | None = None  # called with rows read; may raise to stop
    saved_mappings: dict[str, dict[str, str]] = field(default_factory=dict)  # by signature


@dataclass(slots=True)
class FrameCase:
    reference: str
    values: dict[str, str]
    identifying: dict[str, str]
    rows: int
    order: tuple[str, Any]  # (date, row): decides which row gives the case its values


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
    mapping: dict[str, str]  # the --map choices in force, saved and reused for this layout

    @property
    def frame_rows(self) -> int:
        return sum(c.rows for c in self.frame)


def parse_where(text: str) -> tuple[str, list[str]]:
    """'kon=K,M' → ('kon', ['K', 'M']); a comma inside a value is written '\\,'."""
    name, sep, values = text.partition("=")
    if not sep or not name.strip():
        raise InvalidInput(f"--where '{shown(text)}' ska skrivas FÄLT=VÄRDE1,VÄRDE2.")
    parts = [v.replace("\x00", ",").strip() for v in values.replace("\\,", "\x00").split(",")]
    return name.strip(), [p for p in parts if p]


def parse_between(text: str) -> tuple[str, str, str]:
    name, sep, span = text.partition("=")
    low, dots, high = span.partition("..")
    if not sep or not dots:
        raise InvalidInput(f"--between '{shown(text)}' ska skrivas FÄLT=FRÅN..TILL.")
    return name.strip(), low.strip(), high.strip()


def _bound(value: str, name: str) -> Any:
    parsed_date = parse_date(value)
    if parsed_date is not None:
        return parsed_date
    number = parse_number(value)
    if number is None:
        raise InvalidInput(f"--between {shown(name)}: '{shown(value)}' är varken ett datum "
                           "(ÅÅÅÅ-MM-DD) eller ett tal.")
    return number


def _text_rows(handle: TextIO) -> Iterator[list[str]]:
    """csv.reader itself over the file (no generator around it: it is the hot loop)."""
    lines = handle.read(65536).splitlines()[:HEADER_SCAN]
    delimiter = max((";", "\t", ","), key=lambda d: sum(line.count(d) for line in lines))
    handle.seek(0)
    return csv_reader(handle, delimiter)


# In UTF-8 and Windows-1252 a control character is always one of these single bytes.
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])


def _sha256(handle: BinaryIO, name: str, text: bool) -> str:
    """The file's SHA-256; for a CSV also refuses control characters, in the same pass.

    Leaves the handle at its start."""
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
        if text and len(block.translate(None, _CONTROL_BYTES)) != len(block):
            raise InvalidInput(
                f"{shown(name)} kan inte läsas som text: fel teckenkodning eller inte en "
                "textfil. Spara filen som CSV (UTF-8) eller Excel (.xlsx).")
    handle.seek(0)
    return digest.hexdigest()


@contextmanager
def _decoded(handle: BinaryIO, encoding: str) -> Iterator[TextIO]:
    """The binary file read as text, from its start; the binary file stays open."""
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        yield text
    finally:
        text.detach()


def _encoding(handle: BinaryIO) -> str:
    head = handle.read(4)
    handle.seek(0)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    return "utf-8"


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a population is read and drawn from.

    Its full collections walk every row object made so far and hold the GIL for 100–300 ms,
    which freezes the window while a large file is handled in the background. The frame's
    objects form no cycles, so nothing is left uncollected. Nested use is harmless.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_population(request: Request, template: Template | None) -> Population:
    """Read, map and filter a population file into a frame sorted by reference."""
    with no_cyclic_gc():
        try:
            return _read_population(request, template)
        except csv.Error as error:
            raise InvalidInput(f"{shown(request.path.name)}: felaktig CSV: {csv_problem(error)}."
                               ) from None


def _read_population(request: Request, template: Template | None) -> Population:
    path = request.path
    kind, handle = open_table(path)
    with handle:
        if kind == "xlsx":
            digest = _sha256(handle, path.name, text=False)
            sheet, rows = xlsx_rows(path, request.sheet)
            return _build(request, template, sheet, rows, digest, xlsx=True)
        first = _encoding(handle)
        digest = _sha256(handle, path.name, text=first != "utf-16")
        for encoding in [first] if first != "utf-8" else [first, "cp1252"]:
            try:
                with _decoded(handle, encoding) as text:
                    rows = _text_rows(text)
                    if encoding == "utf-16":
                        rows = _checked(rows, path.name)
                    return _build(request, template, None, rows, digest, xlsx=False)
            except UnicodeDecodeError:
                continue
    raise InvalidInput(f"{shown(path.name)} kan inte läsas som text: okänd teckenkodning eller "
                       "inte en textfil. Spara filen som CSV (UTF-8) eller Excel (.xlsx).")


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
    name = shown(request.path.name)
    if not seen:
        raise InvalidInput(f"{shown(name)} är tom.")
    if not header_line:
        if request.header_row is not None:
            raise InvalidInput(f"{shown(name)} har ingen rad {request.header_row}.")
        raise InvalidInput(f"{shown(name)}: hittar ingen rubrikrad med kända kolumner (t.ex. "
                           "Ärendenummer, Handläggare, Beslutsdatum) bland de första "
                           f"{HEADER_SCAN} raderna. Ange rubrikraden med --header-row.")
    return header_line, seen[header_line - 1], seen[header_line:]


def _checked(rows: Iterator[list[str]], name: str) -> Iterator[list[str]]:
    """UTF-16 has NUL bytes in every character, so its control characters are checked here."""
    for row in rows:
        if any(CONTROL.search(cell) for cell in row):
            raise InvalidInput(f"{shown(name)}: oläslig text (fel teckenkodning eller inte en "
                               "textfil).")
        yield row


def _build(request: Request, template: Template | None, sheet: str | None,
           rows: Iterator[list[Any]], digest: str, xlsx: bool) -> Population:
    # The file and sheet names are stored in the record: a personnummer in them is masked.
    name = mask_personnummer(request.path.name)
    sheet = mask_personnummer(sheet) if sheet is not None else None
    norm: Callable[[Any], str] = normalise_cell if xlsx else str.strip
    header_line, headers, sample = _header(request, template, rows, norm)
    overrides = request.saved_mappings.get(signature(headers), {}) | request.overrides
    columns = map_columns(headers, template, overrides, sample, name)
    needed: dict[str, int] = {}
    for field_name in [*(w for w, _ in request.where), *(b for b, _, _ in request.between),
                       *(f for f in (request.spread, request.balance) if f)]:
        index = columns.index(field_name, name)
        if index in columns.identifying.values() and index != columns.fields[REFERENCE]:
            raise InvalidInput(f"{name}: kolumnen '{shown(field_name)}' innehåller personuppgifter "
                               "och kan inte användas i urvalet.")
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

    filters = _filters(request, template, columns, name)
    ref_index = columns.fields[REFERENCE]
    frame: dict[str, FrameCase] = {}
    skipped = {"tomt ärende": 0, "summa- eller rubrikrad": 0}
    read = kept = 0
    keep_identifying = bool(identifying)
    progress = request.progress
    for row in chain(sample, rows) if progress is None else _reporting(sample, rows, progress):
        try:
            raw = row[ref_index]
        except IndexError:
            raw = ""
        # The fast path for text; normalise_cell refuses an XLSX text over MAX_CELL.
        cell = raw.strip() if raw.__class__ is str and len(raw) <= MAX_CELL else norm(raw)
        if not cell:
            if any(norm(c) for c in row):
                read += 1
                first = norm(row[0]).casefold()
                skipped["summa- eller rubrikrad" if first.startswith(_SUM_START)
                        else "tomt ärende"] += 1
            continue
        read += 1
        if cell[0] in _SUM_INITIALS and cell.casefold().startswith(_SUM_START):
            skipped["summa- eller rubrikrad"] += 1
            continue
        passes = True
        for index, verdicts, test in filters:
            try:
                value = row[index]
            except IndexError:
                value = ""
            verdict = verdicts.get(value)
            if verdict is None:
                verdict = verdicts[value] = test(norm(value))
            if not verdict:
                passes = False
                break
        if not passes:
            continue
        kept += 1
        values = {k: norm(row[i]) if i < len(row) else "" for k, i in needed.items()}
        order = (_date_key(values.get(DATE_FIELD, "")), row)
        found = frame.get(cell)
        if found is None:
            frame[cell] = FrameCase(cell, values, _identifying(row, identifying, norm)
                                    if keep_identifying else {}, 1, order)
            continue
        found.rows += 1
        if _later(order, found.order, norm):
            found.values, found.order = values, order
            if keep_identifying:
                found.identifying = _identifying(row, identifying, norm)
    ordered = [frame[k] for k in sorted(frame)]
    for case in ordered:
        case.order = ("", [])  # the row is no longer needed
    return Population(name, digest, sheet, header_line, columns, read, skipped,
                      kept, ordered, needed, overrides)


def _reporting(sample: list[list[str]], rows: Iterator[list[Any]],
               progress: Callable[[int], None]) -> Iterator[list[Any]]:
    """The rows, telling ``progress`` how many have been read every 5 000 rows.

    This is the path of a read in the background under the GUI: every 2 000 rows the GIL is
    handed over explicitly, since a loop over csv.reader otherwise keeps the GUI thread waiting
    for 100 ms and more (CPython's switch interval does not help against that convoy).
    """
    for count, row in enumerate(chain(sample, rows), start=1):
        if count % 2000 == 0:
            time.sleep(0)
            if count % 5000 == 0:
                progress(count)
        yield row


def _rows_of(path: Path, sheet: str | None) -> tuple[str | None, Iterator[list[Any]], Any]:
    """(sheet, rows, file handle to close) for a preview or a column scan."""
    kind, raw = open_table(path)
    try:
        if kind == "xlsx":
            name, rows = xlsx_rows(path, sheet)
            return name, rows, raw
        first = _encoding(raw)
        _sha256(raw, path.name, text=first != "utf-16")  # refuses unreadable text first
        for encoding in [first] if first != "utf-8" else [first, "cp1252"]:
            handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
            try:
                handle.read()
            except UnicodeDecodeError:
                handle.detach()
                raw.seek(0)
                continue
            handle.seek(0)
            return None, _text_rows(handle), handle
    except BaseException:
        raw.close()
        raise
    raw.close()
    raise InvalidInput(f"{shown(path.name)} kan inte läsas som text: okänd teckenkodning.")


def preview(path: Path, sheet: str | None = None, limit: int = 30,
            template: Template | None = None) -> tuple[str | None, list[list[str]], int]:
    """The first rows as text, and the detected header row (1-based; 0 when none)."""
    name, rows, handle = _rows_of(path, sheet)
    try:
        found = [[normalise_cell(c) for c in row] for _, row in zip(range(limit), rows,
                                                                        strict=False)]
    finally:
        handle.close()
    header = next((n for n, row in enumerate(found, start=1)
                   if recognised(row, template) >= 2), 0)
    return name, found, header


def column_values(path: Path, sheet: str | None, header_row: int, column: int,
                  limit: int = 200, progress: Callable[[int], None] | None = None
                  ) -> list[str]:
    """The distinct values of one column below the header, for choosing filters."""
    name, rows, handle = _rows_of(path, sheet)
    seen: dict[str, None] = {}
    try:
        for count, row in enumerate(rows, start=1):
            if progress is not None and count % 5000 == 0:
                progress(count)
            if count <= header_row or column >= len(row):
                continue
            value = normalise_cell(row[column])
            if value and value not in seen:
                seen[value] = None
                if len(seen) >= limit:
                    break
    finally:
        handle.close()
    return sorted(seen)


@dataclass(frozen=True)
class _OneOf:
    """--where: the value, mapped to an attribute key where the field is an attribute."""

    allowed: frozenset[str]
    attribute: Attribute | None

    def __call__(self, text: str) -> bool:
        key = self.attribute.match(text) if self.attribute else None
        return (key or text.casefold()) in self.allowed


@dataclass(frozen=True)
class _Within:
    """--between: inclusive at both ends, for dates or numbers."""

    low: Any
    high: Any

    def __call__(self, text: str) -> bool:
        value = parse_date(text) if isinstance(self.low, date) else parse_number(text)
        return value is not None and self.low <= value <= self.high


Filter = tuple[int, dict[Any, bool], Callable[[str], bool]]


def _filters(request: Request, template: Template | None, columns: Columns, name: str
             ) -> list[Filter]:
    """(column, verdict cache, test) per filter. Verdicts are cached per raw cell value, since
    dates and codes repeat across thousands of rows."""
    attribute_of = {a.key: a for a in template.attributes} if template else {}
    filters: list[Filter] = []
    for field_name, accepted in request.where:
        index = columns.index(field_name, name)
        known = attribute_of.get(columns.field_of(index))
        allowed = frozenset((known.match(v) if known else None) or v.casefold()
                            for v in accepted)
        filters.append((index, {}, _OneOf(allowed, known)))
    for field_name, low, high in request.between:
        index = columns.index(field_name, name)
        filters.append((index, {}, _Within(_bound(low, field_name), _bound(high, field_name))))
    return filters


def _identifying(row: list[Any], columns: dict[str, int], norm: Callable[[Any], str]
                 ) -> dict[str, str]:
    return {h: norm(row[i]) if i < len(row) else "" for h, i in columns.items()}


@lru_cache(maxsize=8192)
def _date_key(text: str) -> str:
    when = parse_date(text)
    return when.isoformat() if when else text


def _later(new: tuple[str, list[Any]], old: tuple[str, list[Any]],
           norm: Callable[[Any], str]) -> bool:
    """Does the new row sort after (or with) the old by (date, full row text)?

    The row texts are joined only on a tie of dates, which most rows never have.
    """
    if new[0] != old[0]:
        return new[0] > old[0]
    return "\x1f".join(norm(c) for c in new[1]) >= "\x1f".join(norm(c) for c in old[1])
