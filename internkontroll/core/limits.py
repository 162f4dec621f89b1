"""Bounds on every input the app reads (SPEC § 7.2), and how an input value may appear in a message.

Every reader checks its input against these before it trusts it; the README's section on files
lists them. Messages quote an input value only through ``shown`` (SPEC § 7.1).
"""

from __future__ import annotations

import re

from internkontroll.core.personnummer import mentions_personnummer

MAX_CELL = 131_072  # characters in one CSV field or XLSX cell
MAX_NOTE = 2_000  # characters in one note on an assessment
MAX_TOML_DEPTH = 4  # nesting of tables and arrays in a TOML file
MAX_TOML_BYTES = 1 << 20  # a texts or template file
MAX_TABLE_BYTES = 256 << 20  # a CSV or XLSX file on disk
MAX_XLSX_PART = 1 << 30  # the uncompressed size of one part of an XLSX file
MAX_ROWS = 1_048_576  # rows of one sheet or CSV file (Excel's own maximum)
MAX_COLUMNS = 1_000  # columns of one sheet or CSV file
MAX_CELLS = 20_000_000  # rows × columns of one sheet's declared or used range
MAX_MESSAGE = 300  # characters in one message line
MAX_SHOWN = 60  # characters of an input value quoted in a message
_BREAKS = re.compile(r"[ \t\r\n\v\f\x1c-\x1f\x85\u2028\u2029]+")


def shown(value: object) -> str:
    """``value`` as it may be quoted in a message: never a personnummer, at most 60 characters."""
    text = " ".join(str(value).split())
    if mentions_personnummer(text):
        return "(ett personnummer)"
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def one_line(message: str) -> str:
    """A message as one line of at most 300 characters."""
    text = _BREAKS.sub(" ", message).strip()  # no-break spaces stay, as in "1 000"
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
MAX_XLSX_TOTAL = 2 << 30  # the uncompressed size of all parts of an XLSX file together
MAX_LOGO_BYTES = 20 << 20  # the logotype image file
MAX_COUNT = 1_000_000  # one count in a review counts file, and the highest löpnummer
