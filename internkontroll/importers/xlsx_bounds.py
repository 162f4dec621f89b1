"""Checks an XLSX file before python-calamine reads it (SPEC § 7.2).

calamine allocates the whole bounding box of a sheet's cells at once, so an 8 kB file with one
cell at XFD1048576 makes it ask for 549 GB and abort the process. Here every part is
decompressed as a stream with a cap (the sizes a zip declares can lie), and every sheet's
<dimension> and cell references are scanned for the largest row and column, against
core/limits.py. Nothing here builds a tree of the XML.

The scan is a C-speed regular-expression search that only stops at a cell above the largest
row or column seen so far, or at a cell written in an unusual form (no reference, attributes
in another order, a namespace prefix); an unusual file is then scanned exactly, tag by tag.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

from internkontroll.core.errors import InvalidInput
from internkontroll.core.inputs import size_text
from internkontroll.core.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_PART,
    MAX_XLSX_TOTAL,
    shown,
)

_CHUNK = 1 << 20
_MAX_PARTS = 10_000
_MAX_RAISES = 2_000  # bar raises in one part before the exact scan takes over
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_LAST_ROW = re.compile(rb'<row r="(\d{1,12})"')
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_PREFIXED = re.compile(rb":c[\s/>]")  # a cell tag with a namespace prefix
_OTHER = re.compile(rb"<c[\t\r\n/>]")
_USUAL = re.compile(rb'<c r="([A-Z]{1,7})([0-9]{1,12})"')
_R = re.compile(rb"(?:^|\s)r\s*=\s*[\"']\s*([A-Za-z]*)(\d*)")


@dataclass
class _Extent:
    rows: int = 0
    columns: int = 0


def column_number(letters: bytes) -> int:
    """b'A' → 1, b'XFD' → 16384 (any case)."""
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


def _greater(text: str, digit: str, first: str) -> str:
    """A pattern for strings over the alphabet ``digit`` that name a larger number than
    ``text``: longer (without a leading zero), or as long and larger at the first difference."""
    alts = [f"{first}{digit}{{{len(text)},}}"]
    for i, ch in enumerate(text):
        rest = len(text) - i - 1
        if ch != digit[-2]:
            alts.append(f"{re.escape(text[:i])}[{chr(ord(ch) + 1)}-{digit[-2]}]{digit}{{{rest}}}")
    return "(?:" + "|".join(alts) + ")"


@lru_cache(maxsize=256)
def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """A cell <c r="B7"… whose row or column is beyond the extent, or whose reference is not
    upper-case letters and digits without a leading zero. The literal start keeps the search
    at C speed."""
    col = _greater(_column_name(columns), "[A-Z]", "[A-Z]") if columns else "[A-Z]"
    row = _greater(str(rows), "[0-9]", "[1-9]") if rows else "[0-9]"
    return re.compile(f'<c r="(?:{col}[0-9]|[A-Z]*+(?:{row}|[^A-Z1-9]))'.encode())


def _unusual(data: bytes) -> bool:
    """A cell tag in another form than <c r="…: no reference, another attribute first, or a
    namespace prefix. Excel and every exporter seen write the usual form."""
    return data.count(b"<c ") != data.count(b'<c r="') or bool(
        _OTHER.search(data) or _PREFIXED.search(data))


def check_workbook(handle: BinaryIO, name: str) -> None:
    """Refuse ``handle`` (an XLSX file) if it is not a zip, or any part or sheet is over the
    limits. Leaves the handle at its start."""
    label = shown(name)
    broken = InvalidInput(f"{label} är ingen giltig Excel-fil (filen är trasig eller inte en "
                          "xlsx-fil).")
    try:
        with zipfile.ZipFile(handle) as archive:
            parts = archive.infolist()
            if len(parts) > _MAX_PARTS:
                raise InvalidInput(f"{label} har fler än {_MAX_PARTS} delar och läses inte.")
            total = 0
            for part in parts:
                total += _check_part(archive, part, label, MAX_XLSX_TOTAL - total)
    except InvalidInput:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            NotImplementedError, RuntimeError, ValueError):
        # broken or encrypted zips, unsupported compression, bad CRC
        raise broken from None
    handle.seek(0)


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, label: str, left: int) -> int:
    """The part's real uncompressed size, after scanning it for cells."""
    cap = min(MAX_XLSX_PART, left)
    if part.file_size > cap:
        _too_big(label, part.file_size, cap)
    size = 0
    extent = _Extent()
    scanner = _Scanner(extent, label)
    tail = b""
    with archive.open(part) as stream:
        while block := stream.read(_CHUNK):
            size += len(block)
            if size > cap:
                _too_big(label, size, cap)
            data = tail + block
            cut = data.rfind(b">") + 1  # never split a tag between two chunks
            if len(data) - cut > 65536:  # a tag this long is no cell; do not keep it all
                cut = len(data) - 64
            scanner.feed(data[:cut])
            tail = data[cut:]
    scanner.feed(tail)
    return size


