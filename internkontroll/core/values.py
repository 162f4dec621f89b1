"""Parsing dates and numbers as they appear in Swedish case-system exports."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_MONTHS = {"jan": 1, "januari": 1, "feb": 2, "februari": 2, "mar": 3, "mars": 3, "apr": 4,
           "april": 4, "maj": 5, "jun": 6, "juni": 6, "jul": 7, "juli": 7, "aug": 8,
           "augusti": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10,
           "nov": 11, "november": 11, "dec": 12, "december": 12}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./ -](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})$")


@lru_cache(maxsize=8192)  # exports repeat the same few hundred dates
def parse_date(text: str) -> date | None:
    """2022-04-01, 20220401, 1/4 2022, 1.4.2022, 1 april 2022; ``None`` when not a date."""
    value = text.strip().casefold()
    parts: tuple[int, int, int] | None = None
    if (m := _ISO.match(value)) or (m := _COMPACT.match(value)):
        parts = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(value):
        parts = int(m[3]), int(m[2]), int(m[1])
    elif (m := _WORDS.match(value)) and m[2] in _MONTHS:
        parts = int(m[3]), _MONTHS[m[2]], int(m[1])
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def parse_number(text: str) -> Decimal | None:
    """'1 234,50' or '1234.5'; ``None`` when not a finite number.

    Decimal also reads 'NaN', 'sNaN' and 'Infinity'; a NaN raises when compared, so those are
    not numbers here.
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not value or len(value) > 100:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
