"""Reads a case-system export into a sampling frame, streaming, without keeping the file.

Only the fields the draw needs are normalised and kept: the reference, filter, spread and
balance fields, the template's attributes, and (for the work list) the identifying columns.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import MAX_CELL, shown
from internkontroll.core.personnummer import mask_personnummer
from internkontroll.core.templates import Template
from internkontroll.core.values import parse_date
from internkontroll.importers.columns import (
    DATE_FIELD,
    REFERENCE,
    Columns,
    map_columns,
    recognised,
    signature,
)
from internkontroll.importers.filters import filters_of, parse_between, parse_where
from internkontroll.importers.tabular import normalise_cell, table_rows

__all__ = ["FrameCase", "Population", "Request", "column_values", "no_cyclic_gc",
           "parse_between", "parse_where", "preview", "read_population"]

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
    with no_cyclic_gc(), table_rows(request.path, request.sheet) as source:
        return _build(request, template, source.sheet, source.rows, source.sha256, source.xlsx)


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

    filters = filters_of(request, template, columns, name)
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


def preview(path: Path, sheet: str | None = None, limit: int = 30,
            template: Template | None = None) -> tuple[str | None, list[list[str]], int]:
    """The first rows as text, and the detected header row (1-based; 0 when none)."""
    with table_rows(path, sheet) as source:
        found = [[normalise_cell(c) for c in row]
                 for _, row in zip(range(limit), source.rows, strict=False)]
    header = next((n for n, row in enumerate(found, start=1)
                   if recognised(row, template) >= 2), 0)
    return source.sheet, found, header


def column_values(path: Path, sheet: str | None, header_row: int, column: int,
                  limit: int = 200, progress: Callable[[int], None] | None = None
                  ) -> list[str]:
    """The distinct values of one column below the header, for choosing filters."""
    seen: dict[str, None] = {}
    with table_rows(path, sheet) as source:
        for count, row in enumerate(source.rows, start=1):
            if progress is not None and count % 5000 == 0:
                progress(count)
            if count <= header_row or column >= len(row):
                continue
            value = normalise_cell(row[column])
            if value and value not in seen:
                seen[value] = None
                if len(seen) >= limit:
                    break
    return sorted(seen)


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
