"""Finds Swedish personnummer and samordningsnummer in text, and the guard on stored strings.

A match needs a valid date (day + 60 for samordningsnummer) and a valid Luhn check digit, so that
ordinary numbers such as amounts or case numbers are not mistaken for a person. Text is
normalised first (SPEC § 7.1): NFKC, invisible format characters removed, every dash mapped to
'-', and white space allowed around the separator, so that a number typed or pasted with an en
dash, a no-break space or a zero-width space between date and number is still found.

``refuse_personnummer`` is the one guard every storing path calls; its message never repeats the
number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from internkontroll.core.errors import InvalidInput

# Date part, optional white space, optional separator, optional white space, four digits.
# '_' is a separator too: keys made from a text turn '-' into '_' ("k_811218_9876").
_PATTERN = re.compile(r"(?<!\d)(\d{8}|\d{6})\s*([-+_]?)\s*(\d{4})(?!\d)")
# Characters that are dashes or minus signs without being Unicode dash punctuation (Pd).
_OTHER_DASHES = frozenset("\u2212\u2043\u02d7\u2796\u208b\u207b\ufe63\uff0d")
# A whole cell that is a number, as Excel stores it: 8112189876, 8112189876.0, 8,11219E+09.
_NUMERIC = re.compile(r"^\s*[0-9][0-9.,]*(?:[eE][+]?[0-9]+)?\s*$")
MASK = "ÅÅMMDD-XXXX"
_DIGIT_RUN = re.compile(r"(?<!\d)(?:\d{8,9}|\d{11})(?!\d)")


def normalise(text: str) -> str:
    """``text`` as the detector reads it: NFKC, no format characters, every dash as '-'."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKC", text)
    return "".join(
        "-" if char in _OTHER_DASHES or unicodedata.category(char) == "Pd" else char
        for char in folded if unicodedata.category(char) != "Cf"
    )


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_date(year: int, month: int, day: int) -> bool:
    if day > 60:
        day -= 60  # samordningsnummer
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _full_year(yy: int, month: int, day: int, plus: bool, today: date) -> int:
    """The century that makes the date the most recent past date; '+' adds 100 years of age."""
    year = today.year - (today.year - yy) % 100
    real_day = day - 60 if day > 60 else day
    try:
        if date(year, month, real_day) > today:
            year -= 100
    except ValueError:
        # 29 February in a year that is not a leap year: try the century before.
        year -= 100
    return year - 100 if plus else year


def _date_and_check(head: str, separator: str, tail: str, today: date) -> tuple[bool, bool]:
    """(the date part is a valid date, the check digit is right)."""
    head, tail = "".join(str(int(c)) for c in head), "".join(str(int(c)) for c in tail)
    if len(head) == 8:
        year, month, day = int(head[:4]), int(head[4:6]), int(head[6:8])
        short = head[2:]
    else:
        month, day = int(head[2:4]), int(head[4:6])
        year = _full_year(int(head[:2]), month, day, separator == "+", today)
        short = head
    if not _valid_date(year, month, day):
        return False, False
    return True, _luhn_ok(short + tail)


def _spans(text: str, today: date, loose: bool) -> Iterator[tuple[int, int]]:
    """Spans in ``text`` (already normalised) of personnummer; with ``loose`` also of
    ÅÅMMDD-NNNN forms with a separator and a valid date but any check digit."""
    for match in _PATTERN.finditer(text):
        head, separator, tail = match.groups()
        dated, checked = _date_and_check(head, separator, tail, today)
        if checked or (loose and dated and separator in "-+" and separator):
            yield match.span()


def contains_personnummer(text: str, today: date | None = None) -> bool:
    """True when ``text`` holds something that is a valid personnummer or samordningsnummer."""
    if not text or len(text) < 10:
        return False
    return next(_spans(normalise(text), today or date.today(), False), None) is not None


