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
import struct
import zipfile
import zlib
from collections.abc import Iterator
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

_CHUNK = 4 << 20  # large enough that the pattern is recompiled rarely
_MAX_PARTS = 10_000
_MAX_TAG = 1 << 20  # bytes in one XML tag, attributes included
_MAX_RAISES = 2_000  # bar raises in one part before the exact scan takes over
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_LAST_ROW = re.compile(rb'<row r="(\d{1,12})"')
_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_PREFIXED = re.compile(rb":c[\s/>]")  # a cell tag with a namespace prefix
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


def _at_most(text: str, low: str, first: str, any_: str) -> str:
    """A pattern for the strings over ``any_`` (characters ``low``…) that name a number of at
    most ``text``: shorter (``first`` excludes a leading zero), or as long and not larger.
    Written as a trie, so most references are decided at their first characters."""
    same = _trie(text, low if len(text) == 1 else first[1], any_)
    if len(text) == 1:
        return same
    # As long first: most references in a large sheet are; possessive, so no backtracking.
    return f"(?:{same}|{first}{any_}{{0,{len(text) - 2}}}+)"


def _trie(text: str, low: str, any_: str) -> str:
    head, rest = text[0], len(text) - 1
    if not rest:
        return f"[{low}-{head}]"
    alts = [re.escape(head) + _trie(text[1:], any_[1], any_)]
    if head != low:
        alts.insert(0, f"[{low}-{chr(ord(head) - 1)}]{any_}{{{rest}}}")
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


@lru_cache(maxsize=256)
def _beyond(rows: int, columns: int) -> re.Pattern[bytes]:
    """Any cell tag but <c r="B7" with a reference within the extent: a cell beyond it, a
    reference in another form, or another form of tag. The literal start keeps the search at
    C speed, and cells within the extent fail at the lookahead."""
    if rows and columns:
        letters = _at_most(_column_name(columns), "A", "[A-Z]", "[A-Z]")
        digits = _at_most(str(rows), "1", "[1-9]", "[0-9]")
        fits = f'(?! r="{letters}{digits}")'
    else:
        fits = ""
    return re.compile(f"<c(?=[\\s/>]){fits}".encode())


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
            total += _check_part(handle, part, label, MAX_XLSX_TOTAL - total)
    except InvalidInput:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            ValueError, struct.error):
        raise broken from None
    handle.seek(0)


def _check_part(handle: BinaryIO, part: zipfile.ZipInfo, label: str, left: int) -> int:
    """The part's real uncompressed size, after scanning it for cells.

    The compressed data is inflated here rather than through zipfile, which trusts the size
    the zip declares and would stop there; calamine may not.
    """
    cap = min(MAX_XLSX_PART, left)
    if part.file_size > cap:
        _too_big(label, part.file_size, cap)
    if part.flag_bits & 1:
        raise InvalidInput(f"{label} är krypterad och kan inte läsas.")
    if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InvalidInput(f"{label} är packad på ett sätt som Excel inte använder och läses "
                           "inte.")
    scanner = _Scanner(label)
    size = 0
    tail = b""
    for block in _inflated(handle, part, cap):
        size += len(block)
        if size > cap:
            _too_big(label, size, cap)
        data = tail + block
        cut = _complete(data, label)
        scanner.feed(data[:cut])
        tail = data[cut:]
    scanner.feed(tail)
    return size


def _complete(data: bytes, label: str) -> int:
    """Where the complete tags of ``data`` end: a tag is never split between two chunks."""
    start, end = data.rfind(b"<"), data.rfind(b">")
    if start < end or start < 0:
        return len(data) if start < 0 else end + 1  # the rest is text
    if len(data) - start > _MAX_TAG:
        raise InvalidInput(f"{label} är ingen giltig Excel-fil (en XML-tagg är längre än "
                           f"{size_text(_MAX_TAG)}).")
    return start


def _inflated(handle: BinaryIO, part: zipfile.ZipInfo, cap: int) -> Iterator[bytes]:
    """The part's data in blocks of at most _CHUNK bytes, never inflating more than cap + 1."""
    handle.seek(part.header_offset)
    header = handle.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(part.header_offset + 30 + name_length + extra_length)
    left = part.compress_size
    inflate = zlib.decompressobj(-15) if part.compress_type == zipfile.ZIP_DEFLATED else None
    produced = 0
    while left > 0 and produced <= cap:
        raw = handle.read(min(_CHUNK, left))
        if not raw:
            raise zipfile.BadZipFile
        left -= len(raw)
        if inflate is None:
            produced += len(raw)
            yield raw
            continue
        while raw and produced <= cap:
            block = inflate.decompress(raw, _CHUNK)  # a bomb inflates a block at a time
            raw = inflate.unconsumed_tail
            produced += len(block)
            if block:
                yield block
            if inflate.eof:
                return


def _too_big(label: str, size: int, cap: int) -> None:
    raise InvalidInput(f"{label} är för stor uppackad (över {size_text(min(size, cap))}); "
                       f"gränsen är {size_text(cap)} för en del av filen och "
                       f"{size_text(MAX_XLSX_TOTAL)} totalt.")


class _Scanner:
    """The largest row and column of the cells in one part, checked as they grow."""

    def __init__(self, label: str) -> None:
        self.extent = _Extent()
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
        if _PREFIXED.search(data):
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
