"""Every XLSX file the program writes is made through this module (SPEC § 7.2).

Strings come from files and people: a population file's headers, review labels, template texts.
xlsxwriter's ``write`` would turn a string that starts with '=' into a live formula and one that
starts with 'http' into a hyperlink. Here the workbook's options switch both off (and the
guessing of numbers), and ``Sheet`` writes every string with ``write_string``, so a string is a
string whatever it starts with. The reports never touch xlsxwriter themselves, so a new sheet
cannot forget.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

# The options that make xlsxwriter keep a string a string, even through write() and merge_range.
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}
_SHEET_NAME_MAX = 31  # Excel's limit
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot hold. An XLSX or DOCX file with one is broken (Excel and Word refuse
# it; lxml refuses to write it), so a label or text typed with one loses them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

Cell = str | int | float | None


def xml_text(text: str) -> str:
    """``text`` without the characters an XML file cannot hold."""
    return _NOT_XML.sub("", text)


class Sheet:
    """One worksheet; cells are written by type, strings always as strings."""

    def __init__(self, worksheet: Any) -> None:
        self._ws = worksheet

    def cell(self, row: int, col: int, value: Cell, fmt: Any = None) -> None:
        if value is None:
            self._ws.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):  # a bool is an int; say it in words rather than 1/0
            self._ws.write_string(row, col, "ja" if value else "nej", fmt)
        elif isinstance(value, int | float):
            self._ws.write_number(row, col, value, fmt)
        else:
            self._ws.write_string(row, col, xml_text(str(value)), fmt)

    def row(self, row: int, col: int, values: Iterable[Cell], fmt: Any = None) -> None:
        for offset, value in enumerate(values):
            self.cell(row, col + offset, value, fmt)

    def merged(self, first: tuple[int, int], last: tuple[int, int], text: str,
               fmt: Any = None) -> None:
        self._ws.merge_range(*first, *last, "", fmt)
        self._ws.write_string(*first, xml_text(text), fmt)

    def set_column(self, first: int, last: int, width: float) -> None:
        self._ws.set_column(first, last, width)

    def set_row(self, row: int, height: float) -> None:
        self._ws.set_row(row, height)

    def freeze_panes(self, row: int, col: int) -> None:
        self._ws.freeze_panes(row, col)


class Book:
    """An XLSX file being written; ``close`` writes it to disk."""

    def __init__(self, target: Path | BinaryIO) -> None:
        import xlsxwriter  # noqa: TID251 (the one place that may)

        if isinstance(target, Path):
            self._workbook = xlsxwriter.Workbook(str(target), SAFE_OPTIONS)
        else:  # a buffer, saved afterwards as a private file
            self._workbook = xlsxwriter.Workbook(target, SAFE_OPTIONS | {"in_memory": True})
        self._names: set[str] = set()

    def format(self, properties: dict[str, Any]) -> Any:
        return self._workbook.add_format(properties)

    def sheet(self, name: str) -> Sheet:
        """A new sheet; ``name`` (often from a label) is made a valid, unused sheet name."""
        name = sheet_name(name, self._names)
        self._names.add(name.casefold())
        return Sheet(self._workbook.add_worksheet(name))

    def close(self) -> None:
        self._workbook.close()


def sheet_name(wanted: str, used: Sequence[str] | set[str] = ()) -> str:
    """``wanted`` as Excel accepts it: no []:*?/\\, no edge quotes, ≤ 31 characters, unique."""
    taken = {u.casefold() for u in used}
    base = _SHEET_NAME_BAD.sub(" ", xml_text(wanted)).strip().strip("'").strip() or "Blad"
    if base.casefold() == "history":  # reserved by Excel
        base = "History 1"
    name, counter = _fit(base, _SHEET_NAME_MAX), 1
    while name.casefold() in taken:
        counter += 1
        suffix = f" ({counter})"
        name = _fit(base, _SHEET_NAME_MAX - len(suffix)) + suffix
    return name


def _fit(text: str, units: int) -> str:
    """``text`` cut to ``units`` UTF-16 code units (how Excel counts), without an edge quote."""
    while len(text.encode("utf-16-le")) > 2 * units:
        text = text[:-1]
    return text.rstrip("'").rstrip() or "Blad"