def looks_like_personnummer(text: str, today: date | None = None) -> bool:
    """True when ``text`` holds a ÅÅMMDD-NNNN (or ÅÅÅÅMMDD-NNNN) with a valid date and any
    check digit: a mistyped personnummer is still a person's number (SPEC § 7.1)."""
    if not text or len(text) < 11:
        return False
    return next(_spans(normalise(text), today or date.today(), True), None) is not None


def _cell_digits(value: str) -> str | None:
    """The digits of a cell that is a whole number, with the leading zeros Excel dropped put
    back: 908215940 is 090821-5940 (born 2001–2009), 8 digits are born in October–December
    2000, 11 digits a 12-digit form. Seven digits (born January–September 2000) are not
    padded: one ordinary 7-digit number in 16 would pass date and check digit."""
    if not _NUMERIC.match(value):
        return None
    text = value.strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or number != number.to_integral_value():
        return None
    digits = str(int(number))
    return {8: "00", 9: "0", 11: "0"}.get(len(digits), "") + digits


def cell_contains_personnummer(value: str, today: date | None = None) -> bool:
    """``contains_personnummer`` for a cell of a file, which also reads numeric cells: XLSX
    floats (8112189876.0) and numbers whose leading zero Excel dropped."""
    if contains_personnummer(value, today):
        return True
    digits = _cell_digits(value) if value and len(value) >= 8 else None
    return digits is not None and contains_personnummer(digits, today)


def cell_looks_like_personnummer(value: str, today: date | None = None) -> bool:
    """A cell that is, or looks like, a personnummer: valid ones in any form, and a whole cell
    of 10 or 12 digits (or a ÅÅMMDD-NNNN) with a valid date and any check digit."""
    if cell_contains_personnummer(value, today) or looks_like_personnummer(value, today):
        return True
    digits = _cell_digits(value) if value and len(value) >= 8 else None
    if digits is None or len(digits) not in (10, 12):
        return False
    return _date_and_check(digits[:-4], "", digits[-4:], today or date.today())[0]


def mentions_personnummer(text: str, today: date | None = None) -> bool:
    """Anything a message must not quote: a personnummer, a look-alike, or a numeric one."""
    return cell_looks_like_personnummer(text, today)


def mask_personnummer(text: str, today: date | None = None) -> str:
    """``text`` with every personnummer (and look-alike, and 9- or 11-digit number that is one
    without its leading zero) replaced by ÅÅMMDD-XXXX, e.g. for a file name that is stored;
    unchanged when it holds none."""
    when = today or date.today()
    normal = normalise(text)
    spans = list(_spans(normal, when, True))
    spans += [m.span() for m in _DIGIT_RUN.finditer(normal)
              if cell_contains_personnummer(m.group(), when)]
    if not spans:
        return text
    parts, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            parts += [normal[last:start], MASK]
            last = end
    return "".join([*parts, normal[last:]])


def refuse_personnummer(text: str, what: str, *, free_text: bool = False, cell: bool = False,
                        today: date | None = None) -> None:
    """Raise ``InvalidInput`` when ``text`` holds a personnummer. The one guard for every
    stored string; call it on each field on its own, never on texts joined together.

    ``what`` names the field ("Anteckningen", "Rubriken i kolumn 3") and must not quote the
    value. ``free_text`` also refuses a ÅÅMMDD-NNNN with a wrong check digit, with a softer
    message; ``cell`` also reads numeric cells (``cell_contains_personnummer``).
    """
    if not text:
        return
    found = cell_contains_personnummer(text, today) if cell else contains_personnummer(
        text, today)
    if found:
        raise InvalidInput(f"{what} innehåller ett personnummer. Personnummer lagras aldrig "
                           "i Internkontroll; ta bort det.")
    if free_text and looks_like_personnummer(text, today):
        raise InvalidInput(f"{what} innehåller något som ser ut som ett personnummer. "
                           "Personnummer lagras aldrig i Internkontroll; ta bort det.")