def _too_big(label: str, size: int, cap: int) -> None:
    raise InvalidInput(f"{label} är för stor uppackad (över {size_text(min(size, cap))}); "
                       f"gränsen är {size_text(cap)} för en del av filen och "
                       f"{size_text(MAX_XLSX_TOTAL)} totalt.")


class _Scanner:
    """The largest row and column of the cells in one part, checked as they grow."""

    def __init__(self, extent: _Extent, label: str) -> None:
        self.extent = extent
        self.label = label
        self.exact = False
        self.raises = 0
        self.row = 0  # the exact scan's current row and column, as calamine counts them
        self.column = 0

    def feed(self, data: bytes) -> None:
        if b"dimension" in data:
            for found in _DIMENSION.finditer(data):
                self._dimension(found[1])
        if not self.exact:
            self._fast(data)
        if self.exact:
            self._exact(data)

    def _fast(self, data: bytes) -> None:
        # The last row of the chunk sets the bar for rows, so that its cells pass unseen.
        last = data.rfind(b"<row ")
        if last >= 0 and (found := _LAST_ROW.match(data, last)):
            self._grow(int(found[1]), 0)
        if _unusual(data):
            self.exact = True
            self.row = self.extent.rows
            return
        position = 0
        while found := _beyond(self.extent.rows, self.extent.columns).search(data, position):
            cell = _USUAL.match(data, found.start())
            if cell is None or self.raises > _MAX_RAISES:
                self.exact = True  # an unusual form: count every tag of this part instead
                self.row = self.extent.rows
                return
            self.raises += 1
            self._grow(int(cell[2]), column_number(cell[1]))
            position = found.end()

    def _exact(self, data: bytes) -> None:
        for found in _TAG.finditer(data):
            closing, kind, attributes = found.groups()
            if kind == b"row":
                if closing:
                    self.column = 0
                    continue
                ref = _R.search(attributes)
                self.row = int(ref[2]) if ref and ref[2] else self.row + 1
                self.column = 0
                self._grow(self.row, 0)
                continue
            if closing:
                continue
            ref = _R.search(attributes)
            if ref and ref[2]:
                self.row = int(ref[2])
            self.column = column_number(ref[1]) if ref and ref[1] else self.column + 1
            self._grow(max(self.row, 1), self.column)

    def _grow(self, rows: int, columns: int) -> None:
        extent = self.extent
        extent.rows = max(extent.rows, rows)
        extent.columns = max(extent.columns, columns)
        _within(extent.rows, extent.columns, self.label, "")

    def _dimension(self, ref: bytes) -> None:
        last = ref.split(b":")[-1].strip()
        found = re.fullmatch(rb"\$?([A-Za-z]{1,10})\$?(\d{1,12})", last)
        if found:
            _within(int(found[2]), column_number(found[1]), self.label, "enligt bladets mått ")


def _within(rows: int, columns: int, label: str, how: str) -> None:
    if rows > MAX_ROWS:
        raise InvalidInput(f"{label}: ett blad har {how}{rows:,} rader; gränsen är "
                           f"{MAX_ROWS:,} rader.".replace(",", "\u00a0"))
    if columns > MAX_COLUMNS:
        raise InvalidInput(f"{label}: ett blad har {how}{columns:,} kolumner; gränsen är "
                           f"{MAX_COLUMNS:,} kolumner.".replace(",", "\u00a0"))
    if rows * columns > MAX_CELLS:
        raise InvalidInput(f"{label}: ett blad spänner {how}över {rows:,} rader × {columns:,} "
                           f"kolumner; gränsen är {MAX_CELLS:,} celler.".replace(",", "\u00a0"))
