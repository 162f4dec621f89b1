"""Finds Swedish personnummer and samordningsnummer in text.

A match needs a valid date (day + 60 for samordningsnummer) and a valid Luhn check digit, so that
ordinary numbers such as amounts or case numbers are not mistaken for a person.
"""

from __future__ import annotations

import re
from datetime import date

_PATTERN = re.compile(r"(?<![\d])(\d{8}|\d{6})([-+]?)(\d{4})(?![\d])")


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


def _is_personnummer(head: str, separator: str, tail: str, today: date) -> bool:
    if len(head) == 8:
        year, month, day = int(head[:4]), int(head[4:6]), int(head[6:8])
        short = head[2:]
    else:
        month, day = int(head[2:4]), int(head[4:6])
        year = _full_year(int(head[:2]), month, day, separator == "+", today)
        short = head
    return _valid_date(year, month, day) and _luhn_ok(short + tail)


def contains_personnummer(text: str, today: date | None = None) -> bool:
    """True when ``text`` holds something that is a valid personnummer or samordningsnummer."""
    if not text or len(text) < 10:
        return False
    when = today or date.today()
    return any(
        _is_personnummer(m.group(1), m.group(2), m.group(3), when) for m in _PATTERN.finditer(text)
    )
