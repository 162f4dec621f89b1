"""Hypothesis strategies for personnummer in every form a user, an export or Excel writes them.

Written independently of the detector: the check digit comes from tests/core/test_personnummer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st

from tests.core.test_personnummer import check_digit

TODAY = date(2026, 11, 24)

# Between the date and the number: dashes of every kind, minus signs, spaces, nothing.
SEPARATORS = ["-", "", " ", "\u00a0", "\u202f", "\u2009", "\t", "\u2010", "\u2011", "\u2012",
              "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d", "\u2043", " - ",
              " \u2013 ", "\u00a0-\u00a0", "  \u2014 "]
DASHES = [s for s in SEPARATORS if s.strip(" \u00a0\u202f\u2009\t")]
# Invisible characters a paste can carry into the middle of a number.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class Pnr:
    """One person's number: born, the ten digits ÅÅMMDDNNNK, and the century."""

    born: date
    ten: str
    samordning: bool

    @property
    def twelve(self) -> str:
        return f"{self.born.year // 100}{self.ten}"

    @property
    def old(self) -> bool:
        return (TODAY.year - self.born.year) - ((TODAY.month, TODAY.day) <
                                                (self.born.month, self.born.day)) >= 100

    def pattern(self) -> re.Pattern[bytes]:
        """Finds the number in stored bytes, with anything short between date and number
        (a separator, an escaped dash in JSON, a space)."""
        return re.compile(re.escape(self.ten[:6].encode()) + rb".{0,14}?"
                          + re.escape(self.ten[6:].encode()), re.DOTALL)


@st.composite
def pnrs(draw: st.DrawFn, earliest: date = date(1880, 1, 1), latest: date = TODAY,
         samordning: bool | None = None) -> Pnr:
    born = draw(st.dates(earliest, latest))
    coordinated = draw(st.booleans()) if samordning is None else samordning
    day = born.day + (60 if coordinated else 0)
    nine = f"{born:%y%m}{day:02d}{draw(st.integers(0, 999)):03d}"
    return Pnr(born, nine + check_digit(nine), coordinated)


@st.composite
def written(draw: st.DrawFn, pnr: Pnr) -> str:
    """The number as a person might type or paste it: short or long, any separator, maybe with
    invisible characters, maybe in fullwidth digits."""
    long = draw(st.booleans())
    head, tail = (pnr.twelve[:8], pnr.ten[6:]) if long else (pnr.ten[:6], pnr.ten[6:])
    if not long and pnr.old:
        separator = draw(st.sampled_from(["+", " + ", "\u00a0+"]))
    else:
        separator = draw(st.sampled_from(SEPARATORS))
    text = head + separator + tail
    if draw(st.booleans()):
        position = draw(st.integers(1, len(text) - 1))
        text = text[:position] + draw(st.sampled_from(INVISIBLE)) + text[position:]
    if draw(st.integers(0, 5)) == 0:
        text = text.translate(FULLWIDTH)
    return text


def wrong_check(pnr: Pnr) -> str:
    """The ten digits with a wrong check digit: a mistyped number."""
    return pnr.ten[:9] + str((int(pnr.ten[9]) + 1) % 10)


def numeric_forms(pnr: Pnr) -> list[str]:
    """How a spreadsheet holds the number as a number: the leading zero dropped, as a float.
    (Seven digits, born January–September 2000, are left to the column's header and content.)"""
    if len(str(int(pnr.ten))) < 8:
        return [str(int(pnr.twelve)), f"{int(pnr.twelve)}.0"]
    return [str(int(pnr.ten)), f"{int(pnr.ten)}.0", str(int(pnr.twelve)), f"{int(pnr.twelve)}.0"]


# Text around a number that never joins its digits.
surrounding = st.text(alphabet="abcåäö ÅÄÖ.,:;()", max_size=12)
